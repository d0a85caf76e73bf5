// Event events.k8s.io/v1 ↔ core v1.
#include "api/conversion/event_v1.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace kubepp::api::conversion {
namespace {

TEST(EventV1, FieldsAreRenamedBothWays) {
  const boost::json::object v1 = boost::json::parse(R"({"apiVersion":"events.k8s.io/v1","kind":"Event",
      "metadata":{"name":"e","namespace":"ns"},"eventTime":"2026-01-02T03:04:05.000000Z",
      "reportingController":"kubepp.io/ctl","reportingInstance":"i","action":"Act","reason":"Why","type":"Normal",
      "regarding":{"kind":"Pod","name":"p","namespace":"ns"},"note":"hello",
      "series":{"count":2,"lastObservedTime":"2026-01-02T03:04:06.000000Z"},
      "deprecatedSource":{"component":"c"},"deprecatedCount":3,
      "deprecatedFirstTimestamp":"2026-01-02T03:04:05Z","deprecatedLastTimestamp":"2026-01-02T03:04:06Z"})")
                                    .as_object();
  boost::json::object core = v1;
  EventV1ToCore(core);
  EXPECT_EQ(core.at("apiVersion").as_string(), "v1");
  EXPECT_EQ(core.at("message").as_string(), "hello");
  EXPECT_EQ(core.at("involvedObject").at("name").as_string(), "p");
  EXPECT_EQ(core.at("reportingComponent").as_string(), "kubepp.io/ctl");
  EXPECT_EQ(core.at("source").at("component").as_string(), "c");
  EXPECT_EQ(core.at("count").as_int64(), 3);
  EXPECT_EQ(core.at("firstTimestamp").as_string(), "2026-01-02T03:04:05Z");
  EXPECT_EQ(core.at("series").at("count").as_int64(), 2);
  for (const char* gone : {"note", "regarding", "reportingController", "deprecatedSource", "deprecatedCount"}) {
    EXPECT_FALSE(core.contains(gone)) << gone;
  }
  boost::json::object back = core;
  CoreEventToV1(back);
  EXPECT_EQ(back, v1);
}

TEST(EventV1, ACoreEventWithoutNewFieldsReadsAsV1) {
  boost::json::object core = boost::json::parse(R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},
      "involvedObject":{"kind":"Node","name":"n"},"reason":"Started","message":"m","count":1})")
                                 .as_object();
  CoreEventToV1(core);
  EXPECT_EQ(core, boost::json::parse(R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},
      "regarding":{"kind":"Node","name":"n"},"reason":"Started","note":"m","deprecatedCount":1})")
                      .as_object());
}

}  // namespace
}  // namespace kubepp::api::conversion
