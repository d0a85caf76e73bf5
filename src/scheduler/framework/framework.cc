#include "scheduler/framework/framework.h"

#include <algorithm>

#include "base/log.h"

namespace kubepp::scheduler::framework {

const PluginFactory* Registry::Find(std::string_view name) const {
  for (const auto& [n, f] : factories) {
    if (n == name) return &f;
  }
  return nullptr;
}

void PreFilterResult::Merge(const PreFilterResult& other) {
  if (other.all_nodes) return;
  if (all_nodes) {
    *this = other;
    return;
  }
  std::vector<std::string> both;
  for (const auto& n : node_names) {
    if (std::find(other.node_names.begin(), other.node_names.end(), n) != other.node_names.end()) both.push_back(n);
  }
  node_names = std::move(both);
}

namespace {
template <typename T>
void Collect(Plugin* p, std::vector<T*>& out) {
  if (auto* t = dynamic_cast<T*>(p)) out.push_back(t);
}

// Index of the Filter/Score plugin named like `p` (the skip bit).
template <typename T>
int IndexOf(const std::vector<T*>& list, const Plugin* p) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (static_cast<const Plugin*>(list[i]) == p) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

Framework::~Framework() = default;

StatusOr<std::unique_ptr<Framework>> Framework::Create(const Registry& registry, const ProfileConfig& config,
                                                       Handle handle) {
  std::unique_ptr<Framework> f(new Framework());
  f->config_ = config;
  f->handle_ = std::move(handle);
  f->handle_.framework = f.get();
  static const boost::json::object kNoArgs;
  for (const std::string& name : config.plugins) {
    const PluginFactory* factory = registry.Find(name);
    if (factory == nullptr) return Status::Invalid("plugin \"" + name + "\" does not exist");
    auto args = config.plugin_args.find(name);
    std::unique_ptr<Plugin> p = (*factory)(args == config.plugin_args.end() ? kNoArgs : args->second, f->handle_);
    if (!p) return Status::Invalid("plugin \"" + name + "\" could not be built");
    Plugin* raw = p.get();
    Collect(raw, f->pre_enqueue_);
    if (auto* qs = dynamic_cast<QueueSortPlugin*>(raw); qs && f->queue_sort_ == nullptr) f->queue_sort_ = qs;
    Collect(raw, f->pre_filter_);
    Collect(raw, f->filter_);
    Collect(raw, f->post_filter_);
    Collect(raw, f->pre_score_);
    if (auto* s = dynamic_cast<ScorePlugin*>(raw)) {
      auto w = config.score_weights.find(name);
      f->score_.emplace_back(s, w == config.score_weights.end() ? 1 : w->second);
    }
    Collect(raw, f->reserve_);
    Collect(raw, f->permit_);
    Collect(raw, f->pre_bind_);
    Collect(raw, f->bind_);
    Collect(raw, f->post_bind_);
    if (auto* e = dynamic_cast<EnqueueExtensions*>(raw)) {
      f->events_[name] = e->EventsToRegister();
    } else {
      f->events_[name] = {{EventResource::kWildcard, kAll, "WildCardEvent"}};
    }
    f->plugins_.push_back(std::move(p));
  }
  if (f->filter_.size() > 64 || f->score_.size() > 64) return Status::Invalid("too many plugins in one profile");
  return f;
}

PluginStatus Framework::RunPreEnqueuePlugins(const PodInfo& pod) const {
  for (PreEnqueuePlugin* p : pre_enqueue_) {
    PluginStatus s = p->PreEnqueue(pod);
    if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
  }
  return {};
}

bool Framework::QueueSortLess(const PodInfo& a, Clock::TimePoint a_queued, const PodInfo& b,
                              Clock::TimePoint b_queued) const {
  if (queue_sort_ != nullptr) return queue_sort_->Less(a, a_queued, b, b_queued);
  return a_queued < b_queued;
}

PluginStatus Framework::RunPreFilterPlugins(CycleState& state, const PodInfo& pod, PreFilterResult* result) const {
  *result = PreFilterResult();
  state.skip_filter = 0;
  for (PreFilterPlugin* p : pre_filter_) {
    PreFilterResult r;
    PluginStatus s = p->PreFilter(state, pod, &r);
    if (s.IsSkip()) {
      int i = IndexOf(filter_, p);
      if (i >= 0) state.skip_filter |= uint64_t{1} << i;
      continue;
    }
    if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
    result->Merge(r);
    if (!result->all_nodes && result->node_names.empty()) {
      // upstream's message when PreFilter results leave no node.
      return PluginStatus(Code::kUnschedulableAndUnresolvable,
                          "node(s) didn't satisfy plugin(s) [" + std::string(p->Name()) + "]")
          .WithPlugin(std::string(p->Name()));
    }
  }
  return {};
}

PluginStatus Framework::RunFilterPlugins(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const {
  for (size_t i = 0; i < filter_.size(); ++i) {
    if (state.skip_filter & (uint64_t{1} << i)) continue;
    PluginStatus s = filter_[i]->Filter(state, pod, node);
    if (!s.ok()) return s.WithPlugin(std::string(filter_[i]->Name()));
  }
  return {};
}

PluginStatus Framework::RunPreFilterExtensionAddPod(CycleState& state, const PodInfo& pod, const PodInfoPtr& other,
                                                    const NodeInfo& node) const {
  for (PreFilterPlugin* p : pre_filter_) {
    int i = IndexOf(filter_, p);
    if (i >= 0 && (state.skip_filter & (uint64_t{1} << i))) continue;
    PluginStatus s = p->AddPod(state, pod, other, node);
    if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
  }
  return {};
}

PluginStatus Framework::RunPreFilterExtensionRemovePod(CycleState& state, const PodInfo& pod,
                                                       const PodInfoPtr& other, const NodeInfo& node) const {
  for (PreFilterPlugin* p : pre_filter_) {
    int i = IndexOf(filter_, p);
    if (i >= 0 && (state.skip_filter & (uint64_t{1} << i))) continue;
    PluginStatus s = p->RemovePod(state, pod, other, node);
    if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
  }
  return {};
}

PluginStatus Framework::RunPostFilterPlugins(CycleState& state, const PodInfo& pod,
                                             const std::vector<NodeStatus>& failed, PostFilterResult* result) const {
  PluginStatus last(Code::kUnschedulable, std::vector<std::string>{});
  for (PostFilterPlugin* p : post_filter_) {
    PluginStatus s = p->PostFilter(state, pod, failed, result);
    if (s.ok()) return s;
    if (s.code() == Code::kError) return s.WithPlugin(std::string(p->Name()));
    last = std::move(s);
    last.WithPlugin(std::string(p->Name()));
  }
  return last;
}

PluginStatus Framework::RunPreScorePlugins(CycleState& state, const PodInfo& pod,
                                           const std::vector<const NodeInfo*>& nodes) const {
  state.skip_score = 0;
  for (PreScorePlugin* p : pre_score_) {
    PluginStatus s = p->PreScore(state, pod, nodes);
    if (s.IsSkip()) {
      for (size_t i = 0; i < score_.size(); ++i) {
        if (static_cast<Plugin*>(score_[i].first) == static_cast<Plugin*>(p)) state.skip_score |= uint64_t{1} << i;
      }
      continue;
    }
    if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
  }
  return {};
}

PluginStatus Framework::RunScorePlugins(
    const CycleState& state, const PodInfo& pod, const std::vector<const NodeInfo*>& nodes,
    std::vector<NodeScore>* scores, std::vector<std::pair<std::string_view, std::vector<int64_t>>>* per_plugin) const {
  scores->assign(nodes.size(), NodeScore{});
  for (size_t n = 0; n < nodes.size(); ++n) (*scores)[n].node = nodes[n];
  std::vector<int64_t> raw(nodes.size());
  for (size_t i = 0; i < score_.size(); ++i) {
    if (state.skip_score & (uint64_t{1} << i)) continue;
    ScorePlugin* p = score_[i].first;
    for (size_t n = 0; n < nodes.size(); ++n) {
      raw[n] = 0;
      PluginStatus s = p->Score(state, pod, *nodes[n], &raw[n]);
      if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
    }
    if (p->HasNormalizeScore()) {
      PluginStatus s = p->NormalizeScore(state, pod, raw);
      if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
    }
    int64_t weight = score_[i].second;
    for (size_t n = 0; n < nodes.size(); ++n) (*scores)[n].total += raw[n] * weight;
    if (per_plugin != nullptr) {
      per_plugin->emplace_back(p->Name(), raw);
      for (auto& v : per_plugin->back().second) v *= weight;
    }
  }
  return {};
}

PluginStatus Framework::RunReservePluginsReserve(CycleState& state, const PodInfo& pod, const std::string& node) const {
  for (ReservePlugin* p : reserve_) {
    PluginStatus s = p->Reserve(state, pod, node);
    if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
  }
  return {};
}

void Framework::RunReservePluginsUnreserve(CycleState& state, const PodInfo& pod, const std::string& node) const {
  // In reverse order, as upstream.
  for (auto it = reserve_.rbegin(); it != reserve_.rend(); ++it) (*it)->Unreserve(state, pod, node);
}

PluginStatus Framework::RunPermitPlugins(CycleState& state, const PodInfo& pod, const std::string& node) const {
  for (PermitPlugin* p : permit_) {
    Clock::Duration timeout{};
    PluginStatus s = p->Permit(state, pod, node, &timeout);
    // kubepp has no permit waiting room yet: Wait counts as a rejection.
    if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
  }
  return {};
}

PluginStatus Framework::RunPreBindPlugins(CycleState& state, const PodInfo& pod, const std::string& node) const {
  for (PreBindPlugin* p : pre_bind_) {
    PluginStatus s = p->PreBind(state, pod, node);
    if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
  }
  return {};
}

PluginStatus Framework::RunBindPlugins(CycleState& state, const PodInfo& pod, const std::string& node) const {
  for (BindPlugin* p : bind_) {
    PluginStatus s = p->Bind(state, pod, node);
    if (s.IsSkip()) continue;
    if (!s.ok()) return s.WithPlugin(std::string(p->Name()));
    return s;
  }
  return PluginStatus(Code::kError, "no bind plugin bound the pod");
}

void Framework::RunPostBindPlugins(CycleState& state, const PodInfo& pod, const std::string& node) const {
  for (PostBindPlugin* p : post_bind_) p->PostBind(state, pod, node);
}

int NumFeasibleNodesToFind(int percentage, int num_all_nodes) {
  constexpr int kMinFeasibleNodesToFind = 100;
  constexpr int kMinFeasibleNodesPercentageToFind = 5;
  if (num_all_nodes < kMinFeasibleNodesToFind) return num_all_nodes;
  if (percentage <= 0) {
    percentage = 50 - num_all_nodes / 125;
    if (percentage < kMinFeasibleNodesPercentageToFind) percentage = kMinFeasibleNodesPercentageToFind;
  }
  if (percentage >= 100) return num_all_nodes;
  int64_t n = static_cast<int64_t>(num_all_nodes) * percentage / 100;
  if (n < kMinFeasibleNodesToFind) return kMinFeasibleNodesToFind;
  return static_cast<int>(n);
}

}  // namespace kubepp::scheduler::framework
