#include "client/event_recorder.h"

#include <gtest/gtest.h>

#include "fakes/fake_api_client.h"
#include "test_util.h"

namespace kubepp::client {
namespace {

using namespace std::chrono_literals;
using fakes::FakeApiClient;
using testing::Json;

class EventRecorderTest : public ::testing::Test {
 protected:
  std::vector<ObjectPtr> Events() { return api_->List(events_, "", {})->items; }

  FakeClock clock_;
  std::unique_ptr<FakeApiClient> api_ = FakeApiClient::Create(clock_);
  const Resource events_ = Resource::Of("", "events");
  boost::json::object pod_ = Json(
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop","uid":"u-1","resourceVersion":"42"}})");
};

TEST_F(EventRecorderTest, WritesEventsAsUpstream) {
  auto recorder = EventRecorder::Create(*api_, {"default-scheduler", ""}, clock_);
  recorder->Event(pod_, "Normal", "Scheduled", "Successfully assigned shop/web-1 to node-1");
  recorder->Flush();
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  const auto& e = *events[0];
  // 2026-01-01T00:00:00Z in Unix nanoseconds, in hex.
  EXPECT_EQ(NameOf(e), "web-1.18867251edfa0000");
  EXPECT_EQ(NamespaceOf(e), "shop");
  EXPECT_EQ(e.at("involvedObject"), Json(R"({"kind":"Pod","namespace":"shop","name":"web-1","uid":"u-1",
                                             "apiVersion":"v1","resourceVersion":"42"})"));
  EXPECT_EQ(e.at("reason"), "Scheduled");
  EXPECT_EQ(e.at("message"), "Successfully assigned shop/web-1 to node-1");
  EXPECT_EQ(e.at("source"), Json(R"({"component":"default-scheduler"})"));
  EXPECT_EQ(e.at("firstTimestamp"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(e.at("lastTimestamp"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(e.at("count"), 1);
  EXPECT_EQ(e.at("type"), "Normal");
  EXPECT_TRUE(e.at("eventTime").is_null());
  EXPECT_EQ(e.at("reportingComponent"), "default-scheduler");
  EXPECT_EQ(e.at("reportingInstance"), "");
}

TEST_F(EventRecorderTest, RepeatsWithinTenMinutesAggregate) {
  auto recorder = EventRecorder::Create(*api_, {"kubelet", "node-1"}, clock_);
  recorder->Event(pod_, "Warning", "BackOff", "Back-off restarting failed container");
  clock_.Advance(30s);
  recorder->Event(pod_, "Warning", "BackOff", "Back-off restarting failed container");
  clock_.Advance(9min);
  recorder->Event(pod_, "Warning", "BackOff", "Back-off restarting failed container");
  recorder->Event(pod_, "Warning", "Failed", "Error: ImagePullBackOff");  // another key
  clock_.Advance(11min);
  recorder->Event(pod_, "Warning", "BackOff", "Back-off restarting failed container");  // window passed
  recorder->Flush();

  auto events = Events();
  ASSERT_EQ(events.size(), 3u);
  std::map<std::string, int64_t> counts;
  for (const auto& e : events) {
    counts[std::string(e->at("reason").as_string()) + "@" + std::string(e->at("firstTimestamp").as_string())] =
        e->at("count").as_int64();
  }
  EXPECT_EQ(counts, (std::map<std::string, int64_t>{{"BackOff@2026-01-01T00:00:00Z", 3},
                                                    {"Failed@2026-01-01T00:09:30Z", 1},
                                                    {"BackOff@2026-01-01T00:20:30Z", 1}}));
  for (const auto& e : events) {
    if (e->at("count") == 3) {
      EXPECT_EQ(e->at("lastTimestamp"), "2026-01-01T00:09:30Z");
    }
    EXPECT_EQ(e->at("source"), Json(R"({"component":"kubelet","host":"node-1"})"));
    EXPECT_EQ(e->at("reportingInstance"), "node-1");
  }
  auto actions = api_->Actions();
  EXPECT_EQ(std::count_if(actions.begin(), actions.end(), [](auto& a) { return a.verb == "patch"; }), 2);
}

TEST_F(EventRecorderTest, ClusterScopedObjectsGoToDefault) {
  auto recorder = EventRecorder::Create(*api_, {"node-controller", ""}, clock_);
  auto node = Json(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1","uid":"n"}})");
  recorder->Event(node, "Normal", "RegisteredNode", "Node node-1 event: Registered Node node-1 in Controller");
  recorder->Event(node, "Normal", "Other", "same instant, distinct name");
  recorder->Flush();
  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(NamespaceOf(*events[0]), "default");
  EXPECT_FALSE(events[0]->at("involvedObject").as_object().contains("namespace"));
  EXPECT_NE(NameOf(*events[0]), NameOf(*events[1]));
}

}  // namespace
}  // namespace kubepp::client
