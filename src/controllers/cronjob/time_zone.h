// TimeZone: UTC offsets of an IANA zone read from the system's compiled
// tz database (/usr/share/zoneinfo/<name>, the TZif format, versions 1-4):
// the explicit transitions, then the POSIX TZ rule in the file's footer
// ("CET-1CEST,M3.5.0,M10.5.0/3") for instants past the last transition.
// CronJob's spec.timeZone names the zone its schedule is read in.
//
// Thread safety: a loaded TimeZone is immutable; Load may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::controllers::cronjob {

class TimeZone {
 public:
  // "" and "UTC" need no file. Names with "..", a leading "/" or other
  // characters than letters, digits, "/", "_", "-", "+" are refused.
  // `root` is the zoneinfo directory (tests point it elsewhere).
  static StatusOr<std::shared_ptr<const TimeZone>> Load(std::string_view name,
                                                        std::string_view root = "/usr/share/zoneinfo");
  static std::shared_ptr<const TimeZone> Utc();
  // Parses TZif bytes.
  static StatusOr<std::shared_ptr<const TimeZone>> FromTzif(std::string_view name, std::string_view data);

  const std::string& name() const { return name_; }
  // Seconds east of UTC in force at `unix_seconds`.
  int64_t OffsetAt(int64_t unix_seconds) const;

  // A POSIX TZ rule, e.g. "EST5EDT,M3.2.0,M11.1.0".
  struct Rule {
    int64_t std_offset = 0;  // seconds east of UTC
    std::optional<int64_t> dst_offset;
    struct When {
      int month = 0, week = 0, weekday = 0;  // Mm.w.d
      int64_t time = 7200;                    // seconds after local midnight
    };
    When start, end;
  };
  static std::optional<Rule> ParseRule(std::string_view text);
  static int64_t RuleOffsetAt(const Rule& rule, int64_t unix_seconds);

 private:
  std::string name_;
  std::vector<int64_t> transitions_;  // ascending unix seconds
  std::vector<int64_t> offsets_;      // offset in force from transitions_[i]
  int64_t initial_offset_ = 0;        // before the first transition
  std::optional<Rule> footer_;
};

}  // namespace kubepp::controllers::cronjob
