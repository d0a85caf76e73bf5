#include "scheduler/cache/snapshot.h"

#include <algorithm>

namespace kubepp::scheduler::cache {

const framework::NodeInfo* Snapshot::Get(std::string_view node_name) const {
  auto it = nodes_.find(std::string(node_name));
  return it == nodes_.end() ? nullptr : it->second.get();
}

int Snapshot::ImageNodeCount(std::string_view image) const {
  auto it = image_nodes_.find(std::string(image));
  return it == image_nodes_.end() ? 0 : it->second;
}

const api::Labels& Snapshot::NamespaceLabels(std::string_view ns) const {
  static const api::Labels kNone;
  auto it = namespaces_.find(std::string(ns));
  return it == namespaces_.end() ? kNone : it->second;
}

std::vector<std::string> Snapshot::NamespacesMatching(const api::LabelSelector& selector) const {
  std::vector<std::string> out;
  for (const auto& [name, labels] : namespaces_) {
    if (selector.Matches(labels)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void Snapshot::RebuildLists(const std::vector<std::string>& order) {
  list_.clear();
  with_affinity_.clear();
  with_required_anti_affinity_.clear();
  for (const std::string& name : order) {
    auto it = nodes_.find(name);
    if (it == nodes_.end()) continue;
    framework::NodeInfo* n = it->second.get();
    list_.push_back(n);
    if (!n->pods_with_affinity().empty()) with_affinity_.push_back(n);
    if (!n->pods_with_required_anti_affinity().empty()) with_required_anti_affinity_.push_back(n);
  }
}

void Snapshot::SetListed(std::vector<framework::NodeInfo*>& list, framework::NodeInfo* node,
                         bool was, bool is) {
  if (was == is) return;
  if (is) {
    list.push_back(node);  // the users of these lists ignore their order
    return;
  }
  auto it = std::find(list.begin(), list.end(), node);
  if (it != list.end()) list.erase(it);
}

}  // namespace kubepp::scheduler::cache
