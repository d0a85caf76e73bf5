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

// Whether `p` implements the interface of `point` (upstream's reflect Implements).
bool Implements(ExtensionPoint point, Plugin* p) {
  switch (point) {
    case ExtensionPoint::kPreEnqueue:
      return dynamic_cast<PreEnqueuePlugin*>(p) != nullptr;
    case ExtensionPoint::kQueueSort:
      return dynamic_cast<QueueSortPlugin*>(p) != nullptr;
    case ExtensionPoint::kPreFilter:
      return dynamic_cast<PreFilterPlugin*>(p) != nullptr;
    case ExtensionPoint::kFilter:
      return dynamic_cast<FilterPlugin*>(p) != nullptr;
    case ExtensionPoint::kPostFilter:
      return dynamic_cast<PostFilterPlugin*>(p) != nullptr;
    case ExtensionPoint::kPreScore:
      return dynamic_cast<PreScorePlugin*>(p) != nullptr;
    case ExtensionPoint::kScore:
      return dynamic_cast<ScorePlugin*>(p) != nullptr;
    case ExtensionPoint::kReserve:
      return dynamic_cast<ReservePlugin*>(p) != nullptr;
    case ExtensionPoint::kPermit:
      return dynamic_cast<PermitPlugin*>(p) != nullptr;
    case ExtensionPoint::kPreBind:
      return dynamic_cast<PreBindPlugin*>(p) != nullptr;
    case ExtensionPoint::kBind:
      return dynamic_cast<BindPlugin*>(p) != nullptr;
    case ExtensionPoint::kPostBind:
      return dynamic_cast<PostBindPlugin*>(p) != nullptr;
  }
  return false;
}

// Index of the Filter/Score plugin named like `p` (the skip bit).
template <typename T>
int IndexOf(const std::vector<T*>& list, const Plugin* p) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (static_cast<const Plugin*>(list[i]) == p) return static_cast<int>(i);
  }
  return -1;
}

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

Framework::~Framework() = default;

StatusOr<std::unique_ptr<Framework>> Framework::Create(const Registry& registry, const ProfileConfig& config,
                                                       Handle handle) {
  std::unique_ptr<Framework> f(new Framework());
  f->config_ = config;
  f->handle_ = std::move(handle);
  f->handle_.framework = f.get();
  if (f->handle_.clock == nullptr) f->handle_.clock = &Clock::Real();
  if (f->handle_.waiting_pods == nullptr) {
    f->own_waiting_pods_ = std::make_unique<WaitingPodsMap>();
    f->handle_.waiting_pods = f->own_waiting_pods_.get();
  }
  f->waiting_pods_ = f->handle_.waiting_pods;

  // Every plugin named anywhere is built once, in the order first named;
  // names the registry lacks are reported by the extension point naming them.
  std::vector<std::string> needed;
  auto need = [&](const PluginSet& set) {
    for (const PluginRef& p : set.enabled) {
      if (!Contains(needed, p.name)) needed.push_back(p.name);
    }
  };
  need(config.plugins.multi_point);
  for (const PluginSet& set : config.plugins.points) need(set);
  static const boost::json::object kNoArgs;
  std::map<std::string, Plugin*, std::less<>> by_name;
  for (const std::string& name : needed) {
    const PluginFactory* factory = registry.Find(name);
    if (factory == nullptr) continue;
    auto args = config.plugin_args.find(name);
    std::unique_ptr<Plugin> p = (*factory)(args == config.plugin_args.end() ? kNoArgs : args->second, f->handle_);
    if (!p) return Status::Invalid("initializing plugin " + Quoted(name) + ": the plugin could not be built");
    by_name[name] = p.get();
    if (auto* e = dynamic_cast<EnqueueExtensions*>(p.get())) {
      f->events_[name] = e->EventsToRegister();
    } else {
      f->events_[name] = {{EventResource::kWildcard, kAll, "WildCardEvent"}};
    }
    f->plugins_.push_back(std::move(p));
  }
  if (Status st = f->BuildExtensionPoints(by_name); !st.ok()) return st;
  const std::vector<Plugin*>& queue_sort = f->points_[static_cast<size_t>(ExtensionPoint::kQueueSort)];
  if (queue_sort.size() != 1) {
    return Status::Invalid("only one queue sort plugin required for profile with scheduler name " +
                           Quoted(config.scheduler_name) + ", but got " + std::to_string(queue_sort.size()));
  }
  if (f->bind_.empty()) {
    return Status::Invalid("at least one bind plugin is needed for profile with scheduler name " +
                           Quoted(config.scheduler_name));
  }
  // Weights: score.enabled first, then multiPoint.enabled; 0 means 1.
  auto weigh = [&](const PluginSet& set) {
    for (const PluginRef& p : set.enabled) {
      auto it = by_name.find(p.name);
      if (it == by_name.end() || !Implements(ExtensionPoint::kScore, it->second)) continue;
      if (f->score_weights_.count(p.name)) continue;
      f->score_weights_[p.name] = p.weight == 0 ? 1 : p.weight;
    }
  };
  weigh(config.plugins.at(ExtensionPoint::kScore));
  weigh(config.plugins.multi_point);
  for (Plugin* p : f->points_[static_cast<size_t>(ExtensionPoint::kScore)]) {
    auto w = f->score_weights_.find(p->Name());
    f->score_.emplace_back(dynamic_cast<ScorePlugin*>(p), w == f->score_weights_.end() ? 1 : w->second);
  }
  if (f->filter_.size() > 64 || f->score_.size() > 64) return Status::Invalid("too many plugins in one profile");
  return f;
}

Status Framework::BuildExtensionPoints(const std::map<std::string, Plugin*, std::less<>>& by_name) {
  // Upstream walks the points in this order; it decides which error is reported first.
  constexpr ExtensionPoint kOrder[] = {
      ExtensionPoint::kPreFilter, ExtensionPoint::kFilter,  ExtensionPoint::kPostFilter, ExtensionPoint::kReserve,
      ExtensionPoint::kPreScore,  ExtensionPoint::kScore,   ExtensionPoint::kPreBind,    ExtensionPoint::kBind,
      ExtensionPoint::kPostBind,  ExtensionPoint::kPermit,  ExtensionPoint::kPreEnqueue, ExtensionPoint::kQueueSort,
  };
  // First the plugins each point enables explicitly, in order.
  std::array<std::vector<std::string>, kExtensionPointCount> explicit_names;
  for (ExtensionPoint point : kOrder) {
    std::string_view type = InterfaceName(point);
    std::vector<std::string>& names = explicit_names[static_cast<size_t>(point)];
    for (const PluginRef& ref : config_.plugins.at(point).enabled) {
      auto it = by_name.find(ref.name);
      if (it == by_name.end()) return Status::Invalid(std::string(type) + " " + Quoted(ref.name) + " does not exist");
      if (!Implements(point, it->second)) {
        return Status::Invalid("plugin " + Quoted(ref.name) + " does not extend " + std::string(type) + " plugin");
      }
      if (Contains(names, ref.name)) {
        return Status::Invalid("plugin " + Quoted(ref.name) + " already registered as " + Quoted(type));
      }
      names.push_back(ref.name);
    }
  }
  // Then the multiPoint plugins implementing each point, unless disabled
  // there; one also enabled explicitly is an override and keeps the place
  // its explicit entry gives it, ahead of the multiPoint ones.
  const PluginSet& multi = config_.plugins.multi_point;
  for (ExtensionPoint point : kOrder) {
    const PluginSet& set = config_.plugins.at(point);
    const std::vector<std::string>& names = explicit_names[static_cast<size_t>(point)];
    std::string_view type = InterfaceName(point);
    std::vector<std::string> from_multi, overrides;
    if (!set.Disables("*")) {
      for (const PluginRef& ref : multi.enabled) {
        auto it = by_name.find(ref.name);
        if (it == by_name.end()) return Status::Invalid(std::string(type) + " " + Quoted(ref.name) + " does not exist");
        if (!Implements(point, it->second) || set.Disables(ref.name)) continue;
        if (Contains(names, ref.name)) {
          overrides.push_back(ref.name);
          continue;
        }
        if (Contains(from_multi, ref.name)) {
          return Status::Invalid("plugin " + Quoted(ref.name) + " already registered as " + Quoted(type));
        }
        from_multi.push_back(ref.name);
      }
    }
    std::vector<std::string> order;
    for (const std::string& n : names) {
      if (Contains(overrides, n)) order.push_back(n);
    }
    for (const std::string& n : from_multi) order.push_back(n);
    for (const std::string& n : names) {
      if (!Contains(overrides, n)) order.push_back(n);
    }
    for (const std::string& n : order) Place(point, by_name.find(n)->second);
  }
  return Status::Ok();
}

void Framework::Place(ExtensionPoint point, Plugin* p) {
  points_[static_cast<size_t>(point)].push_back(p);
  switch (point) {
    case ExtensionPoint::kPreEnqueue:
      pre_enqueue_.push_back(dynamic_cast<PreEnqueuePlugin*>(p));
      break;
    case ExtensionPoint::kQueueSort:
      if (queue_sort_ == nullptr) queue_sort_ = dynamic_cast<QueueSortPlugin*>(p);
      break;
    case ExtensionPoint::kPreFilter:
      pre_filter_.push_back(dynamic_cast<PreFilterPlugin*>(p));
      break;
    case ExtensionPoint::kFilter:
      filter_.push_back(dynamic_cast<FilterPlugin*>(p));
      break;
    case ExtensionPoint::kPostFilter:
      post_filter_.push_back(dynamic_cast<PostFilterPlugin*>(p));
      break;
    case ExtensionPoint::kPreScore:
      pre_score_.push_back(dynamic_cast<PreScorePlugin*>(p));
      break;
    case ExtensionPoint::kScore:
      break;  // with its weight, once every weight is known
    case ExtensionPoint::kReserve:
      reserve_.push_back(dynamic_cast<ReservePlugin*>(p));
      break;
    case ExtensionPoint::kPermit:
      permit_.push_back(dynamic_cast<PermitPlugin*>(p));
      break;
    case ExtensionPoint::kPreBind:
      pre_bind_.push_back(dynamic_cast<PreBindPlugin*>(p));
      break;
    case ExtensionPoint::kBind:
      bind_.push_back(dynamic_cast<BindPlugin*>(p));
      break;
    case ExtensionPoint::kPostBind:
      post_bind_.push_back(dynamic_cast<PostBindPlugin*>(p));
      break;
  }
}

std::vector<PluginRef> Framework::ListPlugins(ExtensionPoint point) const {
  std::vector<PluginRef> out;
  for (Plugin* p : points_[static_cast<size_t>(point)]) {
    PluginRef ref{std::string(p->Name()), 0};
    if (point == ExtensionPoint::kScore) {
      auto w = score_weights_.find(ref.name);
      ref.weight = w == score_weights_.end() ? 1 : static_cast<int32_t>(w->second);
    }
    out.push_back(std::move(ref));
  }
  return out;
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

namespace {

void PrefetchLines(const void* object, size_t bytes) {
  const char* p = static_cast<const char*>(object);
  for (size_t off = 0; off < bytes; off += 64) __builtin_prefetch(p + off);
}

// The feasible nodes were filtered on several threads, so most of their data
// sits in another core's cache, or none. Scoring reads it plugin after
// plugin: fetch it all first, NodeInfos, then (through them) NodeSpecs and
// their taints, so each plugin's pass finds it here.
void PrefetchForScoring(const std::vector<const NodeInfo*>& nodes) {
  for (const NodeInfo* n : nodes) PrefetchLines(n, sizeof(NodeInfo));
  for (const NodeInfo* n : nodes) {
    if (const NodeSpec* spec = n->node()) PrefetchLines(spec, sizeof(NodeSpec));
  }
  for (const NodeInfo* n : nodes) {
    const NodeSpec* spec = n->node();
    if (spec != nullptr && !spec->taints.empty()) __builtin_prefetch(spec->taints.data());
  }
}

}  // namespace

PluginStatus Framework::RunScorePlugins(
    const CycleState& state, const PodInfo& pod, const std::vector<const NodeInfo*>& nodes,
    std::vector<NodeScore>* scores, std::vector<std::pair<std::string_view, std::vector<int64_t>>>* per_plugin) const {
  scores->assign(nodes.size(), NodeScore{});
  for (size_t n = 0; n < nodes.size(); ++n) (*scores)[n].node = nodes[n];
  PrefetchForScoring(nodes);
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

PluginStatus Framework::RunPermitPlugins(CycleState& state, const PodInfoPtr& pod, const std::string& node) const {
  std::map<std::string, Clock::Duration> waits;
  for (PermitPlugin* p : permit_) {
    Clock::Duration timeout{};
    PluginStatus s = p->Permit(state, *pod, node, &timeout);
    if (s.ok()) continue;
    std::string name(p->Name());
    if (s.IsRejected()) return s.WithPlugin(name);
    if (s.IsWait()) {
      waits[name] = std::min(timeout, kMaxPermitTimeout);
      continue;
    }
    return PluginStatus(Code::kError, "running Permit plugin " + Quoted(name) + ": " + s.Message()).WithPlugin(name);
  }
  if (waits.empty()) return {};
  waiting_pods_->Add(std::make_shared<WaitingPod>(pod, node, waits, *handle_.clock));
  VLOG(4) << "one or more plugins asked to wait and no plugin rejected pod " << pod->key;
  return PluginStatus(Code::kWait, "one or more plugins asked to wait and no plugin rejected pod " + Quoted(pod->name));
}

PluginStatus Framework::WaitOnPermit(const PodInfo& pod) const {
  std::shared_ptr<WaitingPod> waiting = waiting_pods_->Get(pod.uid);
  if (waiting == nullptr) return {};
  VLOG(4) << "pod " << pod.key << " waiting on permit";
  PluginStatus s = waiting->Wait();
  waiting_pods_->Remove(pod.uid);
  if (!s.ok()) {
    VLOG(4) << "pod " << pod.key << " rejected while waiting on permit: " << s.Message();
  }
  return s;
}

bool Framework::RejectWaitingPod(std::string_view uid) const {
  std::shared_ptr<WaitingPod> waiting = waiting_pods_->Get(uid);
  if (waiting == nullptr) return false;
  waiting->Reject("", "removed");
  return true;
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
