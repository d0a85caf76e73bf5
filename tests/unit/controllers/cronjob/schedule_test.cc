#include "controllers/cronjob/schedule.h"

#include <gtest/gtest.h>

#include "controllers/common/fields.h"
#include "controllers/cronjob/time_zone.h"

namespace kubepp::controllers::cronjob {
namespace {

Clock::TimePoint T(std::string_view rfc3339) {
  boost::json::value v(rfc3339);
  return *common::ParseTime(&v);
}
std::string F(std::optional<Clock::TimePoint> t) { return t ? common::FormatTime(*t) : "none"; }

std::string NextUtc(std::string_view spec, std::string_view after) {
  auto s = Schedule::Parse(spec);
  EXPECT_TRUE(s.ok()) << spec << ": " << s.status().ToString();
  if (!s.ok()) return "error";
  return F(s->Next(T(after), *TimeZone::Utc()));
}

TEST(ScheduleTest, FieldsRangesStepsListsAndNames) {
  EXPECT_EQ(NextUtc("*/15 * * * *", "2026-01-01T00:07:00Z"), "2026-01-01T00:15:00Z");
  EXPECT_EQ(NextUtc("0 9-17/4 * * *", "2026-01-01T10:00:00Z"), "2026-01-01T13:00:00Z");
  EXPECT_EQ(NextUtc("5,35 * * * *", "2026-01-01T00:05:00Z"), "2026-01-01T00:35:00Z");
  EXPECT_EQ(NextUtc("0 0 1 feb *", "2026-01-15T00:00:00Z"), "2026-02-01T00:00:00Z");
  // 2026-01-01 is a Thursday: the next Monday is the 5th.
  EXPECT_EQ(NextUtc("30 6 * * MON", "2026-01-01T00:00:00Z"), "2026-01-05T06:30:00Z");
  EXPECT_EQ(NextUtc("0 0 * * sun-tue", "2026-01-01T00:00:00Z"), "2026-01-04T00:00:00Z");
  EXPECT_EQ(NextUtc("10/20 * * * *", "2026-01-01T00:31:00Z"), "2026-01-01T00:50:00Z");
}

TEST(ScheduleTest, DayOfMonthOrDayOfWeekWhenBothRestricted) {
  // The 15th or any Monday, whichever comes first.
  EXPECT_EQ(NextUtc("0 0 15 * 1", "2026-01-01T00:00:00Z"), "2026-01-05T00:00:00Z");
  // With "*" weekday, only the 15th.
  EXPECT_EQ(NextUtc("0 0 15 * *", "2026-01-01T00:00:00Z"), "2026-01-15T00:00:00Z");
  EXPECT_EQ(NextUtc("0 0 15 * ?", "2026-01-01T00:00:00Z"), "2026-01-15T00:00:00Z");
}

TEST(ScheduleTest, Descriptors) {
  EXPECT_EQ(NextUtc("@hourly", "2026-01-01T00:00:00Z"), "2026-01-01T01:00:00Z");
  EXPECT_EQ(NextUtc("@daily", "2026-01-01T00:00:00Z"), "2026-01-02T00:00:00Z");
  EXPECT_EQ(NextUtc("@midnight", "2026-01-01T00:00:01Z"), "2026-01-02T00:00:00Z");
  EXPECT_EQ(NextUtc("@weekly", "2026-01-01T00:00:00Z"), "2026-01-04T00:00:00Z");
  EXPECT_EQ(NextUtc("@monthly", "2026-01-01T00:00:00Z"), "2026-02-01T00:00:00Z");
  EXPECT_EQ(NextUtc("@yearly", "2026-01-01T00:00:00Z"), "2027-01-01T00:00:00Z");
  EXPECT_EQ(NextUtc("@annually", "2026-03-01T00:00:00Z"), "2027-01-01T00:00:00Z");
  EXPECT_EQ(NextUtc("@every 90m", "2026-01-01T00:00:00Z"), "2026-01-01T01:30:00Z");
}

TEST(ScheduleTest, RejectsBadSpecs) {
  EXPECT_FALSE(Schedule::Parse("* * * *").ok());
  EXPECT_FALSE(Schedule::Parse("60 * * * *").ok());
  EXPECT_FALSE(Schedule::Parse("* * 0 * *").ok());
  EXPECT_FALSE(Schedule::Parse("*/0 * * * *").ok());
  EXPECT_FALSE(Schedule::Parse("5-1 * * * *").ok());
  EXPECT_FALSE(Schedule::Parse("@fortnightly").ok());
  EXPECT_FALSE(Schedule::Parse("* * * foo *").ok());
  EXPECT_EQ(Schedule::Parse("* * * *").status().message(), "expected exactly 5 fields, found 4: * * * *");
}

TEST(ScheduleTest, ImpossibleDateHasNoNext) {
  auto s = Schedule::Parse("0 0 30 2 *");
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->Next(T("2026-01-01T00:00:00Z"), *TimeZone::Utc()).has_value());
}

TEST(TimeZoneTest, ReadsZoneinfoAndDst) {
  auto ny = TimeZone::Load("America/New_York");
  if (!ny.ok()) GTEST_SKIP() << "no tz database: " << ny.status().ToString();
  auto s = Schedule::Parse("0 9 * * *");
  ASSERT_TRUE(s.ok());
  // Winter: EST (UTC-5); summer: EDT (UTC-4).
  EXPECT_EQ(F(s->Next(T("2026-01-10T00:00:00Z"), **ny)), "2026-01-10T14:00:00Z");
  EXPECT_EQ(F(s->Next(T("2026-07-10T00:00:00Z"), **ny)), "2026-07-10T13:00:00Z");
  // Far past the file's explicit transitions, the footer rule still applies.
  EXPECT_EQ(F(s->Next(T("2090-07-10T00:00:00Z"), **ny)), "2090-07-10T13:00:00Z");
  // 02:30 does not exist on 2026-03-08 in New York: the next one is a day later.
  auto gap = Schedule::Parse("30 2 * * *");
  ASSERT_TRUE(gap.ok());
  EXPECT_EQ(F(gap->Next(T("2026-03-08T05:00:00Z"), **ny)), "2026-03-09T06:30:00Z");
  EXPECT_FALSE(TimeZone::Load("../etc/passwd").ok());
  EXPECT_FALSE(TimeZone::Load("Mars/Olympus_Mons").ok());
}

TEST(TimeZoneTest, PosixRules) {
  auto rule = TimeZone::ParseRule("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(rule.has_value());
  EXPECT_EQ(rule->std_offset, 3600);
  EXPECT_EQ(*rule->dst_offset, 7200);
  // 2026-07-01 is summer in Berlin; 2026-12-01 is not.
  EXPECT_EQ(TimeZone::RuleOffsetAt(*rule, 1782864000), 7200);
  EXPECT_EQ(TimeZone::RuleOffsetAt(*rule, 1796083200), 3600);
  auto fixed = TimeZone::ParseRule("<+0530>-5:30");
  ASSERT_TRUE(fixed.has_value());
  EXPECT_EQ(fixed->std_offset, 19800);
}

}  // namespace
}  // namespace kubepp::controllers::cronjob
