// Pod affinity matchLabelKeys / mismatchLabelKeys (MatchLabelKeysInPodAffinity,
// beta and on by default in v1.32): when a pod is created, each key of a
// podAffinityTerm's matchLabelKeys whose label the pod carries becomes
// `key In (value)` in the term's labelSelector, and each mismatchLabelKeys
// key becomes `key NotIn (value)`, as upstream's pod strategy does in
// PrepareForCreate. The scheduler then only reads labelSelector. Terms
// without a labelSelector are left alone (nil selects nothing anyway);
// keys the pod lacks add nothing. Validation checks the keys afterwards.
//
// Thread safety: a pure function.
#pragma once

#include <boost/json/object.hpp>

namespace kubepp::apiserver {

// `pod` is a Pod being created; rewrites the labelSelectors of its
// podAffinity and podAntiAffinity terms (required and preferred).
void MergeAffinityLabelKeys(boost::json::object& pod);

}  // namespace kubepp::apiserver
