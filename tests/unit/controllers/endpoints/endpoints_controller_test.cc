#include "controllers/endpoints/endpoints.h"

#include <gtest/gtest.h>

#include "controllers/util/object_fields.h"
#include "unit/controllers/endpoints/endpoints_fixtures.h"
#include "unit/controllers/informer_test_env.h"

namespace kubepp::controllers {
namespace {

using testing::InformerTestEnv;
using testing::MakePod;
using testing::MakeService;
using testing::WaitFor;

const client::Resource kPods = client::Resource::Of("", "pods");
const client::Resource kServices = client::Resource::Of("", "services");
const client::Resource kEndpoints = client::Resource::Of("", "endpoints");

size_t Count(const client::ObjectPtr& ep, const char* which) {
  const auto* subsets = util::ArrayAt(*ep, {"subsets"});
  size_t n = 0;
  if (subsets) {
    for (const auto& s : *subsets) {
      if (const auto* a = util::ArrayAt(s.as_object(), {which})) n += a->size();
    }
  }
  return n;
}

TEST(EndpointsController, ReadyAndNotReadyAddressesWithResolvedPorts) {
  InformerTestEnv env;
  env.client().Seed(kServices, MakeService("web"));
  env.client().Seed(kPods, MakePod("a", "10.244.0.2", true));
  env.client().Seed(kPods, MakePod("b", "10.244.0.3", false));
  auto other = MakePod("other", "10.244.0.4", true);
  other["metadata"].as_object()["labels"] = boost::json::object{{"app", "db"}};
  env.client().Seed(kPods, other);
  env.client().Seed(kPods, MakePod("no-ip", "", true));
  env.Start(MakeEndpointsRegistration());

  ASSERT_TRUE(WaitFor([&] { return env.Get(kEndpoints, "ns", "web") != nullptr; }));
  auto ep = env.Get(kEndpoints, "ns", "web");
  const auto& subset = util::ArrayAt(*ep, {"subsets"})->at(0).as_object();
  ASSERT_EQ(util::ArrayAt(subset, {"addresses"})->size(), 1u);
  const auto& addr = util::ArrayAt(subset, {"addresses"})->at(0).as_object();
  EXPECT_EQ(util::StringAt(addr, {"ip"}), "10.244.0.2");
  EXPECT_EQ(util::StringAt(addr, {"nodeName"}), "node-1");
  EXPECT_EQ(util::StringAt(addr, {"targetRef", "kind"}), "Pod");
  EXPECT_EQ(util::StringAt(addr, {"targetRef", "name"}), "a");
  EXPECT_EQ(util::StringAt(util::ArrayAt(subset, {"notReadyAddresses"})->at(0).as_object(), {"ip"}), "10.244.0.3");
  const auto& port = util::ArrayAt(subset, {"ports"})->at(0).as_object();
  EXPECT_EQ(util::IntAt(port, {"port"}, 0), 8080);  // the named targetPort, resolved on the pod
  EXPECT_EQ(util::StringAt(port, {"name"}), "web");
  EXPECT_EQ(util::StringAt(*ep, {"metadata", "labels", "tier"}), "front");
  EXPECT_FALSE(util::StringAt(*ep, {"metadata", "annotations", "endpoints.kubernetes.io/last-change-trigger-time"}).empty());

  // b becomes ready: it moves to addresses.
  auto b = MakePod("b", "10.244.0.3", true);
  auto current_b = env.Get(kPods, "ns", "b");
  b["metadata"].as_object()["resourceVersion"] = client::ResourceVersionOf(*current_b);
  b["metadata"].as_object()["uid"] = client::UidOf(*current_b);
  ASSERT_TRUE(env.client().Update(kPods, "ns", b, "status").ok());
  EXPECT_TRUE(WaitFor([&] {
    auto now = env.Get(kEndpoints, "ns", "web");
    return Count(now, "addresses") == 2 && Count(now, "notReadyAddresses") == 0;
  }));

  // The Service goes: so do its Endpoints.
  ASSERT_TRUE(env.client().Delete(kServices, "ns", "web").ok());
  EXPECT_TRUE(WaitFor([&] { return env.Get(kEndpoints, "ns", "web") == nullptr; }));
}

TEST(EndpointsController, PublishNotReadyAddressesAndHostnames) {
  InformerTestEnv env;
  auto svc = MakeService("db");
  svc["spec"].as_object()["publishNotReadyAddresses"] = true;
  svc["spec"].as_object()["clusterIP"] = "None";
  env.client().Seed(kServices, svc);
  auto pod = MakePod("db-0", "10.244.0.9", false);
  pod["spec"].as_object()["hostname"] = "db-0";
  pod["spec"].as_object()["subdomain"] = "db";
  env.client().Seed(kPods, pod);
  env.Start(MakeEndpointsRegistration());

  ASSERT_TRUE(WaitFor([&] { return env.Get(kEndpoints, "ns", "db") != nullptr; }));
  auto ep = env.Get(kEndpoints, "ns", "db");
  EXPECT_EQ(Count(ep, "addresses"), 1u);
  const auto& addr = util::ArrayAt(util::ArrayAt(*ep, {"subsets"})->at(0).as_object(), {"addresses"})->at(0).as_object();
  EXPECT_EQ(util::StringAt(addr, {"hostname"}), "db-0");
  EXPECT_NE(util::At(*ep, {"metadata", "labels", "service.kubernetes.io/headless"}), nullptr);
}

TEST(EndpointsController, OverCapacityCutsNotReadyAddressesFirst) {
  InformerTestEnv env;
  env.client().Seed(kServices, MakeService("big"));
  for (int i = 0; i < 1010; ++i) {
    std::string ip = "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
    env.client().Seed(kPods, MakePod("p" + std::to_string(i), ip, /*ready=*/i < 990));
  }
  env.Start(MakeEndpointsRegistration());
  ASSERT_TRUE(WaitFor([&] { return env.Get(kEndpoints, "ns", "big") != nullptr; }));
  auto ep = env.Get(kEndpoints, "ns", "big");
  EXPECT_EQ(Count(ep, "addresses"), 990u);
  EXPECT_EQ(Count(ep, "notReadyAddresses"), 10u);
  EXPECT_EQ(util::StringAt(*ep, {"metadata", "annotations", "endpoints.kubernetes.io/over-capacity"}), "truncated");
}

TEST(EndpointsController, LeavesServicesWithoutSelectorAlone) {
  InformerTestEnv env;
  env.client().Seed(kServices, MakeService("manual", /*with_selector=*/false));
  env.client().Seed(kEndpoints, {{"kind", "Endpoints"},
                                 {"metadata", {{"name", "manual"}, {"namespace", "ns"}}},
                                 {"subsets", {{{"addresses", {{{"ip", "192.0.2.1"}}}}}}}});
  env.client().Seed(kServices, MakeService("marker"));
  env.client().Seed(kPods, MakePod("a", "10.244.0.2", true));
  env.Start(MakeEndpointsRegistration());
  ASSERT_TRUE(WaitFor([&] { return env.Get(kEndpoints, "ns", "marker") != nullptr; }));
  auto manual = env.Get(kEndpoints, "ns", "manual");
  ASSERT_NE(manual, nullptr);
  EXPECT_EQ(Count(manual, "addresses"), 1u);
  EXPECT_EQ(util::StringAt(util::ArrayAt(util::ArrayAt(*manual, {"subsets"})->at(0).as_object(), {"addresses"})
                               ->at(0)
                               .as_object(),
                           {"ip"}),
            "192.0.2.1");
}

}  // namespace
}  // namespace kubepp::controllers
