// DefaultTolerationSeconds: the admission step upstream enables by default
// that gives every new pod 300 s of tolerance for its node becoming
// not-ready or unreachable (NoExecute), unless the pod already tolerates
// that taint. The node lifecycle controller evicts pods from such nodes
// once their tolerationSeconds have passed.
// Thread safety: a pure function.
#pragma once

#include <cstdint>

#include <boost/json/object.hpp>

namespace kubepp::apiserver {

inline constexpr int64_t kDefaultNotReadyTolerationSeconds = 300;
inline constexpr int64_t kDefaultUnreachableTolerationSeconds = 300;

// `pod` is a Pod being created; adds the missing tolerations to spec.tolerations.
void AddDefaultTolerationSeconds(boost::json::object& pod);

}  // namespace kubepp::apiserver
