#include "controllers/common/fields.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "controllers/common/pod_util.h"

namespace kubepp::controllers::common {
namespace {

TEST(Fields, ScaledValueFromIntOrPercent) {
  boost::json::value three = 3, quarter = "25%", bad = "25";
  EXPECT_EQ(*ScaledValueFromIntOrPercent(&three, 10, true), 3);
  EXPECT_EQ(*ScaledValueFromIntOrPercent(&quarter, 10, true), 3);   // 2.5 up
  EXPECT_EQ(*ScaledValueFromIntOrPercent(&quarter, 10, false), 2);  // 2.5 down
  EXPECT_EQ(*ScaledValueFromIntOrPercent(&quarter, 4, false), 1);
  EXPECT_FALSE(ScaledValueFromIntOrPercent(&bad, 10, true).ok());
}

TEST(Fields, TimesRoundTrip) {
  FakeClock clock;
  std::string text = FormatTime(clock.Now());
  EXPECT_EQ(text, "2026-01-01T00:00:00Z");
  boost::json::value v(text);
  EXPECT_EQ(ParseTime(&v), clock.Now());
  boost::json::value zero = "0001-01-01T00:00:00Z";
  EXPECT_FALSE(ParseTime(&zero).has_value());
}

TEST(PodUtil, ReadyAndAvailable) {
  FakeClock clock;
  auto pod = boost::json::parse(R"({"status":{"phase":"Running","conditions":[
      {"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}})").as_object();
  EXPECT_TRUE(IsPodActive(pod));
  EXPECT_TRUE(IsPodReady(pod));
  EXPECT_TRUE(IsPodAvailable(pod, 0, clock.Now()));
  EXPECT_FALSE(IsPodAvailable(pod, 10, clock.Now() + std::chrono::seconds(10)));
  EXPECT_TRUE(IsPodAvailable(pod, 10, clock.Now() + std::chrono::seconds(11)));
  pod["status"].as_object()["phase"] = "Succeeded";
  EXPECT_FALSE(IsPodActive(pod));
  pod["status"].as_object()["phase"] = "Running";
  pod["metadata"] = {{"deletionTimestamp", "2026-01-01T00:00:00Z"}};
  EXPECT_FALSE(IsPodActive(pod));
}

}  // namespace
}  // namespace kubepp::controllers::common
