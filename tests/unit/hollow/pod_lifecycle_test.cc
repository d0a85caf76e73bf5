#include "hollow/pod_lifecycle.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "hollow/timestamps.h"

namespace kubepp::hollow {
namespace {
namespace json = boost::json;

Clock::TimePoint At(int64_t unix_seconds) { return Clock::TimePoint(std::chrono::seconds(unix_seconds)); }

json::object Pod(std::string_view spec_json) {
  json::object pod{{"apiVersion", "v1"},
                   {"kind", "Pod"},
                   {"metadata", json::object{{"name", "p"}, {"namespace", "default"}, {"uid", "u1"}}},
                   {"spec", json::parse(spec_json).as_object()},
                   {"status", json::object{{"phase", "Pending"},
                                           {"qosClass", "BestEffort"},
                                           {"conditions", json::array{json::object{
                                                              {"type", "PodScheduled"},
                                                              {"status", "True"},
                                                              {"lastTransitionTime", "2025-12-31T00:00:00Z"}}}}}}};
  return pod;
}

TEST(PodLifecycle, RunningStatusAsAKubeletWritesIt) {
  json::object pod = Pod(R"({"nodeName":"n1","containers":[{"name":"web","image":"nginx:1.25"},
                                                            {"name":"app","image":"busybox"}]})");
  EXPECT_FALSE(ReportedRunning(pod));
  json::object running = RunningPod(pod, {"10.128.0.1", "100.64.0.5"}, At(1767225600));
  EXPECT_TRUE(ReportedRunning(running));
  const auto& s = running.at("status").as_object();
  EXPECT_EQ(s.at("phase"), "Running");
  EXPECT_EQ(s.at("qosClass"), "BestEffort");
  EXPECT_EQ(s.at("hostIP"), "10.128.0.1");
  EXPECT_EQ(s.at("podIP"), "100.64.0.5");
  EXPECT_EQ(s.at("podIPs").at(0).at("ip"), "100.64.0.5");
  EXPECT_EQ(s.at("startTime"), "2026-01-01T00:00:00Z");
  const auto& conditions = s.at("conditions").as_array();
  std::vector<std::string> types;
  for (const auto& c : conditions) {
    types.emplace_back(c.at("type").as_string());
    EXPECT_EQ(c.at("status"), "True");
  }
  EXPECT_EQ(types, (std::vector<std::string>{"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                                             "PodScheduled"}));
  EXPECT_EQ(conditions[4].at("lastTransitionTime"), "2025-12-31T00:00:00Z");
  const auto& cs = s.at("containerStatuses").as_array();
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].at("name"), "app");  // sorted by name, as upstream
  const auto& web = cs[1].as_object();
  EXPECT_EQ(web.at("image"), "nginx:1.25");
  EXPECT_TRUE(web.at("imageID").as_string().starts_with("nginx@sha256:"));
  EXPECT_TRUE(web.at("containerID").as_string().starts_with("hollow://"));
  EXPECT_EQ(web.at("ready"), true);
  EXPECT_EQ(web.at("started"), true);
  EXPECT_EQ(web.at("restartCount"), 0);
  EXPECT_EQ(web.at("state").at("running").at("startedAt"), "2026-01-01T00:00:00Z");
}

TEST(PodLifecycle, InitContainersCompleted) {
  json::object pod = Pod(R"({"initContainers":[{"name":"init","image":"busybox"}],
                             "containers":[{"name":"c","image":"busybox"}]})");
  json::object running = RunningPod(pod, {"10.128.0.1", "100.64.0.5"}, At(0));
  const auto& init = running.at("status").at("initContainerStatuses").at(0).as_object();
  EXPECT_EQ(init.at("state").at("terminated").at("reason"), "Completed");
  EXPECT_EQ(init.at("ready"), true);
}

TEST(PodLifecycle, FinishedPod) {
  json::object pod = Pod(R"({"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]})");
  json::object running = RunningPod(pod, {"10.128.0.1", "100.64.0.5"}, At(100));
  json::object done = FinishedPod(running, 0, At(160));
  const auto& s = done.at("status").as_object();
  EXPECT_EQ(s.at("phase"), "Succeeded");
  const auto& term = s.at("containerStatuses").at(0).at("state").at("terminated").as_object();
  EXPECT_EQ(term.at("exitCode"), 0);
  EXPECT_EQ(term.at("reason"), "Completed");
  EXPECT_EQ(term.at("startedAt"), json::value(TimeText(At(100))));
  EXPECT_EQ(term.at("finishedAt"), json::value(TimeText(At(160))));
  EXPECT_EQ(s.at("conditions").at(2).at("reason"), "PodCompleted");
  EXPECT_EQ(FinishedPod(running, 3, At(160)).at("status").at("phase"), "Failed");
}

TEST(PodLifecycle, PlanExit) {
  auto plan = [](std::string_view spec) { return PlanExit(Pod(spec)); };
  EXPECT_FALSE(plan(R"({"containers":[{"name":"c","command":["true"]}]})"));  // restartPolicy Always
  EXPECT_FALSE(plan(R"({"restartPolicy":"Never","containers":[{"name":"c","image":"nginx"}]})"));
  auto t = plan(R"({"restartPolicy":"Never","containers":[{"name":"c","command":["true"]}]})");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->run_seconds, 0);
  EXPECT_EQ(t->exit_code, 0);
  auto e = plan(R"({"restartPolicy":"OnFailure","containers":[{"name":"c","command":["sh","-c","exit 3"]}]})");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->exit_code, 3);
  auto s = plan(R"({"restartPolicy":"Never","containers":[{"name":"c","command":["sleep"],"args":["5"]}]})");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->run_seconds, 5);

  json::object annotated = Pod(R"({"restartPolicy":"Never","containers":[{"name":"c"}]})");
  annotated["metadata"].as_object()["annotations"] =
      json::object{{"hollow.kubepp.io/run-seconds", "30"}, {"hollow.kubepp.io/exit-code", "1"}};
  auto a = PlanExit(annotated);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->run_seconds, 30);
  EXPECT_EQ(a->exit_code, 1);
}

}  // namespace
}  // namespace kubepp::hollow
