#include "scheduler/plugins/nodeaffinity/node_affinity.h"

#include <algorithm>

#include "scheduler/framework/json_read.h"
#include "scheduler/framework/normalize.h"
#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::nodeaffinity {

using namespace framework;  // NOLINT

bool RequiredMatches(const PodInfo& pod, const NodeSpec& node) {
  for (const auto& [k, v] : pod.node_selector) {
    auto it = node.labels.find(k);
    if (it == node.labels.end() || it->second != v) return false;
  }
  if (pod.required_node_affinity && !pod.required_node_affinity->Matches(node.labels, node.name)) return false;
  return true;
}

NodeAffinity::NodeAffinity(const boost::json::object& args) {
  const boost::json::object* added = ObjectAt(&args, "addedAffinity");
  if (added == nullptr) return;
  if (const boost::json::object* req = ObjectAt(added, "requiredDuringSchedulingIgnoredDuringExecution")) {
    added_required_ = ParseNodeSelector(*req);
  }
  ForEachObject(added, "preferredDuringSchedulingIgnoredDuringExecution", [&](const boost::json::object& w) {
    const boost::json::object* pref = ObjectAt(&w, "preference");
    if (pref == nullptr) return;
    added_preferred_.push_back({static_cast<int32_t>(IntAt(&w, "weight")), ParseNodeSelectorTerm(*pref)});
  });
}

std::string_view NodeAffinity::Name() const { return kNodeAffinity; }

PluginStatus NodeAffinity::PreFilter(CycleState&, const PodInfo& pod, PreFilterResult* result) {
  if (pod.node_selector.empty() && !pod.required_node_affinity && !added_required_) {
    return PluginStatus(Code::kSkip, std::vector<std::string>{});
  }
  // When every term pins metadata.name In [...], only those nodes can fit.
  const auto& terms = pod.required_node_affinity ? pod.required_node_affinity->terms : std::vector<NodeSelectorTerm>{};
  if (terms.empty()) return {};
  std::vector<std::string> names;
  for (const NodeSelectorTerm& t : terms) {
    bool pinned = false;
    for (const auto& f : t.match_fields) {
      if (f.key == "metadata.name" && f.op == "In") {
        pinned = true;
        for (const auto& v : f.values) {
          if (std::find(names.begin(), names.end(), v) == names.end()) names.push_back(v);
        }
      }
    }
    if (!pinned) return {};
  }
  result->all_nodes = false;
  result->node_names = std::move(names);
  return {};
}

PluginStatus NodeAffinity::Filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const {
  if (added_required_ && !added_required_->Matches(node.node()->labels, node.name())) {
    return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonEnforced));
  }
  if (RequiredMatches(pod, *node.node())) return {};
  return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonPod));
}

PluginStatus NodeAffinity::PreScore(CycleState&, const PodInfo& pod, const std::vector<const NodeInfo*>&) {
  if (pod.preferred_node_affinity.empty() && added_preferred_.empty()) {
    return PluginStatus(Code::kSkip, std::vector<std::string>{});
  }
  return {};
}

PluginStatus NodeAffinity::Score(const CycleState&, const PodInfo& pod, const NodeInfo& node, int64_t* score) const {
  int64_t sum = 0;
  for (const auto* terms : {&added_preferred_, &pod.preferred_node_affinity}) {
    for (const PreferredSchedulingTerm& t : *terms) {
      if (t.weight != 0 && t.term.Matches(node.node()->labels, node.name())) sum += t.weight;
    }
  }
  *score = sum;
  return {};
}

PluginStatus NodeAffinity::NormalizeScore(const CycleState&, const PodInfo&, std::vector<int64_t>& scores) const {
  DefaultNormalizeScore(kMaxNodeScore, false, scores);
  return {};
}

std::vector<ClusterEvent> NodeAffinity::EventsToRegister() const {
  return {{EventResource::kNode, kAdd | kUpdateNodeLabel, "NodeAddOrLabelChange"}};
}

std::unique_ptr<Plugin> New(const boost::json::object& args, Handle&) { return std::make_unique<NodeAffinity>(args); }

}  // namespace kubepp::scheduler::plugins::nodeaffinity
