// metav1.LabelSelector ({matchLabels, matchExpressions}) as workloads carry
// it: validation (unversioned ValidateLabelSelector), matching against a
// template's labels, and the text upstream prints for it in messages.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "api/validation/field_errors.h"

namespace kubepp::api::validation {

ErrorList ValidateLabelSelector(const boost::json::object* selector, const FieldPath& path);
// True when `selector` has neither matchLabels nor matchExpressions entries.
bool SelectorEmpty(const boost::json::object* selector);
// LabelSelectorAsSelector(selector).Matches(labels): a null selector matches
// nothing, an empty one everything.
bool SelectorMatches(const boost::json::object* selector, const boost::json::object* labels);
// A map selector (ReplicationController, Service) matches when every pair is present.
bool MapSelectorMatches(const boost::json::object* selector, const boost::json::object* labels);
// How upstream prints a *metav1.LabelSelector (its generated String()):
// &LabelSelector{MatchLabels:map[string]string{app:
// x,},MatchExpressions:[]LabelSelectorRequirement{},}
std::string SelectorGoString(const boost::json::object* selector);
// How a field error prints one as its bad value: the pointer dereferenced, whose value has no
// String(), so Go's %#v: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"},
// MatchExpressions:[]v1.LabelSelectorRequirement(nil)}. Absent lists and maps print as nil ones,
// and no selector as "null".
std::string SelectorGoSyntax(const boost::json::object* selector);

}  // namespace kubepp::api::validation
