#include "controllers/namespace/namespace.h"

#include <gtest/gtest.h>

#include "controllers/util/object_fields.h"
#include "unit/controllers/informer_test_env.h"

namespace kubepp::controllers {
namespace {

using testing::InformerTestEnv;
using testing::WaitFor;

const client::Resource kNamespaces = client::Resource::Of("", "namespaces");
const client::Resource kPods = client::Resource::Of("", "pods");
const client::Resource kConfigMaps = client::Resource::Of("", "configmaps");
const client::Resource kDeployments = client::Resource::Of("apps", "deployments");

// Seeds a namespace and deletes it; a metadata finalizer the test owns keeps
// it (with its deletionTimestamp) after the controller finalizes it.
void SeedTerminatingNamespace(InformerTestEnv& env, std::string name) {
  env.client().Seed(kNamespaces, {{"apiVersion", "v1"},
                                  {"kind", "Namespace"},
                                  {"metadata", {{"name", name}, {"finalizers", {"example.com/test"}}}},
                                  {"spec", {{"finalizers", {"kubernetes"}}}},
                                  {"status", {{"phase", "Active"}}}});
  env.MarkDeleting(kNamespaces, "", name);
}

boost::json::object Named(std::string kind, std::string ns, std::string name) {
  return {{"kind", kind}, {"metadata", {{"name", name}, {"namespace", ns}}}};
}

const boost::json::object* Condition(const boost::json::object& ns, std::string_view type) {
  const auto* conds = util::ArrayAt(ns, {"status", "conditions"});
  if (!conds) return nullptr;
  for (const auto& c : *conds) {
    if (c.is_object() && util::StringAt(c.as_object(), {"type"}) == type) return &c.as_object();
  }
  return nullptr;
}

// The fake serves no finalize subresource (the call answers NotFound); the
// call being made is what the controller owes.
bool Finalized(InformerTestEnv& env, const std::string& name) {
  for (const auto& a : env.client().Actions()) {
    if (a.verb == "update" && a.resource == "namespaces" && a.subresource == "finalize" && a.name == name) return true;
  }
  return false;
}

TEST(NamespaceController, DeletesContentThenFinalizes) {
  InformerTestEnv env;
  SeedTerminatingNamespace(env, "doomed");
  env.client().Seed(kConfigMaps, Named("ConfigMap", "doomed", "a"));
  env.client().Seed(kDeployments, Named("Deployment", "doomed", "d"));
  env.client().Seed(kConfigMaps, Named("ConfigMap", "other", "keep"));
  env.Start(MakeNamespaceRegistration());

  EXPECT_TRUE(WaitFor([&] { return Finalized(env, "doomed"); }));
  auto ns = env.Get(kNamespaces, "", "doomed");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ(util::StringAt(*ns, {"status", "phase"}), "Terminating");
  EXPECT_EQ(util::StringAt(*Condition(*ns, "NamespaceContentRemaining"), {"reason"}), "ContentRemoved");
  EXPECT_TRUE(env.List(kConfigMaps, "doomed").empty());
  EXPECT_TRUE(env.List(kDeployments, "doomed").empty());
  EXPECT_NE(env.Get(kConfigMaps, "other", "keep"), nullptr);
}

TEST(NamespaceController, WaitsForRemainingContentAndReportsIt) {
  InformerTestEnv env;
  SeedTerminatingNamespace(env, "slow");
  // Two pods held by a finalizer survive the delete.
  for (const char* name : {"p1", "p2"}) {
    auto pod = Named("Pod", "slow", name);
    pod["metadata"].as_object()["finalizers"] = boost::json::array{"example.com/hold"};
    env.client().Seed(kPods, pod);
  }
  env.Start(MakeNamespaceRegistration());

  ASSERT_TRUE(WaitFor([&] {
    auto ns = env.Get(kNamespaces, "", "slow");
    const auto* c = ns ? Condition(*ns, "NamespaceContentRemaining") : nullptr;
    return c && util::StringAt(*c, {"status"}) == "True";
  }));
  auto ns = env.Get(kNamespaces, "", "slow");
  EXPECT_EQ(util::StringAt(*Condition(*ns, "NamespaceContentRemaining"), {"message"}),
            "Some resources are remaining: pods. has 2 resource instances");
  EXPECT_EQ(util::StringAt(*Condition(*ns, "NamespaceFinalizersRemaining"), {"message"}),
            "Some content in the namespace has finalizers remaining: example.com/hold in 2 resource instances");
  EXPECT_FALSE(Finalized(env, "slow"));

  // The finalizers go; at the next check the namespace is finalized.
  for (const char* name : {"p1", "p2"}) {
    auto pod = env.Get(kPods, "slow", name);
    ASSERT_NE(pod, nullptr);
    boost::json::object copy = *pod;
    copy["metadata"].as_object()["finalizers"] = boost::json::array();
    ASSERT_TRUE(env.client().Update(kPods, "slow", copy).ok());
  }
  EXPECT_TRUE(WaitFor([&] {
    env.clock().Advance(std::chrono::seconds(1));
    return Finalized(env, "slow");
  }));
}

TEST(NamespaceController, LeavesActiveNamespacesAlone) {
  InformerTestEnv env;
  env.client().Seed(kNamespaces, {{"kind", "Namespace"}, {"metadata", {{"name", "live"}}}, {"spec", {{"finalizers", {"kubernetes"}}}}});
  env.client().Seed(kConfigMaps, Named("ConfigMap", "live", "a"));
  SeedTerminatingNamespace(env, "marker");
  env.Start(MakeNamespaceRegistration());
  // Once the terminating one is done, the live one has surely been looked at.
  ASSERT_TRUE(WaitFor([&] { return Finalized(env, "marker"); }));
  EXPECT_NE(env.Get(kConfigMaps, "live", "a"), nullptr);
  EXPECT_FALSE(Finalized(env, "live"));
}

}  // namespace
}  // namespace kubepp::controllers
