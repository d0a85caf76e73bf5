#include "scheduler/plugins/interpodaffinity/inter_pod_affinity.h"

#include "scheduler/framework/json_read.h"
#include "scheduler/plugins/interpodaffinity/topology_counts.h"
#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::interpodaffinity {

using namespace framework;  // NOLINT

namespace {

constexpr std::string_view kPreFilterKey = "PreFilterInterPodAffinity";
constexpr std::string_view kPreScoreKey = "PreScoreInterPodAffinity";

const api::Labels kNoLabels;

// Whether `pod` matches every term. The incoming pod's terms have their
// namespace selectors resolved to names, so no namespace labels are needed.
bool MatchesAll(const std::vector<AffinityTerm>& terms, const PodInfo& pod) {
  if (terms.empty()) return false;
  for (const auto& t : terms) {
    if (!t.Matches(pod.ns, kNoLabels, pod.labels)) return false;
  }
  return true;
}

// The incoming pod's terms with every label-selecting namespaceSelector
// turned into the namespaces it selects in this cycle's snapshot (upstream's
// mergeAffinityTermNamespacesIfNotEmpty), so matching existing pods needs no
// lookup of their namespaces' labels.
std::vector<AffinityTerm> Resolve(const std::vector<AffinityTerm>& terms, const NodeInfoLister& snap) {
  std::vector<AffinityTerm> out;
  out.reserve(terms.size());
  for (const AffinityTerm& t : terms) {
    out.push_back(t.SelectsNamespacesByLabel() ? t.WithNamespacesResolved(snap.NamespacesMatching(*t.namespace_selector))
                                               : t);
  }
  return out;
}

std::vector<WeightedAffinityTerm> Resolve(const std::vector<WeightedAffinityTerm>& terms, const NodeInfoLister& snap) {
  std::vector<WeightedAffinityTerm> out;
  out.reserve(terms.size());
  for (const WeightedAffinityTerm& w : terms) {
    const AffinityTerm& t = w.term;
    out.push_back({w.weight, t.SelectsNamespacesByLabel()
                                 ? t.WithNamespacesResolved(snap.NamespacesMatching(*t.namespace_selector))
                                 : t});
  }
  return out;
}

struct PreFilterState : StateData {
  std::vector<AffinityTerm> affinity_terms;       // the pod's required affinity, namespaces resolved
  std::vector<AffinityTerm> anti_affinity_terms;  // the pod's required anti-affinity, namespaces resolved
  api::Labels ns_labels;                          // of the pod's namespace, for existing pods' terms
  TopologyCounts existing_anti_affinity;  // existing pods' anti-affinity terms matching the pod
  TopologyCounts affinity;                // pods matching all of the pod's affinity terms
  TopologyCounts anti_affinity;           // pods matching one of the pod's anti-affinity terms
  std::unique_ptr<StateData> Clone() const override { return std::make_unique<PreFilterState>(*this); }
};

// Adds `sign` for `existing` (on `node`) to the counts the incoming `pod` cares about.
void Update(PreFilterState& s, const PodInfo& pod, const PodInfo& existing, const NodeInfo& node, int64_t sign) {
  for (const AffinityTerm& t : existing.required_anti_affinity) {
    if (!t.Matches(pod.ns, s.ns_labels, pod.labels)) continue;
    if (const std::string* v = node.node()->Label(t.topology_key))
      s.existing_anti_affinity.Add(t.topology_key, *v, sign);
  }
  if (MatchesAll(s.affinity_terms, existing)) {
    for (const AffinityTerm& t : s.affinity_terms) {
      if (const std::string* v = node.node()->Label(t.topology_key))
        s.affinity.Add(t.topology_key, *v, sign);
    }
  }
  for (const AffinityTerm& t : s.anti_affinity_terms) {
    if (!t.Matches(existing.ns, kNoLabels, existing.labels)) continue;
    if (const std::string* v = node.node()->Label(t.topology_key))
      s.anti_affinity.Add(t.topology_key, *v, sign);
  }
}

struct PreScoreState : StateData {
  TopologyCounts scores;
  std::unique_ptr<StateData> Clone() const override { return std::make_unique<PreScoreState>(*this); }
};

}  // namespace

InterPodAffinity::InterPodAffinity(const boost::json::object& args, Handle& handle) : handle_(handle) {
  hard_pod_affinity_weight_ = IntAt(&args, "hardPodAffinityWeight", 1);
  ignore_preferred_terms_of_existing_pods_ = BoolAt(&args, "ignorePreferredTermsOfExistingPods");
}

std::string_view InterPodAffinity::Name() const { return kInterPodAffinity; }

PluginStatus InterPodAffinity::PreFilter(CycleState& state, const PodInfo& pod, PreFilterResult*) {
  const NodeInfoLister* snap = handle_.snapshot;
  if (snap == nullptr) return PluginStatus(Code::kError, "no snapshot");
  if (pod.required_affinity.empty() && pod.required_anti_affinity.empty() &&
      snap->HavePodsWithRequiredAntiAffinity().empty()) {
    return PluginStatus(Code::kSkip, std::vector<std::string>{});
  }
  auto s = std::make_unique<PreFilterState>();
  s->affinity_terms = Resolve(pod.required_affinity, *snap);
  s->anti_affinity_terms = Resolve(pod.required_anti_affinity, *snap);
  s->ns_labels = snap->NamespaceLabels(pod.ns);
  for (const NodeInfo* node : snap->HavePodsWithRequiredAntiAffinity()) {
    for (const PodInfoPtr& existing : node->pods_with_required_anti_affinity()) {
      for (const AffinityTerm& t : existing->required_anti_affinity) {
        if (!t.Matches(pod.ns, s->ns_labels, pod.labels)) continue;
        if (const std::string* v = node->node()->Label(t.topology_key)) {
          s->existing_anti_affinity.Add(t.topology_key, *v, 1);
        }
      }
    }
  }
  if (!s->affinity_terms.empty() || !s->anti_affinity_terms.empty()) {
    for (const NodeInfo* node : snap->List()) {
      for (const PodInfoPtr& existing : node->pods()) {
        if (MatchesAll(s->affinity_terms, *existing)) {
          for (const AffinityTerm& t : s->affinity_terms) {
            if (const std::string* v = node->node()->Label(t.topology_key))
              s->affinity.Add(t.topology_key, *v, 1);
          }
        }
        for (const AffinityTerm& t : s->anti_affinity_terms) {
          if (!t.Matches(existing->ns, kNoLabels, existing->labels)) continue;
          if (const std::string* v = node->node()->Label(t.topology_key))
            s->anti_affinity.Add(t.topology_key, *v, 1);
        }
      }
    }
  }
  state.Write(kPreFilterKey, std::move(s));
  return {};
}

PluginStatus InterPodAffinity::AddPod(CycleState& state, const PodInfo& pod, const PodInfoPtr& other,
                                      const NodeInfo& node) {
  if (auto* s = state.Read<PreFilterState>(kPreFilterKey)) Update(*s, pod, *other, node, +1);
  return {};
}

PluginStatus InterPodAffinity::RemovePod(CycleState& state, const PodInfo& pod, const PodInfoPtr& other,
                                         const NodeInfo& node) {
  if (auto* s = state.Read<PreFilterState>(kPreFilterKey)) Update(*s, pod, *other, node, -1);
  return {};
}

PluginStatus InterPodAffinity::Filter(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const {
  const auto* s = state.Read<PreFilterState>(kPreFilterKey);
  if (s == nullptr) return PluginStatus(Code::kError, "InterPodAffinity: no PreFilter state");
  if (!s->affinity_terms.empty()) {
    bool all = true;
    for (const AffinityTerm& t : s->affinity_terms) {
      const std::string* v = node.node()->Label(t.topology_key);
      if (v == nullptr || s->affinity.At(t.topology_key, *v) <= 0) {
        all = false;
        break;
      }
    }
    if (!all) {
      // The first pod of a group that selects itself may go to any node that
      // has the topology keys: nothing matches anywhere yet.
      bool ok = !s->affinity.AnyPositive() && MatchesAll(s->affinity_terms, pod);
      for (const AffinityTerm& t : s->affinity_terms) {
        if (node.node()->Label(t.topology_key) == nullptr) ok = false;
      }
      if (!ok) return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kErrReasonAffinity));
    }
  }
  for (const AffinityTerm& t : s->anti_affinity_terms) {
    const std::string* v = node.node()->Label(t.topology_key);
    if (v != nullptr && s->anti_affinity.At(t.topology_key, *v) > 0) {
      return PluginStatus(Code::kUnschedulable, std::string(kErrReasonAntiAffinity));
    }
  }
  // Only the node's labels for keys that have counts can match one.
  for (const std::string& key : s->existing_anti_affinity.keys()) {
    const std::string* v = node.node()->Label(key);
    if (v != nullptr && s->existing_anti_affinity.At(key, *v) > 0) {
      return PluginStatus(Code::kUnschedulable, std::string(kErrReasonExistingAntiAffinity));
    }
  }
  return {};
}

PluginStatus InterPodAffinity::PreScore(CycleState& state, const PodInfo& pod, const std::vector<const NodeInfo*>&) {
  const NodeInfoLister* snap = handle_.snapshot;
  bool has_constraints = !pod.preferred_affinity.empty() || !pod.preferred_anti_affinity.empty();
  if (snap == nullptr || (!has_constraints && snap->HavePodsWithAffinity().empty()) ||
      (!has_constraints && ignore_preferred_terms_of_existing_pods_)) {
    return PluginStatus(Code::kSkip, std::vector<std::string>{});
  }
  auto s = std::make_unique<PreScoreState>();
  std::vector<WeightedAffinityTerm> preferred = Resolve(pod.preferred_affinity, *snap);
  std::vector<WeightedAffinityTerm> preferred_anti = Resolve(pod.preferred_anti_affinity, *snap);
  const api::Labels& ns_labels = snap->NamespaceLabels(pod.ns);
  // `selected` is in namespace `selected.ns`, whose labels are `selected_ns_labels`.
  auto add = [&](const AffinityTerm& t, const PodInfo& selected, const api::Labels& selected_ns_labels,
                 const NodeInfo& node, int64_t weight) {
    if (weight == 0 || !t.Matches(selected.ns, selected_ns_labels, selected.labels)) return;
    if (const std::string* v = node.node()->Label(t.topology_key))
      s->scores.Add(t.topology_key, *v, weight);
  };
  const auto& nodes = has_constraints ? snap->List() : snap->HavePodsWithAffinity();
  for (const NodeInfo* node : nodes) {
    const auto& pods = has_constraints ? node->pods() : node->pods_with_affinity();
    for (const PodInfoPtr& existing : pods) {
      for (const auto& w : preferred) add(w.term, *existing, kNoLabels, *node, w.weight);
      for (const auto& w : preferred_anti) add(w.term, *existing, kNoLabels, *node, -w.weight);
      for (const auto& t : existing->required_affinity) add(t, pod, ns_labels, *node, hard_pod_affinity_weight_);
      for (const auto& w : existing->preferred_affinity) add(w.term, pod, ns_labels, *node, w.weight);
      for (const auto& w : existing->preferred_anti_affinity) add(w.term, pod, ns_labels, *node, -w.weight);
    }
  }
  state.Write(kPreScoreKey, std::move(s));
  return {};
}

PluginStatus InterPodAffinity::Score(const CycleState& state, const PodInfo&, const NodeInfo& node,
                                     int64_t* score) const {
  *score = 0;
  const auto* s = state.Read<PreScoreState>(kPreScoreKey);
  if (s == nullptr || s->scores.empty()) return {};
  for (const std::string& key : s->scores.keys()) {
    if (const std::string* v = node.node()->Label(key)) *score += s->scores.At(key, *v);
  }
  return {};
}

PluginStatus InterPodAffinity::NormalizeScore(const CycleState&, const PodInfo&, std::vector<int64_t>& scores) const {
  if (scores.empty()) return {};
  int64_t mx = scores[0], mn = scores[0];
  for (int64_t s : scores) {
    mx = std::max(mx, s);
    mn = std::min(mn, s);
  }
  int64_t diff = mx - mn;
  for (int64_t& s : scores) {
    s = diff > 0 ? static_cast<int64_t>(static_cast<double>(kMaxNodeScore) * static_cast<double>(s - mn) /
                                        static_cast<double>(diff))
                 : 0;
  }
  return {};
}

std::vector<ClusterEvent> InterPodAffinity::EventsToRegister() const {
  // A namespace created or relabelled changes which pods namespaceSelector
  // terms select, so pods rejected by them are worth a retry.
  return {{EventResource::kAssignedPod, kAdd | kDelete | kUpdatePodLabel, "AssignedPodChange"},
          {EventResource::kNode, kAdd | kUpdateNodeLabel, "NodeAddOrLabelChange"},
          {EventResource::kNamespace, kAdd | kUpdateNamespaceLabel, "NamespaceAddOrLabelChange"}};
}

std::unique_ptr<Plugin> New(const boost::json::object& args, Handle& handle) {
  return std::make_unique<InterPodAffinity>(args, handle);
}

}  // namespace kubepp::scheduler::plugins::interpodaffinity
