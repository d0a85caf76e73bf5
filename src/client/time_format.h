// API timestamps as the wire carries them: metav1.Time ("2026-01-01T00:00:00Z",
// whole seconds) and metav1.MicroTime ("2026-01-01T00:00:00.000000Z").
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace kubepp::client {

std::string FormatTime(Clock::TimePoint t);
std::string FormatMicroTime(Clock::TimePoint t);
// Accepts both forms (and any fraction); nullopt for anything else.
std::optional<Clock::TimePoint> ParseTime(std::string_view text);

}  // namespace kubepp::client
