// How a Framework turns a profile's plugin sets into each extension point's
// plugins: multiPoint expansion, per-point disabling, overrides, weights and
// upstream's errors.
#include <gtest/gtest.h>

#include "scheduler/framework/framework.h"
#include "scheduler/plugins/registry.h"

namespace kubepp::scheduler::framework {
namespace {

std::vector<std::string> Names(const std::vector<PluginRef>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(r.name);
  return out;
}

std::unique_ptr<Framework> Build(const ProfileConfig& c) {
  auto f = Framework::Create(plugins::InTreeRegistry(), c, Handle{});
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return f.ok() ? std::move(*f) : nullptr;
}

std::string BuildError(const ProfileConfig& c) {
  auto f = Framework::Create(plugins::InTreeRegistry(), c, Handle{});
  return f.ok() ? "" : f.status().message();
}

TEST(ProfileBuildTest, DefaultProfileExpandsMultiPointInUpstreamOrder) {
  auto f = Build(plugins::DefaultProfile());
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(Names(f->ListPlugins(ExtensionPoint::kFilter)),
            (std::vector<std::string>{"NodeUnschedulable", "NodeName", "TaintToleration",
                                      "NodeAffinity", "NodePorts", "NodeResourcesFit",
                                      "VolumeBinding", "PodTopologySpread", "InterPodAffinity"}));
  EXPECT_EQ(Names(f->ListPlugins(ExtensionPoint::kQueueSort)), (std::vector<std::string>{"PrioritySort"}));
  EXPECT_EQ(Names(f->ListPlugins(ExtensionPoint::kPreEnqueue)), (std::vector<std::string>{"SchedulingGates"}));
  EXPECT_EQ(Names(f->ListPlugins(ExtensionPoint::kBind)), (std::vector<std::string>{"DefaultBinder"}));
  std::map<std::string, int32_t> weights;
  for (const auto& r : f->ListPlugins(ExtensionPoint::kScore)) weights[r.name] = r.weight;
  EXPECT_EQ(weights, (std::map<std::string, int32_t>{{"TaintToleration", 3},
                                                     {"NodeAffinity", 2},
                                                     {"NodeResourcesFit", 1},
                                                     {"PodTopologySpread", 2},
                                                     {"InterPodAffinity", 2},
                                                     {"NodeResourcesBalancedAllocation", 1},
                                                     {"ImageLocality", 1}}));
}

TEST(ProfileBuildTest, DisablingAtOnePointKeepsThePluginElsewhere) {
  ProfileConfig c = plugins::DefaultProfile();
  c.plugins.at(ExtensionPoint::kScore).disabled = {"TaintToleration"};
  auto f = Build(c);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(Names(f->ListPlugins(ExtensionPoint::kFilter))[2], "TaintToleration");
  for (const auto& r : f->ListPlugins(ExtensionPoint::kScore)) EXPECT_NE(r.name, "TaintToleration");
}

TEST(ProfileBuildTest, StarDisablesMultiPointAtThatPointOnly) {
  ProfileConfig c = plugins::DefaultProfile();
  c.plugins.at(ExtensionPoint::kScore).disabled = {"*"};
  c.plugins.at(ExtensionPoint::kScore).enabled = {{"ImageLocality", 5}};
  auto f = Build(c);
  ASSERT_NE(f, nullptr);
  auto score = f->ListPlugins(ExtensionPoint::kScore);
  ASSERT_EQ(score.size(), 1u);
  EXPECT_EQ(score[0].name, "ImageLocality");
  EXPECT_EQ(score[0].weight, 5);
  EXPECT_EQ(f->ListPlugins(ExtensionPoint::kFilter).size(), 9u);
}

TEST(ProfileBuildTest, ExplicitEntryOverridesMultiPointAndRunsFirst) {
  ProfileConfig c = plugins::DefaultProfile();
  // Re-enabling a multiPoint plugin at one point moves it ahead there and
  // its weight there wins over the multiPoint weight.
  c.plugins.at(ExtensionPoint::kScore).enabled = {{"ImageLocality", 7}};
  auto f = Build(c);
  ASSERT_NE(f, nullptr);
  auto score = f->ListPlugins(ExtensionPoint::kScore);
  ASSERT_EQ(score.size(), 7u);
  EXPECT_EQ(score.front().name, "ImageLocality");
  EXPECT_EQ(score.front().weight, 7);
}

TEST(ProfileBuildTest, UpstreamErrors) {
  ProfileConfig c = plugins::DefaultProfile();
  c.plugins.at(ExtensionPoint::kFilter).enabled = {{"NoSuchPlugin", 0}};
  EXPECT_EQ(BuildError(c), "FilterPlugin \"NoSuchPlugin\" does not exist");

  c = plugins::DefaultProfile();
  c.plugins.at(ExtensionPoint::kFilter).enabled = {{"DefaultBinder", 0}};
  EXPECT_EQ(BuildError(c), "plugin \"DefaultBinder\" does not extend FilterPlugin plugin");

  c = plugins::DefaultProfile();
  c.plugins.at(ExtensionPoint::kFilter).disabled = {"*"};
  c.plugins.at(ExtensionPoint::kFilter).enabled = {{"NodeName", 0}, {"NodeName", 0}};
  EXPECT_EQ(BuildError(c), "plugin \"NodeName\" already registered as \"FilterPlugin\"");

  c = plugins::DefaultProfile();
  c.scheduler_name = "custom";
  c.plugins.at(ExtensionPoint::kQueueSort).disabled = {"*"};
  EXPECT_EQ(BuildError(c), "only one queue sort plugin required for profile with scheduler name \"custom\", but got 0");

  c = plugins::DefaultProfile();
  c.plugins.multi_point.disabled = {"DefaultBinder"};
  c.plugins.multi_point.enabled.pop_back();  // what merging the defaults with that disable yields
  EXPECT_EQ(BuildError(c), "at least one bind plugin is needed for profile with scheduler name \"default-scheduler\"");

  c = plugins::DefaultProfile();
  c.plugins.multi_point.enabled.push_back({"Unknown", 0});
  EXPECT_EQ(BuildError(c), "PreFilterPlugin \"Unknown\" does not exist");
}

}  // namespace
}  // namespace kubepp::scheduler::framework
