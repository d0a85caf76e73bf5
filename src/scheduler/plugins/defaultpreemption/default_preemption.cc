#include "scheduler/plugins/defaultpreemption/default_preemption.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <limits>
#include <random>

#include "base/log.h"
#include "client/time_format.h"
#include "scheduler/framework/fit_error.h"
#include "scheduler/framework/json_read.h"
#include "scheduler/framework/resources.h"
#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::defaultpreemption {

using namespace framework;  // NOLINT

namespace {

struct Pdb {
  std::string ns;
  api::LabelSelector selector;
  bool selects_nothing = false;  // nil or empty selector
  int64_t allowed = 0;
  std::vector<std::string> disrupted;  // status.disruptedPods names
};

std::vector<Pdb> ParsePdbs(const Handle& handle) {
  std::vector<Pdb> out;
  if (!handle.list_pdbs) return out;
  for (const client::ObjectPtr& o : handle.list_pdbs()) {
    Pdb p;
    p.ns = StringAt(ObjectAt(o.get(), "metadata"), "namespace");
    const boost::json::object* sel = ObjectAt(ObjectAt(o.get(), "spec"), "selector");
    StatusOr<api::LabelSelector> s = sel ? api::LabelSelector::FromObject(*sel) : Status::Invalid("");
    if (s.ok() && !s->Empty()) {
      p.selector = std::move(*s);
    } else {
      p.selects_nothing = true;
    }
    const boost::json::object* status = ObjectAt(o.get(), "status");
    p.allowed = IntAt(status, "disruptionsAllowed");
    if (const boost::json::object* d = ObjectAt(status, "disruptedPods")) {
      for (const auto& kv : *d) p.disrupted.emplace_back(kv.key());
    }
    out.push_back(std::move(p));
  }
  return out;
}

// Splits pods (most important first) into those whose eviction would
// violate a PDB and the rest, spending each PDB's allowed disruptions.
void SplitByPdb(const std::vector<PodInfoPtr>& pods, std::vector<Pdb> pdbs, std::vector<PodInfoPtr>* violating,
                std::vector<PodInfoPtr>* non_violating) {
  for (const PodInfoPtr& p : pods) {
    bool violates = false;
    for (Pdb& pdb : pdbs) {
      if (pdb.ns != p->ns || pdb.selects_nothing || !pdb.selector.Matches(p->labels)) continue;
      if (std::find(pdb.disrupted.begin(), pdb.disrupted.end(), p->name) != pdb.disrupted.end()) continue;
      if (--pdb.allowed < 0) violates = true;
    }
    (violates ? violating : non_violating)->push_back(p);
  }
}

// Higher priority first, then the one started earlier.
bool MoreImportant(const PodInfoPtr& a, const PodInfoPtr& b) {
  if (a->priority != b->priority) return a->priority > b->priority;
  return a->start_time < b->start_time;
}

}  // namespace

std::string_view DefaultPreemption::Name() const { return kDefaultPreemption; }

PluginStatus DefaultPreemption::SelectVictimsOnNode(const CycleState& state, const PodInfo& pod,
                                                    const NodeInfo& node, Candidate* out) const {
  Framework& fw = *handle_.framework;
  NodeInfo copy = node;
  std::unique_ptr<CycleState> st = state.Clone();
  std::vector<PodInfoPtr> potential;
  for (const PodInfoPtr& p : node.pods()) {
    if (p->priority < pod.priority) potential.push_back(p);
  }
  if (potential.empty()) return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kNoVictims));
  for (const PodInfoPtr& p : potential) {
    copy.RemovePod(p->key);
    PluginStatus s = fw.RunPreFilterExtensionRemovePod(*st, pod, p, copy);
    if (!s.ok()) return s;
  }
  PluginStatus fits = fw.RunFilterPlugins(*st, pod, copy);
  if (!fits.ok()) return fits;
  std::sort(potential.begin(), potential.end(), MoreImportant);
  std::vector<PodInfoPtr> violating, non_violating;
  SplitByPdb(potential, ParsePdbs(handle_), &violating, &non_violating);
  out->node = &node;
  out->victims.clear();
  out->num_pdb_violations = 0;
  auto reprieve = [&](const PodInfoPtr& p, bool violates) -> PluginStatus {
    copy.AddPod(p);
    PluginStatus s = fw.RunPreFilterExtensionAddPod(*st, pod, p, copy);
    if (!s.ok()) return s;
    if (fw.RunFilterPlugins(*st, pod, copy).ok()) return {};
    copy.RemovePod(p->key);
    s = fw.RunPreFilterExtensionRemovePod(*st, pod, p, copy);
    if (!s.ok()) return s;
    out->victims.push_back(p);
    if (violates) out->num_pdb_violations++;
    return {};
  };
  for (const PodInfoPtr& p : violating) {
    if (PluginStatus s = reprieve(p, true); !s.ok()) return s;
  }
  for (const PodInfoPtr& p : non_violating) {
    if (PluginStatus s = reprieve(p, false); !s.ok()) return s;
  }
  if (out->victims.empty()) return PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kNoVictims));
  return {};
}

size_t PickOneNode(const std::vector<Candidate>& candidates) {
  std::vector<size_t> idx(candidates.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  // Each criterion keeps the candidates that are best by it.
  auto keep_min = [&](auto key) {
    auto best = key(candidates[idx[0]]);
    for (size_t i : idx) best = std::min(best, key(candidates[i]));
    std::vector<size_t> next;
    for (size_t i : idx) {
      if (key(candidates[i]) == best) next.push_back(i);
    }
    idx = std::move(next);
  };
  keep_min([](const Candidate& c) { return c.num_pdb_violations; });
  if (idx.size() > 1) keep_min([](const Candidate& c) { return c.victims.front()->priority; });
  if (idx.size() > 1) {
    keep_min([](const Candidate& c) {
      // Offset so negative priorities still sum upward, as upstream.
      int64_t sum = 0;
      for (const auto& v : c.victims) sum += static_cast<int64_t>(v->priority) + std::numeric_limits<int32_t>::max() + 1;
      return sum;
    });
  }
  if (idx.size() > 1) keep_min([](const Candidate& c) { return c.victims.size(); });
  if (idx.size() > 1) {
    // The latest start among the most important victims: evicting younger pods loses less work.
    keep_min([](const Candidate& c) {
      Clock::TimePoint earliest = c.victims.front()->start_time;
      for (const auto& v : c.victims) {
        if (v->priority == c.victims.front()->priority) earliest = std::min(earliest, v->start_time);
      }
      return -earliest.time_since_epoch().count();
    });
  }
  return idx.front();
}

PluginStatus DefaultPreemption::PostFilter(CycleState& state, const PodInfo& pod, const std::vector<NodeStatus>& failed,
                                           PostFilterResult* result) {
  if (pod.preemption_policy == "Never") {
    return PluginStatus(Code::kUnschedulable, "preemption: not eligible due to preemptionPolicy=Never.");
  }
  std::vector<NodeStatus> statuses;
  std::vector<const NodeInfo*> potential;
  for (const NodeStatus& ns : failed) {
    if (ns.status.code() == Code::kUnschedulableAndUnresolvable) {
      statuses.push_back({ns.node, PluginStatus(Code::kUnschedulableAndUnresolvable, std::string(kNotHelpful))});
    } else {
      potential.push_back(ns.node);
    }
  }
  // Dry runs stop once enough candidates are found, starting at a random
  // node so that repeated preemptions spread over the cluster.
  int64_t want = NumCandidates(static_cast<int64_t>(potential.size()));
  size_t offset = potential.empty() ? 0 : std::uniform_int_distribution<size_t>(0, potential.size() - 1)(rng_);
  std::vector<Candidate> candidates;
  int64_t non_violating = 0;
  for (size_t i = 0; i < potential.size(); ++i) {
    const NodeInfo* node = potential[(offset + i) % potential.size()];
    Candidate c;
    PluginStatus s = SelectVictimsOnNode(state, pod, *node, &c);
    if (s.ok()) {
      if (c.num_pdb_violations == 0) ++non_violating;
      candidates.push_back(std::move(c));
      if (non_violating > 0 && static_cast<int64_t>(candidates.size()) >= want) break;
    } else if (s.code() == Code::kError) {
      return s;
    } else {
      statuses.push_back({node, std::move(s)});
    }
  }
  int num_all = handle_.snapshot ? static_cast<int>(handle_.snapshot->List().size()) : static_cast<int>(failed.size());
  if (candidates.empty()) {
    return PluginStatus(Code::kUnschedulable, "preemption: " + NodesAvailableMessage(num_all, statuses));
  }
  const Candidate& best = candidates[PickOneNode(candidates)];
  const client::Resource& pods = PodsResource();
  for (const PodInfoPtr& v : best.victims) {
    // A victim held at Permit is only assumed: rejecting it frees its room.
    if (std::shared_ptr<WaitingPod> waiting = handle_.framework->GetWaitingPod(v->uid)) {
      waiting->Reject(Name(), "preempted");
      KLOG(INFO) << "preemptor pod " << pod.key << " rejected waiting pod " << v->key << " on node " << best.node->name();
    } else {
      if (handle_.client == nullptr) break;
      // As upstream, the victim first says why it goes: a Job's podFailurePolicy tells
      // disruptions from failures by this condition.
      if (Status marked = MarkDisruptionTarget(*v, pod); !marked.ok()) {
        return PluginStatus(Code::kError,
                            "preemption: marking victim " + v->key + ": " + marked.message());
      }
      client::DeleteOptions opts;
      opts.precondition_uid = v->uid;
      StatusOr<client::ObjectPtr> r = handle_.client->Delete(pods, v->ns, v->name, opts);
      if (!r.ok() && !r.status().IsNotFound()) {
        return PluginStatus(Code::kError, "preemption: deleting victim " + v->key + ": " + r.status().message());
      }
      KLOG(INFO) << "preempting pod " << v->key << " on node " << best.node->name() << " for " << pod.key;
    }
    if (handle_.recorder != nullptr && v->object != nullptr) {
      handle_.recorder->Event(*v->object, "Normal", "Preempted",
                              "Preempted by pod " + pod.uid + " on node " + best.node->name());
    }
  }
  result->nominated_node_name = best.node->name();
  return {};
}

Status DefaultPreemption::MarkDisruptionTarget(const framework::PodInfo& victim,
                                               const framework::PodInfo& preemptor) {
  const std::string message =
      preemptor.scheduler_name + ": preempting to accommodate a higher priority pod";
  if (victim.object != nullptr) {
    const auto* status = victim.object->if_contains("status");
    const auto* conds = status != nullptr && status->is_object()
                            ? status->get_object().if_contains("conditions")
                            : nullptr;
    if (conds != nullptr && conds->is_array()) {
      for (const auto& c : conds->get_array()) {
        if (!c.is_object()) continue;
        const auto& o = c.get_object();
        auto str = [&](std::string_view k) {
          const auto* v = o.if_contains(k);
          return v != nullptr && v->is_string() ? std::string_view(v->get_string())
                                                : std::string_view();
        };
        if (str("type") == "DisruptionTarget" && str("status") == "True" &&
            str("reason") == "PreemptionByScheduler" && str("message") == message) {
          return Status::Ok();  // already says so
        }
      }
    }
  }
  boost::json::object condition{
      {"type", "DisruptionTarget"},
      {"status", "True"},
      {"lastTransitionTime",
       client::FormatTime(handle_.clock != nullptr ? handle_.clock->Now() : Clock::TimePoint())},
      {"reason", "PreemptionByScheduler"},
      {"message", message}};
  boost::json::object patch{
      {"status", boost::json::object{{"conditions", boost::json::array{condition}}}}};
  auto r = handle_.client->Patch(PodsResource(), victim.ns, victim.name,
                                 client::PatchType::kStrategicMerge, boost::json::serialize(patch),
                                 "status");
  if (!r.ok() && !r.status().IsNotFound()) return r.status();
  return Status::Ok();
}

DefaultPreemption::DefaultPreemption(const boost::json::object& args, Handle& handle)
    : handle_(handle),
      min_candidate_nodes_percentage_(IntAt(&args, "minCandidateNodesPercentage", kDefaultMinCandidateNodesPercentage)),
      min_candidate_nodes_absolute_(IntAt(&args, "minCandidateNodesAbsolute", kDefaultMinCandidateNodesAbsolute)),
      rng_(std::random_device{}()) {}

int64_t DefaultPreemption::NumCandidates(int64_t num_nodes) const {
  int64_t n = num_nodes * min_candidate_nodes_percentage_ / 100;
  n = std::max(n, min_candidate_nodes_absolute_);
  return std::min(n, num_nodes);
}

std::unique_ptr<Plugin> New(const boost::json::object& args, Handle& handle) {
  return std::make_unique<DefaultPreemption>(args, handle);
}

}  // namespace kubepp::scheduler::plugins::defaultpreemption
