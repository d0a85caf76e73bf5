#include "scheduler/plugins/podtopologyspread/pod_topology_spread.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "scheduler/framework/json_read.h"
#include "scheduler/plugins/names.h"
#include "scheduler/plugins/nodeaffinity/node_affinity.h"
#include "scheduler/plugins/podtopologyspread/match_counts.h"
#include "scheduler/plugins/podtopologyspread/node_domains.h"

namespace kubepp::scheduler::plugins::podtopologyspread {

using namespace framework;  // NOLINT

namespace {

constexpr std::string_view kPreFilterKey = "PreFilterPodTopologySpread";
constexpr std::string_view kPreScoreKey = "PreScorePodTopologySpread";
constexpr std::string_view kHostname = "kubernetes.io/hostname";

bool HasAllKeys(const NodeSpec& node, const std::vector<TopologySpreadConstraint>& cs) {
  for (const auto& c : cs) {
    if (node.Label(c.topology_key) == nullptr) return false;
  }
  return true;
}

// Whether the node counts for the constraint (nodeAffinityPolicy / nodeTaintsPolicy).
bool NodeEligible(const PodInfo& pod, const NodeSpec& node, const TopologySpreadConstraint& c) {
  if (c.honor_node_affinity && !nodeaffinity::RequiredMatches(pod, node)) return false;
  if (c.honor_node_taints) {
    for (const Taint& t : node.taints) {
      if (t.effect != "NoSchedule" && t.effect != "NoExecute") continue;
      bool ok = false;
      for (const Toleration& tol : pod.tolerations) ok = ok || tol.Tolerates(t);
      if (!ok) return false;
    }
  }
  return true;
}

struct PreFilterState : StateData {
  std::vector<TopologySpreadConstraint> constraints;
  // Per constraint: domain value -> matching pods.
  std::vector<std::unordered_map<std::string, int64_t>> counts;
  // Per constraint, what Filter reads for every node, kept current by Refresh:
  // the smallest count of a domain (0 below minDomains), and 1 when the pod
  // matches its own selector (it counts where it lands).
  std::vector<int64_t> min_match;
  std::vector<int64_t> self_match;
  std::unique_ptr<StateData> Clone() const override { return std::make_unique<PreFilterState>(*this); }
  void Refresh(const PodInfo& pod) {
    min_match.assign(constraints.size(), 0);
    self_match.assign(constraints.size(), 0);
    for (size_t i = 0; i < constraints.size(); ++i) {
      self_match[i] = constraints[i].selector.Matches(pod.labels) ? 1 : 0;
      if (static_cast<int64_t>(counts[i].size()) < constraints[i].min_domains) continue;
      int64_t mn = std::numeric_limits<int64_t>::max();
      for (const auto& [v, n] : counts[i]) mn = std::min(mn, n);
      min_match[i] = mn == std::numeric_limits<int64_t>::max() ? 0 : mn;
    }
  }
  void Update(const PodInfo& pod, const PodInfo& other, const NodeInfo& node, int64_t sign) {
    if (other.ns != pod.ns || !HasAllKeys(*node.node(), constraints)) return;
    for (size_t i = 0; i < constraints.size(); ++i) {
      if (!NodeEligible(pod, *node.node(), constraints[i]) || !constraints[i].selector.Matches(other.labels)) continue;
      counts[i][*node.node()->Label(constraints[i].topology_key)] += sign;
    }
    Refresh(pod);
  }
};

struct PreScoreState : StateData {
  std::vector<TopologySpreadConstraint> constraints;
  std::vector<std::unordered_map<std::string, int64_t>> counts;  // non-hostname keys
  std::vector<double> weights;
  std::unique_ptr<StateData> Clone() const override { return std::make_unique<PreScoreState>(*this); }
};

}  // namespace

// What a pass over the cluster reads for each constraint: its matching-pod
// counts and its nodes' domain numbers, both remembered across cycles.
struct ConstraintTables {
  std::vector<std::shared_ptr<MatchCounts::Table>> counts;
  std::vector<std::shared_ptr<NodeDomains>> domains;

  // Each constraint's domain number of `node` into `ids`; false when the
  // node lacks a constraint's topology label.
  bool DomainIds(const NodeInfo& node, std::vector<int>& ids) const {
    for (size_t i = 0; i < domains.size(); ++i) {
      ids[i] = domains[i]->Of(node);
      if (ids[i] < 0) return false;
    }
    return true;
  }
};

ConstraintTables PodTopologySpread::TablesFor(
    const PodInfo& pod, const std::vector<TopologySpreadConstraint>& constraints, size_t nodes) {
  ConstraintTables t;
  for (const auto& c : constraints) {
    t.counts.push_back(match_counts_->For(pod.ns, c.selector, nodes));
    t.domains.push_back(DomainsOf(c.topology_key, nodes));
  }
  return t;
}

PodTopologySpread::~PodTopologySpread() = default;

PodTopologySpread::PodTopologySpread(const boost::json::object& args, Handle& handle)
    : handle_(handle), match_counts_(std::make_unique<MatchCounts>()) {
  std::string_view defaulting = StringAt(&args, "defaultingType");
  if (defaulting == "List") {
    system_defaults_ = false;
    ForEachObject(&args, "defaultConstraints", [&](const boost::json::object& c) {
      TopologySpreadConstraint t;
      t.max_skew = static_cast<int32_t>(IntAt(&c, "maxSkew", 1));
      t.topology_key = StringAt(&c, "topologyKey");
      t.do_not_schedule = StringAt(&c, "whenUnsatisfiable") != "ScheduleAnyway";
      t.min_domains = static_cast<int32_t>(IntAt(&c, "minDomains", 1));
      t.honor_node_affinity = StringAt(&c, "nodeAffinityPolicy") != "Ignore";
      t.honor_node_taints = StringAt(&c, "nodeTaintsPolicy") == "Honor";
      default_constraints_.push_back(std::move(t));
    });
  } else {
    TopologySpreadConstraint host;
    host.max_skew = 3;
    host.topology_key = std::string(kHostname);
    host.do_not_schedule = false;
    TopologySpreadConstraint zone;
    zone.max_skew = 5;
    zone.topology_key = "topology.kubernetes.io/zone";
    zone.do_not_schedule = false;
    default_constraints_ = {host, zone};
  }
}

std::string_view PodTopologySpread::Name() const { return kPodTopologySpread; }

std::vector<TopologySpreadConstraint> PodTopologySpread::Constraints(const PodInfo& pod, bool do_not_schedule) const {
  std::vector<TopologySpreadConstraint> out;
  if (!pod.spread_constraints.empty()) {
    for (const auto& c : pod.spread_constraints) {
      if (c.do_not_schedule == do_not_schedule) out.push_back(c);
    }
    return out;
  }
  if (!pod.has_controller_owner || pod.labels.empty()) return out;
  // The pods of the same controller carry the same labels.
  std::string sel;
  for (const auto& [k, v] : pod.labels) {
    if (!sel.empty()) sel += ",";
    sel += k + "=" + v;
  }
  StatusOr<api::LabelSelector> selector = api::LabelSelector::Parse(sel);
  if (!selector.ok()) return out;
  for (auto c : default_constraints_) {
    if (c.do_not_schedule != do_not_schedule) continue;
    c.selector = *selector;
    out.push_back(std::move(c));
  }
  return out;
}

std::shared_ptr<NodeDomains> PodTopologySpread::DomainsOf(const std::string& topology_key,
                                                          size_t nodes) {
  // Topology keys are few; a cluster that used many would start over.
  if (domains_.size() > 64 && !domains_.contains(topology_key)) domains_.clear();
  std::shared_ptr<NodeDomains>& slot = domains_[topology_key];
  if (!slot || slot->Oversized(nodes)) slot = std::make_shared<NodeDomains>(topology_key);
  return slot;
}

PluginStatus PodTopologySpread::PreFilter(CycleState& state, const PodInfo& pod, PreFilterResult*) {
  auto s = std::make_unique<PreFilterState>();
  s->constraints = Constraints(pod, true);
  if (s->constraints.empty()) return PluginStatus(Code::kSkip, std::vector<std::string>{});
  if (handle_.snapshot == nullptr) return PluginStatus(Code::kError, "PodTopologySpread: no snapshot");
  s->counts.resize(s->constraints.size());
  const std::vector<NodeInfo*>& nodes = handle_.snapshot->List();
  const size_t n_constraints = s->constraints.size();
  const ConstraintTables tables = TablesFor(pod, s->constraints, nodes.size());
  // Over the whole cluster for every pod scheduled: each node's domains and
  // counts come from what earlier cycles remembered. Per constraint, per
  // domain number: matching pods, or -1 for a domain no eligible node has.
  std::vector<std::vector<int64_t>> by_domain(n_constraints);
  std::vector<int> ids(n_constraints);
  for (const NodeInfo* node : nodes) {
    if (!tables.DomainIds(*node, ids)) continue;
    for (size_t i = 0; i < n_constraints; ++i) {
      if (!NodeEligible(pod, *node->node(), s->constraints[i])) continue;
      std::vector<int64_t>& counts = by_domain[i];
      if (counts.size() <= static_cast<size_t>(ids[i]))
        counts.resize(tables.domains[i]->size(), -1);
      int64_t& count = counts[static_cast<size_t>(ids[i])];
      count = std::max<int64_t>(count, 0) + tables.counts[i]->Count(*node);
    }
  }
  for (size_t i = 0; i < n_constraints; ++i) {
    for (size_t id = 0; id < by_domain[i].size(); ++id) {
      if (by_domain[i][id] >= 0)
        s->counts[i][tables.domains[i]->Value(static_cast<int>(id))] = by_domain[i][id];
    }
  }
  s->Refresh(pod);
  state.Write(kPreFilterKey, std::move(s));
  return {};
}

PluginStatus PodTopologySpread::AddPod(CycleState& state, const PodInfo& pod, const PodInfoPtr& other,
                                       const NodeInfo& node) {
  if (auto* s = state.Read<PreFilterState>(kPreFilterKey)) s->Update(pod, *other, node, +1);
  return {};
}

PluginStatus PodTopologySpread::RemovePod(CycleState& state, const PodInfo& pod, const PodInfoPtr& other,
                                          const NodeInfo& node) {
  if (auto* s = state.Read<PreFilterState>(kPreFilterKey)) s->Update(pod, *other, node, -1);
  return {};
}

PluginStatus PodTopologySpread::Filter(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const {
  const auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (s == nullptr) return PluginStatus(Code::kError, "PodTopologySpread: no PreFilter state");
  for (size_t i = 0; i < s->constraints.size(); ++i) {
    const auto& c = s->constraints[i];
    const std::string* value = node.node()->Label(c.topology_key);
    if (value == nullptr) {
      return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonNodeLabelNotMatch));
    }
    auto it = s->counts[i].find(*value);
    int64_t match = it == s->counts[i].end() ? 0 : it->second;
    if (match + s->self_match[i] - s->min_match[i] > c.max_skew) {
      return PluginStatus(Code::kUnschedulable, std::string(kErrReasonConstraintsNotMatch));
    }
  }
  return {};
}

PluginStatus PodTopologySpread::PreScore(CycleState& state, const PodInfo& pod,
                                         const std::vector<const NodeInfo*>& nodes) {
  auto s = std::make_unique<PreScoreState>();
  s->constraints = Constraints(pod, false);
  if (s->constraints.empty()) return PluginStatus(Code::kSkip, std::vector<std::string>{});
  if (handle_.snapshot == nullptr) return PluginStatus(Code::kError, "PodTopologySpread: no snapshot");
  s->counts.resize(s->constraints.size());
  s->weights.resize(s->constraints.size());
  // One pass over the cluster, each node's domains looked up once: this runs
  // for every pod scheduled. Matching pods are counted in every domain; only
  // the domains of feasible nodes are kept, as upstream.
  std::vector<const NodeInfo*> feasible(nodes.begin(), nodes.end());
  std::sort(feasible.begin(), feasible.end());
  const size_t n_constraints = s->constraints.size();
  int64_t feasible_with_keys = 0;
  const std::vector<NodeInfo*>& all = handle_.snapshot->List();
  const ConstraintTables tables = TablesFor(pod, s->constraints, all.size());
  // Per constraint, per domain number: matching pods on eligible nodes, and
  // whether a feasible node is in the domain.
  std::vector<std::vector<int64_t>> all_counts(n_constraints);
  std::vector<std::vector<char>> feasible_domains(n_constraints);
  std::vector<int> ids(n_constraints);
  for (const NodeInfo* node : all) {
    if (!tables.DomainIds(*node, ids)) continue;
    bool is_feasible = std::binary_search(feasible.begin(), feasible.end(), node);
    if (is_feasible) ++feasible_with_keys;
    for (size_t i = 0; i < n_constraints; ++i) {
      const auto& c = s->constraints[i];
      if (c.topology_key == kHostname) continue;
      const auto id = static_cast<size_t>(ids[i]);
      if (all_counts[i].size() <= id) {
        all_counts[i].resize(tables.domains[i]->size(), 0);
        feasible_domains[i].resize(tables.domains[i]->size(), 0);
      }
      if (is_feasible) feasible_domains[i][id] = 1;
      if (NodeEligible(pod, *node->node(), c)) all_counts[i][id] += tables.counts[i]->Count(*node);
    }
  }
  for (size_t i = 0; i < n_constraints; ++i) {
    for (size_t id = 0; id < feasible_domains[i].size(); ++id) {
      if (feasible_domains[i][id])
        s->counts[i][tables.domains[i]->Value(static_cast<int>(id))] = all_counts[i][id];
    }
    size_t size = s->constraints[i].topology_key == kHostname ? feasible_with_keys : s->counts[i].size();
    s->weights[i] = std::log(static_cast<double>(size + 2));
  }
  state.Write(kPreScoreKey, std::move(s));
  return {};
}

PluginStatus PodTopologySpread::Score(const CycleState& state, const PodInfo& pod, const NodeInfo& node,
                                      int64_t* score) const {
  *score = 0;
  const auto* s = state.Read<PreScoreState>(kPreScoreKey);
  if (s == nullptr) return {};
  // Nodes without the keys are marked -1 and scored 0 by NormalizeScore.
  if (!HasAllKeys(*node.node(), s->constraints)) {
    *score = -1;
    return {};
  }
  double total = 0;
  for (size_t i = 0; i < s->constraints.size(); ++i) {
    const auto& c = s->constraints[i];
    int64_t cnt = 0;
    if (c.topology_key == kHostname) {
      cnt = CountMatching(node, pod.ns, c.selector);
    } else {
      auto it = s->counts[i].find(*node.node()->Label(c.topology_key));
      if (it != s->counts[i].end()) cnt = it->second;
    }
    total += static_cast<double>(cnt) * s->weights[i] + static_cast<double>(c.max_skew - 1);
  }
  *score = static_cast<int64_t>(std::llround(total));
  return {};
}

PluginStatus PodTopologySpread::NormalizeScore(const CycleState& state, const PodInfo&,
                                               std::vector<int64_t>& scores) const {
  if (state.Read<PreScoreState>(kPreScoreKey) == nullptr) return {};
  int64_t mn = std::numeric_limits<int64_t>::max(), mx = 0;
  for (int64_t s : scores) {
    if (s < 0) continue;
    mn = std::min(mn, s);
    mx = std::max(mx, s);
  }
  for (int64_t& s : scores) {
    if (s < 0) {
      s = 0;
    } else if (mx == 0) {
      s = kMaxNodeScore;
    } else {
      s = kMaxNodeScore * (mx + mn - s) / mx;
    }
  }
  return {};
}

std::vector<ClusterEvent> PodTopologySpread::EventsToRegister() const {
  return {{EventResource::kAssignedPod, kAdd | kDelete | kUpdatePodLabel, "AssignedPodChange"},
          {EventResource::kNode, kAdd | kDelete | kUpdateNodeLabel | kUpdateNodeTaint, "NodeChange"}};
}

std::unique_ptr<Plugin> New(const boost::json::object& args, Handle& handle) {
  return std::make_unique<PodTopologySpread>(args, handle);
}

}  // namespace kubepp::scheduler::plugins::podtopologyspread
