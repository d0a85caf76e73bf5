// Who a write is recorded as in metadata.managedFields: the request's
// fieldManager parameter, or else the product name of its User-Agent (what
// precedes the first "/", without unprintable characters, at most 128
// bytes) — "kubectl-client-side-apply", "kube-controller-manager",
// "python-requests" — as upstream's apiserver does; "unknown" when neither
// gives a name.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::apiserver {

std::string ManagerName(const std::string& field_manager_param, const std::string* user_agent);

// The fieldManager parameter of a request must be at most 128 bytes of
// printable characters: Invalid `<options_kind>.meta.k8s.io "" is invalid:
// fieldManager: ...` otherwise ("CreateOptions", "UpdateOptions", "PatchOptions").
Status ValidateFieldManagerParam(const std::string& field_manager, std::string_view options_kind);

// The Invalid status of a request's options (`PatchOptions.meta.k8s.io ""
// is invalid: ...`) for one error already phrased as upstream's field error.
Status InvalidOptions(std::string_view options_kind, std::string field, std::string type, std::string detail,
                      std::string bad_value_text = "");

}  // namespace kubepp::apiserver
