// componentstatuses: the store's health read, components in this process asked, the others
// probed on their healthz ports, selectors filtering the list, and upstream's deprecation warning.
#include "apiserver/component_statuses.h"

#include <gtest/gtest.h>

#include "api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;

std::string Condition(const boost::json::value& status, const char* field) {
  const auto& c = status.at("conditions").as_array()[0].as_object();
  const auto* v = c.if_contains(field);
  return v ? std::string(v->as_string()) : "";
}

TEST(ComponentStatuses, InProcessComponentsAnswerAndTheStoreIsRead) {
  ApiTestHarness h;
  h.handler().SetComponentHealth("scheduler", [] {
    return ComponentHealth{ComponentHealth::Result::kFailure, "", "leader lease lost"};
  });
  auto etcd = h.Do("GET", "/api/v1/componentstatuses/etcd-0");
  ASSERT_EQ(etcd.status, 200);
  EXPECT_EQ(Condition(etcd.body, "status"), "True");
  EXPECT_EQ(Condition(etcd.body, "message"), "ok");
  bool warned = false;
  for (const auto& [name, value] : etcd.headers) {
    warned |= name == "Warning" &&
              value.find("v1 ComponentStatus is deprecated in v1.19+") != std::string::npos;
  }
  EXPECT_TRUE(warned);

  auto scheduler = h.Do("GET", "/api/v1/componentstatuses/scheduler");
  EXPECT_EQ(Condition(scheduler.body, "status"), "False");
  EXPECT_EQ(Condition(scheduler.body, "error"), "leader lease lost");

  auto one = h.Do("GET", "/api/v1/componentstatuses?fieldSelector=metadata.name%3Dscheduler");
  ASSERT_EQ(one.body.at("items").as_array().size(), 1u);
  auto none = h.Do("GET", "/api/v1/componentstatuses?labelSelector=tier%3Dcontrol");
  EXPECT_TRUE(none.body.at("items").as_array().empty());
  auto all = h.Do("GET", "/api/v1/componentstatuses");
  EXPECT_EQ(all.body.at("items").as_array().size(), 3u);

  auto missing = h.Do("GET", "/api/v1/componentstatuses/nope");
  EXPECT_EQ(missing.status, 500);
  EXPECT_EQ(missing.body.at("message").as_string(), "Component not found: nope");
  EXPECT_EQ(h.Do("POST", "/api/v1/componentstatuses", "{}").status, 405);
}

TEST(ComponentStatuses, APortNobodyServesIsUnknownInGosWords) {
  // Port 1 on loopback (tcpmux): nothing listens there on these machines.
  ComponentHealth h = ProbeHealthz(1);
  EXPECT_EQ(h.result, ComponentHealth::Result::kUnknown);
  EXPECT_EQ(
      h.error,
      "Get \"https://127.0.0.1:1/healthz\": dial tcp 127.0.0.1:1: connect: connection refused");
}

}  // namespace
}  // namespace kubepp::apiserver
