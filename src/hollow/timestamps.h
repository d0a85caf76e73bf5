// Timestamps as the API writes them: metav1.Time ("2026-01-01T00:00:00Z")
// and metav1.MicroTime (six fraction digits, used by Lease.spec.renewTime).
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace kubepp::hollow {

std::string TimeText(Clock::TimePoint t);
std::string MicroTimeText(Clock::TimePoint t);
// nullopt when `text` is not RFC 3339.
std::optional<Clock::TimePoint> ParseTime(std::string_view text);

}  // namespace kubepp::hollow
