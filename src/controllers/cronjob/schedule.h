// Schedule: a CronJob's spec.schedule in standard cron syntax, as upstream
// reads it — five fields (minute hour day-of-month month day-of-week), each a
// list of "*", "?", "n", "a-b", with optional "/step" ("*/15", "1-30/5", and
// "5/15" meaning "5-max/15"); month and weekday names (JAN-DEC, SUN-SAT, any
// case); the descriptors @yearly/@annually, @monthly, @weekly, @daily/@midnight,
// @hourly; and @every <duration>. When both day fields are restricted, a day
// matches either; when one is "*" or "?", both must match.
//
// Times are read in a TimeZone: a 02:30 that a DST change skips never fires
// that day; a repeated hour fires once.
//
// Thread safety: immutable after Parse.
#pragma once

#include <bitset>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "controllers/cronjob/time_zone.h"

namespace kubepp::controllers::cronjob {

class Schedule {
 public:
  // BadRequest with a message naming the bad field.
  static StatusOr<Schedule> Parse(std::string_view spec);

  // The first activation strictly after `after`, read in `tz`; nullopt when none
  // within five years (e.g. "0 0 30 2 *").
  std::optional<Clock::TimePoint> Next(Clock::TimePoint after, const TimeZone& tz) const;

 private:
  std::bitset<60> minute_;
  std::bitset<24> hour_;
  std::bitset<32> dom_;    // 1..31
  std::bitset<13> month_;  // 1..12
  std::bitset<7> dow_;     // 0 = Sunday
  bool dom_star_ = false, dow_star_ = false;
  std::optional<std::chrono::seconds> every_;
};

}  // namespace kubepp::controllers::cronjob
