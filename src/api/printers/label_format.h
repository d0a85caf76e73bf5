// Label sets and label selectors as upstream prints them: labels.FormatLabels
// ("app=web,tier=db", "<none>"), metav1.FormatLabelSelector ("<none>" for a nil
// or empty selector, "<error>" for an invalid one) and the canonical selector
// string ("app=web,env in (a,b),!legacy"): requirements sorted by key, In/NotIn
// values sorted. Keys and values are not re-validated here: stored objects
// passed validation when written.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

namespace kubepp::api::printers {

// "k=v,..." with keys sorted; "<none>" when the map is empty or absent.
std::string FormatLabels(const boost::json::value* labels);

// The selector string of a metav1.LabelSelector (nullptr: nil selector).
// "" for nil or empty; nullopt when the selector is invalid (unknown operator,
// values where none are allowed or none where some are required).
std::optional<std::string> LabelSelectorString(const boost::json::value* selector);

// metav1.FormatLabelSelector: "<none>" when empty, "<error>" when invalid.
std::string FormatLabelSelector(const boost::json::value* selector);

}  // namespace kubepp::api::printers
