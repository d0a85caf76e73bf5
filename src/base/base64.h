// Base64 with the standard alphabet (RFC 4648 section 4), as the Kubernetes
// API carries []byte fields such as Secret.data and ConfigMap.binaryData, and
// with the URL-safe alphabet without padding (section 5, Go's
// RawURLEncoding), as JSON Web Tokens and key ids use it.
//
// Decoding accepts what Go's encoding/json accepts for []byte (standard
// alphabet, padded, CR and LF ignored) and, leniently, input without its
// trailing padding. Anything else is refused rather than guessed at.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kubepp::base64 {

// Standard alphabet, padded with '='.
std::string Encode(std::string_view bytes);
// nullopt when `text` is not base64: a character outside the alphabet, a
// misplaced '=', or a length that no encoding produces.
std::optional<std::string> Decode(std::string_view text);

// URL-safe alphabet ('-' and '_'), no padding.
std::string EncodeRawUrl(std::string_view bytes);
// Strict: only the URL-safe alphabet, no padding, no line breaks (a JWT
// segment carrying anything else is malformed).
std::optional<std::string> DecodeRawUrl(std::string_view text);

}  // namespace kubepp::base64
