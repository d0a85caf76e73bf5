// One line of a CRI container log file, as container runtimes write them:
//
//   <RFC 3339 timestamp> <stdout|stderr> <tag> <content>\n
//   2016-10-06T00:17:09.669794202Z stdout P log content 1
//   2016-10-06T00:17:09.669794203Z stderr F log content 2
//
// The tag is ':'-separated; its first part is P for a partial line (the
// runtime split a long line; the next entry continues it) or F for a full
// one. Timestamps are read leniently (any fraction, "Z" or an offset) and
// written back with nine fraction digits in the offset they came with, as
// upstream's RFC3339NanoFixed.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"

namespace kubepp::kubelet::logs {

enum class LogStream { kStdout, kStderr };

struct LogTimestamp {
  int64_t unix_seconds = 0;
  int32_t nanos = 0;
  int32_t offset_seconds = 0;  // the zone offset written in the log

  Clock::TimePoint ToTimePoint() const;
  // "2016-10-06T00:17:09.669794202Z", "2016-10-06T02:17:09.000000000+02:00"
  std::string FormatFixed() const;
};

struct CriLogLine {
  LogTimestamp timestamp;
  LogStream stream = LogStream::kStdout;
  bool partial = false;
  // What the container wrote: a full line keeps its '\n', a partial one has
  // none (the next entry continues it). Points into the parsed text.
  std::string_view content;
};

// Parses one line (with its '\n' when it has one). Errors name what is
// missing: "timestamp is not found", "unexpected stream type \"x\"", ...
StatusOr<CriLogLine> ParseCriLogLine(std::string_view line);
// Parses an RFC 3339 timestamp with an optional fraction of 1..9 digits.
StatusOr<LogTimestamp> ParseLogTimestamp(std::string_view text);

}  // namespace kubepp::kubelet::logs
