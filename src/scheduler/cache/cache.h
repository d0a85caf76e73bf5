// Cache: the scheduler's picture of where pods run — every node with the
// pods bound to it (from the pod informer) plus pods the scheduler has
// assumed onto nodes but whose binding it has not yet seen.
//
// Assumed pods: after choosing a node the scheduler calls AssumePod so the
// next cycle already counts the pod there while the bind is in flight. The
// informer's event for the bound pod confirms it (AddPod); a failed bind
// forgets it (ForgetPod). With a non-zero ttl, a pod whose binding finished
// but was never confirmed expires ttl after FinishBinding.
//
// Every change bumps the NodeInfo's generation and moves it to the front of
// a recency list, so UpdateSnapshot copies only what changed. Namespaces'
// labels (for namespaceSelector in pod affinity terms) are kept too and
// copied into the snapshot whenever one changed.
// Thread safety: every method takes the cache's mutex; call from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "scheduler/cache/snapshot.h"
#include "scheduler/framework/node_info.h"

namespace kubepp::scheduler::cache {

class Cache {
 public:
  explicit Cache(Clock& clock, Clock::Duration assumed_ttl = Clock::Duration::zero());
  ~Cache();

  // A namespace's labels, added or changed; false when they did not change.
  bool SetNamespace(const std::string& name, api::Labels labels);
  void RemoveNamespace(const std::string& name);

  void AddNode(framework::NodeSpecPtr node);
  void UpdateNode(framework::NodeSpecPtr node) { AddNode(std::move(node)); }
  void RemoveNode(const std::string& name);

  // A bound pod observed by the informer; confirms an assumed pod.
  void AddPod(framework::PodInfoPtr pod);
  void UpdatePod(framework::PodInfoPtr pod) { AddPod(std::move(pod)); }
  void RemovePod(const std::string& key);

  // REQUIRES: pod->node_name set. AlreadyExists when the pod is known.
  Status AssumePod(framework::PodInfoPtr pod);
  void FinishBinding(const std::string& key);
  // Drops an assumed pod (its bind failed). NotFound unless assumed.
  Status ForgetPod(const std::string& key);
  bool IsAssumedPod(const std::string& key) const;
  // The pod as the cache holds it (assumed or bound), or nullptr.
  framework::PodInfoPtr GetPod(const std::string& key) const;
  // Expires assumed pods whose binding finished more than ttl ago.
  void CleanupExpiredAssumedPods();

  void UpdateSnapshot(Snapshot& snapshot);

  size_t NodeCount() const;
  size_t PodCount() const;

 private:
  struct NodeItem;
  struct PodState {
    framework::PodInfoPtr pod;
    bool assumed = false;
    bool binding_finished = false;
    Clock::TimePoint deadline;
  };

  NodeItem* NodeLocked(const std::string& name);  // creates when absent
  void TouchLocked(NodeItem* item);               // new generation, to the list head
  void RemovePodFromNodeLocked(const framework::PodInfo& pod);
  void MaybeDropNodeLocked(NodeItem* item);
  void CountImagesLocked(const framework::NodeSpec* node, int sign);

  Clock& clock_;
  const Clock::Duration ttl_;

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<NodeItem>> nodes_;  // guarded by mu_
  NodeItem* head_ = nullptr;                                          // most recently changed
  std::unordered_map<std::string, PodState> pods_;
  std::vector<std::string> node_order_;  // names of nodes with a node object, in arrival order
  bool node_set_changed_ = false;        // a node appeared or vanished since the last snapshot
  std::unordered_map<std::string, int> image_nodes_;
  int64_t images_generation_ = 0;
  std::unordered_map<std::string, api::Labels> namespaces_;
  int64_t namespaces_generation_ = 0;
  int64_t next_generation_ = 1;
};

}  // namespace kubepp::scheduler::cache
