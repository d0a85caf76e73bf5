// The subset of kubectl's JSONPath that printer columns use
// (additionalPrinterColumns[].jsonPath): ".status.phase", ".spec.ports[0].port",
// ".items[*].name", ".status.conditions[?(@.type==\"Ready\")].status",
// bracketed keys ("['app.kubernetes.io/name']"), slices ("[1:3]", "[-1:]") and
// ".." (recursive descent). Missing keys are allowed and just yield nothing,
// as the apiextensions convertor sets AllowMissingKeys. An optional "{...}"
// wrapper is accepted.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace kubepp::api::printers {

// All values the path selects in `root`, in document order; nullopt when the
// path does not parse.
std::optional<std::vector<const boost::json::value*>> EvaluateJsonPath(
    std::string_view path, const boost::json::value& root);

}  // namespace kubepp::api::printers
