// Base64 (standard and URL-safe without padding, as Go's RawURLEncoding).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kubepp::apiserver {

std::string Base64Encode(std::string_view in);
std::string Base64UrlEncode(std::string_view in);  // no padding
// Accepts standard or URL alphabets, with or without padding.
std::optional<std::string> Base64UrlDecode(std::string_view in);

}  // namespace kubepp::apiserver
