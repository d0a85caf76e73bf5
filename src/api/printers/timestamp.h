// Ages of API timestamps. metav1.Time and metav1.MicroTime travel as RFC 3339
// strings ("2024-05-01T10:00:00Z", MicroTime with ".000000"); a zero time is
// null or absent. Printers show "<unknown>" for a zero time, as upstream's
// translateTimestampSince does.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kubepp::api::printers {

// Microseconds since the Unix epoch, or nullopt for text that is not RFC 3339
// or is the zero time (0001-01-01T00:00:00Z).
std::optional<std::chrono::microseconds> ParseTimestamp(std::string_view text);
// The same for a JSON member (nullptr, null, non-string: nullopt).
std::optional<std::chrono::microseconds> ParseTimestamp(const boost::json::value* v);

// HumanDuration(now - t), or "<unknown>" when t is zero/absent.
std::string TimestampSince(const boost::json::value* t, std::chrono::microseconds now);

}  // namespace kubepp::api::printers
