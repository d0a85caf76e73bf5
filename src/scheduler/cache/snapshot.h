// Snapshot: the scheduling cycle's consistent view of the cluster — every
// node's NodeInfo and every namespace's labels as of the last
// Cache::UpdateSnapshot. The cache refreshes
// it in place before each cycle, copying only NodeInfos whose generation
// moved since, so a cycle's cost follows what changed, not the cluster size.
// NodeInfo addresses stay stable while the node exists.
//
// Thread safety: written by the cache under its lock from the scheduling
// thread; read by that thread (and its filter helpers) between updates.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "scheduler/framework/interface.h"

namespace kubepp::scheduler::cache {

class Snapshot : public framework::NodeInfoLister {
 public:
  const std::vector<framework::NodeInfo*>& List() const override { return list_; }
  const std::vector<framework::NodeInfo*>& HavePodsWithAffinity() const override { return with_affinity_; }
  const std::vector<framework::NodeInfo*>& HavePodsWithRequiredAntiAffinity() const override {
    return with_required_anti_affinity_;
  }
  const framework::NodeInfo* Get(std::string_view node_name) const override;
  int ImageNodeCount(std::string_view image) const override;
  const api::Labels& NamespaceLabels(std::string_view ns) const override;
  std::vector<std::string> NamespacesMatching(const api::LabelSelector& selector) const override;
  int64_t generation() const { return generation_; }

 private:
  friend class Cache;
  void RebuildLists(const std::vector<std::string>& order);
  // Adds `node` to or removes it from `list` when it went from `was` to `is` listed.
  static void SetListed(std::vector<framework::NodeInfo*>& list, framework::NodeInfo* node,
                        bool was, bool is);

  std::unordered_map<std::string, std::unique_ptr<framework::NodeInfo>> nodes_;
  std::vector<framework::NodeInfo*> list_;
  std::vector<framework::NodeInfo*> with_affinity_;
  std::vector<framework::NodeInfo*> with_required_anti_affinity_;
  std::unordered_map<std::string, int> image_nodes_;
  int64_t generation_ = 0;
  int64_t images_generation_ = 0;
  std::unordered_map<std::string, api::Labels> namespaces_;
  int64_t namespaces_generation_ = 0;
};

}  // namespace kubepp::scheduler::cache
