// NodeSpec: what the scheduler reads from a node object, parsed once per
// informer event. NodeInfo: a node plus the pods the scheduler counts on it
// (bound and assumed) with their aggregate requests, used host ports and the
// pods that carry inter-pod affinity terms — the unit filters and scores see.
//
// The cache owns one NodeInfo per node and bumps `generation` on every
// change; the snapshot copies only NodeInfos whose generation moved.
// Thread safety: none; the cache guards its copies, a snapshot is read by
// one scheduling cycle at a time (filter threads only read).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "client/object.h"
#include "scheduler/framework/pod_info.h"
#include "scheduler/framework/resource.h"
#include "scheduler/framework/selectors.h"

namespace kubepp::scheduler::framework {

struct NodeSpec {
  client::ObjectPtr object;
  std::string name;
  api::Labels labels;
  std::vector<Taint> taints;
  bool unschedulable = false;
  Resource allocatable;
  // status.images: every name of every image -> its size in bytes.
  std::unordered_map<std::string, int64_t> image_sizes;

  // The value of label `key`; nullptr when the node has no such label.
  const std::string* Label(const std::string& key) const {
    auto it = labels.find(key);
    return it == labels.end() ? nullptr : &it->second;
  }
};

using NodeSpecPtr = std::shared_ptr<const NodeSpec>;

NodeSpecPtr ParseNode(client::ObjectPtr node);

class NodeInfo {
 public:
  NodeInfo() = default;

  // nullptr while the cache knows pods bound to a node it has not seen yet.
  const NodeSpec* node() const { return node_.get(); }
  const NodeSpecPtr& node_ptr() const { return node_; }
  void SetNode(NodeSpecPtr node) { node_ = std::move(node); }
  const std::string& name() const;

  void AddPod(PodInfoPtr pod);
  // False when the pod (by key) is not on this node.
  bool RemovePod(const std::string& key);

  const std::vector<PodInfoPtr>& pods() const { return pods_; }
  const std::vector<PodInfoPtr>& pods_with_affinity() const { return pods_with_affinity_; }
  const std::vector<PodInfoPtr>& pods_with_required_anti_affinity() const { return pods_with_required_anti_affinity_; }
  const Resource& requested() const { return requested_; }
  // cpu and memory with the scoring defaults for containers that request none.
  int64_t non_zero_milli_cpu() const { return non_zero_milli_cpu_; }
  int64_t non_zero_memory() const { return non_zero_memory_; }
  // Whether `port` conflicts with a port in use: same protocol and port, and
  // the same IP or either side binding every address.
  bool PortInUse(const HostPort& port) const;

  int64_t generation = 0;

 private:
  void Account(const PodInfo& pod, int sign);

  NodeSpecPtr node_;
  std::vector<PodInfoPtr> pods_;
  std::vector<PodInfoPtr> pods_with_affinity_;
  std::vector<PodInfoPtr> pods_with_required_anti_affinity_;
  Resource requested_;
  int64_t non_zero_milli_cpu_ = 0;
  int64_t non_zero_memory_ = 0;
  std::vector<HostPort> used_ports_;
};

}  // namespace kubepp::scheduler::framework
