// LogOptions: what to read from a container log file, converted from the
// API's PodLogOptions as upstream's NewLogOptions does: tail and byte limits
// (-1: all), the earliest timestamp to show (the later of sinceSeconds and
// sinceTime), whether to follow and whether to prefix timestamps.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>

#include "api/options/pod_log_options.h"
#include "base/clock.h"

namespace kubepp::kubelet::logs {

struct LogOptions {
  int64_t tail = -1;   // the last N lines; -1: all
  int64_t bytes = -1;  // stop after N bytes; -1: no limit
  std::optional<Clock::TimePoint> since;
  bool follow = false;
  bool timestamps = false;
};

LogOptions LogOptionsFrom(const api::PodLogOptions& options, Clock::TimePoint now);

}  // namespace kubepp::kubelet::logs
