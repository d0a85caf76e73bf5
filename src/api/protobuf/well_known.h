// The text forms of the protobuf messages that JSON shows as strings:
// meta/v1 Time and MicroTime (RFC 3339 in UTC, seconds or microseconds),
// Duration (Go's time.Duration text, "1h0m0s"), and bytes (standard base64
// with padding, as Go's encoding/json writes []byte).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kubepp::api::protobuf {

// "2024-05-01T10:00:00Z" (fraction_digits 0) or "2024-05-01T10:00:00.123456Z" (6).
std::string FormatRfc3339(int64_t seconds, int32_t nanos, int fraction_digits);
// Accepts "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)"; false on anything else.
bool ParseRfc3339(std::string_view text, int64_t* seconds, int32_t* nanos);

std::string FormatGoDuration(int64_t nanos);
bool ParseGoDuration(std::string_view text, int64_t* nanos);

std::string Base64Encode(std::string_view bytes);
// Standard alphabet; padding required like Go's StdEncoding. False on bad input.
bool Base64Decode(std::string_view text, std::string* bytes);

}  // namespace kubepp::api::protobuf
