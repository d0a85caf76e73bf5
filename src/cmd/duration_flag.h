// The value of a duration flag such as --node-monitor-grace-period: a Go
// duration ("40s", "1m30s", "500ms") as upstream's components take, or a bare
// number of seconds ("40"). Stateless; thread safe.
#pragma once

#include <chrono>
#include <string>

#include "base/status.h"

namespace kubepp::cmd {

// Whole seconds, rounded up so a positive sub-second value stays positive.
// Invalid (naming `flag`) for text that is neither form or is negative.
StatusOr<std::chrono::seconds> ParseDurationFlag(const std::string& flag, const std::string& text);

// The Go text of a whole number of seconds, for flag defaults ("40s").
std::string FormatDurationFlag(std::chrono::seconds value);

}  // namespace kubepp::cmd
