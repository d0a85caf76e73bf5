// DefaultPreemption: when no node fits a pod, finds the node where evicting
// the fewest, least important lower-priority pods lets it fit, as upstream:
// on each node it removes every lower-priority pod, checks the pod fits,
// then gives back (reprieves) pods from the most important down, those whose
// eviction would violate a PodDisruptionBudget first, as long as the pod
// still fits. Among candidate nodes it prefers fewest PDB violations, then
// the lowest highest-victim priority, the lowest priority sum, the fewest
// victims, the latest start time. It deletes the victims (a victim held at
// Permit is rejected instead: it is only assumed); the scheduler nominates
// the node on the pod (status.nominatedNodeName).
//
// Args (DefaultPreemptionArgs): dry runs stop once max(nodes *
// minCandidateNodesPercentage / 100, minCandidateNodesAbsolute) candidates
// (defaults 10%, 100) are found, one of them without PDB violations.
// Thread safety: runs on the scheduling thread only.
#pragma once

#include <memory>
#include <random>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::defaultpreemption {

inline constexpr std::string_view kNotHelpful = "Preemption is not helpful for scheduling";
inline constexpr std::string_view kNoVictims = "No preemption victims found for incoming pod";

struct Candidate {
  const framework::NodeInfo* node = nullptr;
  std::vector<framework::PodInfoPtr> victims;
  int num_pdb_violations = 0;
};

inline constexpr int64_t kDefaultMinCandidateNodesPercentage = 10;
inline constexpr int64_t kDefaultMinCandidateNodesAbsolute = 100;

class DefaultPreemption : public framework::PostFilterPlugin {
 public:
  DefaultPreemption(const boost::json::object& args, framework::Handle& handle);
  std::string_view Name() const override;
  framework::PluginStatus PostFilter(framework::CycleState& state, const framework::PodInfo& pod,
                                     const std::vector<framework::NodeStatus>& failed,
                                     framework::PostFilterResult* result) override;

  // The victims on one node, or why preemption there cannot help.
  framework::PluginStatus SelectVictimsOnNode(const framework::CycleState& state, const framework::PodInfo& pod,
                                              const framework::NodeInfo& node, Candidate* out) const;

 private:
  // How many candidate nodes a dry run looks for among `num_nodes`.
  int64_t NumCandidates(int64_t num_nodes) const;
  // Patches the victim's status with DisruptionTarget=True (PreemptionByScheduler) unless it
  // already says so; a victim already gone is no error.
  Status MarkDisruptionTarget(const framework::PodInfo& victim,
                              const framework::PodInfo& preemptor);

  framework::Handle& handle_;
  const int64_t min_candidate_nodes_percentage_;
  const int64_t min_candidate_nodes_absolute_;
  std::minstd_rand rng_;  // scheduling thread only
};

// Index of the best candidate by upstream's criteria; REQUIRES: non-empty.
size_t PickOneNode(const std::vector<Candidate>& candidates);

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::defaultpreemption
