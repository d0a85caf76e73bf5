// Orderings controllers act in. Pods: which to delete first when scaling
// down (upstream's ActivePodsWithRanks). ReplicaSets: oldest first, and by
// size for proportional scaling.
//
// Pods sort "delete first" to "delete last":
//   1. not yet scheduled before scheduled;
//   2. Pending before Unknown before Running;
//   3. not ready before ready;
//   4. lower controller.kubernetes.io/pod-deletion-cost first;
//   5. higher rank first (rank = related pods on the same node, so doubled-up nodes shed first);
//   6. ready for less time first, in log2 buckets of age (pods ready within
//      the same power-of-two age are equal; then by uid), so a scale-down does not
//      always pick the very newest pod;
//   7. more container restarts first;
//   8. newer first (same log2 buckets of creation age).
//
// Thread safety: pure functions.
#pragma once

#include <vector>

#include "base/clock.h"
#include "client/object.h"

namespace kubepp::controllers::common {

struct RankedPod {
  client::ObjectPtr pod;
  int rank = 0;
};

// True when `a` should be deleted before `b`.
bool DeleteBefore(const RankedPod& a, const RankedPod& b, Clock::TimePoint now);
// Sorts so that the pods to delete come first (stable for equal pods).
void SortForDeletion(std::vector<RankedPod>& pods, Clock::TimePoint now);

// Oldest creationTimestamp first; ties by name.
void SortReplicaSetsByCreation(std::vector<client::ObjectPtr>& rss);
// Larger spec.replicas first; equal sizes: newer first (scale up) or older first (scale down).
void SortReplicaSetsBySizeNewer(std::vector<client::ObjectPtr>& rss);
void SortReplicaSetsBySizeOlder(std::vector<client::ObjectPtr>& rss);

}  // namespace kubepp::controllers::common
