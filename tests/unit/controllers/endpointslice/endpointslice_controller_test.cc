#include "controllers/endpointslice/endpointslice.h"

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
const client::Resource kSlices = client::Resource::Of("discovery.k8s.io", "endpointslices");

std::vector<client::ObjectPtr> SlicesOf(InformerTestEnv& env, std::string_view svc) {
  std::vector<client::ObjectPtr> out;
  for (const auto& s : env.List(kSlices, "ns")) {
    if (util::StringAt(*s, {"metadata", "labels", "kubernetes.io/service-name"}) == svc) out.push_back(s);
  }
  return out;
}

size_t EndpointCount(const std::vector<client::ObjectPtr>& slices) {
  size_t n = 0;
  for (const auto& s : slices) {
    if (const auto* eps = util::ArrayAt(*s, {"endpoints"})) n += eps->size();
  }
  return n;
}

TEST(EndpointSliceController, EndpointsWithConditions) {
  InformerTestEnv env;
  env.client().Seed(client::Resource::Of("", "nodes"),
                    {{"kind", "Node"}, {"metadata", {{"name", "node-1"}, {"labels", {{"topology.kubernetes.io/zone", "z1"}}}}}});
  auto svc = env.client().Seed(kServices, MakeService("web"));
  env.client().Seed(kPods, MakePod("a", "10.244.0.2", true));
  env.client().Seed(kPods, MakePod("b", "10.244.0.3", false));
  auto terminating = MakePod("c", "10.244.0.4", true);
  terminating["metadata"].as_object()["finalizers"] = boost::json::array{"example.com/hold"};
  env.client().Seed(kPods, terminating);
  env.MarkDeleting(kPods, "ns", "c");
  env.Start(MakeEndpointSliceRegistration());

  ASSERT_TRUE(WaitFor([&] { return EndpointCount(SlicesOf(env, "web")) == 3; }));
  auto slices = SlicesOf(env, "web");
  ASSERT_EQ(slices.size(), 1u);
  const auto& slice = *slices[0];
  EXPECT_EQ(util::StringAt(slice, {"addressType"}), "IPv4");
  EXPECT_EQ(util::StringAt(slice, {"metadata", "labels", "endpointslice.kubernetes.io/managed-by"}),
            "endpointslice-controller.k8s.io");
  const auto* owners = util::ArrayAt(slice, {"metadata", "ownerReferences"});
  ASSERT_NE(owners, nullptr);
  EXPECT_EQ(util::StringAt(owners->at(0).as_object(), {"uid"}), client::UidOf(*svc));
  EXPECT_EQ(util::IntAt(util::ArrayAt(slice, {"ports"})->at(0).as_object(), {"port"}, 0), 8080);
  std::map<std::string, std::tuple<bool, bool, bool>> conditions;
  for (const auto& e : *util::ArrayAt(slice, {"endpoints"})) {
    const auto& o = e.as_object();
    conditions[std::string(util::StringAt(o, {"targetRef", "name"}))] = {
        util::BoolAt(o, {"conditions", "ready"}, false), util::BoolAt(o, {"conditions", "serving"}, false),
        util::BoolAt(o, {"conditions", "terminating"}, false)};
    EXPECT_EQ(util::StringAt(o, {"nodeName"}), "node-1");
    EXPECT_EQ(util::StringAt(o, {"zone"}), "z1");
  }
  EXPECT_EQ(conditions["a"], std::make_tuple(true, true, false));
  EXPECT_EQ(conditions["b"], std::make_tuple(false, false, false));
  EXPECT_EQ(conditions["c"], std::make_tuple(false, true, true));
}

TEST(EndpointSliceController, AtMostAHundredEndpointsPerSlice) {
  InformerTestEnv env;
  env.client().Seed(kServices, MakeService("big"));
  for (int i = 0; i < 150; ++i) {
    env.client().Seed(kPods, MakePod("p" + std::to_string(i), "10.244.1." + std::to_string(i), true));
  }
  env.Start(MakeEndpointSliceRegistration());
  ASSERT_TRUE(WaitFor([&] { return EndpointCount(SlicesOf(env, "big")) == 150; }));
  auto slices = SlicesOf(env, "big");
  EXPECT_EQ(slices.size(), 2u);
  for (const auto& s : slices) EXPECT_LE(util::ArrayAt(*s, {"endpoints"})->size(), 100u);
}

TEST(EndpointSliceController, PlaceholderWhenNothingIsSelectedAndNoneWithoutSelector) {
  InformerTestEnv env;
  env.client().Seed(kServices, MakeService("empty"));
  env.client().Seed(kServices, MakeService("manual", /*with_selector=*/false));
  env.Start(MakeEndpointSliceRegistration());
  ASSERT_TRUE(WaitFor([&] { return SlicesOf(env, "empty").size() == 1; }));
  EXPECT_EQ(EndpointCount(SlicesOf(env, "empty")), 0u);
  EXPECT_TRUE(SlicesOf(env, "manual").empty());
}

}  // namespace
}  // namespace kubepp::controllers
