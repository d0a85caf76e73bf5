// Secret data arrives base64-encoded in JSON; size limits and content checks
// apply to the decoded bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kubepp::api::validation {

// The decoded bytes, or nullopt when `text` is not standard base64.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace kubepp::api::validation
