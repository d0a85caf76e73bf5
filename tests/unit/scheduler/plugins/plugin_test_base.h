// A framework with the default profile over a real cache and snapshot, for
// driving plugins through their extension points as the scheduler does.
#pragma once

#include <gtest/gtest.h>

#include "scheduler/cache/cache.h"
#include "scheduler/framework/fit_error.h"
#include "scheduler/framework/framework.h"
#include "scheduler/plugins/registry.h"
#include "unit/scheduler/test_objects.h"

namespace kubepp::scheduler::testing {

using namespace framework;  // NOLINT

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override { Build(plugins::DefaultProfile()); }
  void Build(const ProfileConfig& config) {
    Handle h;
    h.clock = &clock_;
    auto f = Framework::Create(plugins::InTreeRegistry(), config, h);
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    fw_ = std::move(*f);
  }
  void Add(const NodeBuilder& n) { cache_.AddNode(n.Spec()); }
  void Add(const PodBuilder& p) { cache_.AddPod(p.Info()); }
  void Sync() {
    cache_.UpdateSnapshot(snap_);
    fw_->SetSnapshot(&snap_);
  }

  // PreFilter then Filter of `pod` on one node, as a cycle runs them.
  PluginStatus Filter(const PodInfoPtr& pod, const std::string& node) {
    Sync();
    CycleState st;
    PreFilterResult r;
    PluginStatus s = fw_->RunPreFilterPlugins(st, *pod, &r);
    if (!s.ok()) return s;
    if (!r.all_nodes && std::find(r.node_names.begin(), r.node_names.end(), node) == r.node_names.end()) {
      return PluginStatus(Code::kUnschedulableAndUnresolvable, "excluded by PreFilter");
    }
    return fw_->RunFilterPlugins(st, *pod, *snap_.Get(node));
  }

  // Weighted per-plugin scores of `pod` on every node (in snapshot order), or
  // on the nodes named in `feasible` (in that order) when it is not empty.
  std::vector<int64_t> Scores(const PodInfoPtr& pod, std::string_view plugin,
                              const std::vector<std::string>& feasible = {}) {
    Sync();
    CycleState st;
    PreFilterResult r;
    fw_->RunPreFilterPlugins(st, *pod, &r);
    std::vector<const NodeInfo*> nodes(snap_.List().begin(), snap_.List().end());
    if (!feasible.empty()) {
      nodes.clear();
      for (const std::string& name : feasible) nodes.push_back(snap_.Get(name));
    }
    EXPECT_TRUE(fw_->RunPreScorePlugins(st, *pod, nodes).ok());
    std::vector<NodeScore> totals;
    std::vector<std::pair<std::string_view, std::vector<int64_t>>> per;
    EXPECT_TRUE(fw_->RunScorePlugins(st, *pod, nodes, &totals, &per).ok());
    for (auto& [name, v] : per) {
      if (name == plugin) return v;
    }
    return std::vector<int64_t>(nodes.size(), -1);  // plugin skipped
  }

  ManualClock clock_;
  cache::Cache cache_{clock_};
  cache::Snapshot snap_;
  std::unique_ptr<Framework> fw_;
};

}  // namespace kubepp::scheduler::testing
