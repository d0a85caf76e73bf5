// Downward API field paths (env valueFrom.fieldRef and downwardAPI volume
// items), as upstream's pkg/fieldpath and pods.ConvertDownwardAPIFieldLabel:
//
//   metadata.name, metadata.namespace, metadata.uid
//   metadata.labels, metadata.annotations       -> every entry as key="value"
//                                                  lines, keys sorted, values
//                                                  quoted like Go's %q
//   metadata.labels['k'], metadata.annotations['k'] -> one value ("" if absent)
//
// Paths that only the kubelet can answer (spec.nodeName, status.podIP, ...)
// are resolved by the env builder; ExtractFieldPathAsString refuses them as
// upstream does. Error messages are upstream's.
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/status.h"

namespace kubepp::kubelet::fieldpath {

// "metadata.labels['a']" -> {"metadata.labels", "a"}; nullopt when the path
// has no subscript ("metadata.labels", "['a']").
std::optional<std::pair<std::string, std::string>> SplitMaybeSubscriptedPath(
    std::string_view field_path);

// A map of strings as `key="value"` lines sorted by key, without a final newline.
std::string FormatMap(const boost::json::object* map);

// The value of a metadata field path of `obj` (any API object).
StatusOr<std::string> ExtractFieldPathAsString(const boost::json::object& obj,
                                               std::string_view field_path);

// The internal name of a Pod field label a client asked for in apiVersion
// `version` ("v1"); spec.host is the old name of spec.nodeName.
// Errors: "unsupported pod version: X", "field label not supported: X",
// "field label does not support subscript: X".
StatusOr<std::string> ConvertDownwardApiFieldLabel(std::string_view version,
                                                   std::string_view label);

}  // namespace kubepp::kubelet::fieldpath
