#include "api/printers/human_duration.h"

#include <gtest/gtest.h>

namespace kubepp::api::printers {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr long long kDay = 24;
constexpr long long kYear = 365 * kDay;

TEST(HumanDurationTest, SkewAndSeconds) {
  EXPECT_EQ(HumanDuration(seconds(-2)), "<invalid>");
  EXPECT_EQ(HumanDuration(seconds(-1)), "0s");
  EXPECT_EQ(HumanDuration(microseconds(-1'500'000)), "0s");
  EXPECT_EQ(HumanDuration(seconds(0)), "0s");
  EXPECT_EQ(HumanDuration(seconds(45)), "45s");
  EXPECT_EQ(HumanDuration(seconds(119)), "119s");
}

TEST(HumanDurationTest, Minutes) {
  EXPECT_EQ(HumanDuration(seconds(120)), "2m");
  EXPECT_EQ(HumanDuration(minutes(5)), "5m");
  EXPECT_EQ(HumanDuration(minutes(5) + seconds(10)), "5m10s");
  EXPECT_EQ(HumanDuration(minutes(9) + seconds(59)), "9m59s");
  EXPECT_EQ(HumanDuration(minutes(10) + seconds(30)), "10m");
  EXPECT_EQ(HumanDuration(minutes(179)), "179m");
}

TEST(HumanDurationTest, Hours) {
  EXPECT_EQ(HumanDuration(hours(3)), "3h");
  EXPECT_EQ(HumanDuration(hours(3) + minutes(4)), "3h4m");
  EXPECT_EQ(HumanDuration(hours(7) + minutes(59)), "7h59m");
  EXPECT_EQ(HumanDuration(hours(8) + minutes(30)), "8h");
  EXPECT_EQ(HumanDuration(hours(47)), "47h");
}

TEST(HumanDurationTest, DaysAndYears) {
  EXPECT_EQ(HumanDuration(hours(2 * kDay)), "2d");
  EXPECT_EQ(HumanDuration(hours(2 * kDay + 3)), "2d3h");
  EXPECT_EQ(HumanDuration(hours(7 * kDay + 23)), "7d23h");
  EXPECT_EQ(HumanDuration(hours(8 * kDay + 5)), "8d");
  EXPECT_EQ(HumanDuration(hours(400 * kDay)), "400d");
  EXPECT_EQ(HumanDuration(hours(2 * kYear - 1)), "729d");
  EXPECT_EQ(HumanDuration(hours(2 * kYear)), "2y");
  EXPECT_EQ(HumanDuration(hours(3 * kYear + 120 * kDay)), "3y120d");
  EXPECT_EQ(HumanDuration(hours(8 * kYear + 100 * kDay)), "8y");
}

}  // namespace
}  // namespace kubepp::api::printers
