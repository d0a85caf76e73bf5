#include "scheduler/cache/cache.h"

#include <algorithm>

#include "base/log.h"

namespace kubepp::scheduler::cache {

using framework::NodeInfo;
using framework::PodInfoPtr;

struct Cache::NodeItem {
  std::string name;
  NodeInfo info;
  NodeItem* prev = nullptr;
  NodeItem* next = nullptr;
};

Cache::Cache(Clock& clock, Clock::Duration assumed_ttl) : clock_(clock), ttl_(assumed_ttl) {}
Cache::~Cache() = default;

Cache::NodeItem* Cache::NodeLocked(const std::string& name) {
  auto& slot = nodes_[name];
  if (!slot) {
    slot = std::make_unique<NodeItem>();
    slot->name = name;
  }
  return slot.get();
}

void Cache::TouchLocked(NodeItem* item) {
  item->info.generation = next_generation_++;
  if (head_ == item) return;
  if (item->prev) item->prev->next = item->next;
  if (item->next) item->next->prev = item->prev;
  item->prev = nullptr;
  item->next = head_;
  if (head_) head_->prev = item;
  head_ = item;
}

void Cache::MaybeDropNodeLocked(NodeItem* item) {
  if (item->info.node() != nullptr || !item->info.pods().empty()) return;
  if (item->prev) item->prev->next = item->next;
  if (item->next) item->next->prev = item->prev;
  if (head_ == item) head_ = item->next;
  std::string name = item->name;  // the key must outlive the erase
  nodes_.erase(name);
}

void Cache::CountImagesLocked(const framework::NodeSpec* node, int sign) {
  if (node == nullptr || node->image_sizes.empty()) return;
  for (const auto& [image, size] : node->image_sizes) {
    int& n = image_nodes_[image];
    n += sign;
    if (n <= 0) image_nodes_.erase(image);
  }
  images_generation_ = next_generation_;
}

bool Cache::SetNamespace(const std::string& name, api::Labels labels) {
  std::lock_guard lock(mu_);
  auto it = namespaces_.find(name);
  if (it != namespaces_.end() && it->second == labels) return false;
  namespaces_[name] = std::move(labels);
  ++namespaces_generation_;
  return true;
}

void Cache::RemoveNamespace(const std::string& name) {
  std::lock_guard lock(mu_);
  if (namespaces_.erase(name) > 0) ++namespaces_generation_;
}

void Cache::AddNode(framework::NodeSpecPtr node) {
  std::lock_guard lock(mu_);
  NodeItem* item = NodeLocked(node->name);
  if (item->info.node() == nullptr) {
    node_order_.push_back(node->name);
    node_set_changed_ = true;
  }
  CountImagesLocked(item->info.node(), -1);
  CountImagesLocked(node.get(), +1);
  item->info.SetNode(std::move(node));
  TouchLocked(item);
}

void Cache::RemoveNode(const std::string& name) {
  std::lock_guard lock(mu_);
  auto it = nodes_.find(name);
  if (it == nodes_.end() || it->second->info.node() == nullptr) return;
  NodeItem* item = it->second.get();
  CountImagesLocked(item->info.node(), -1);
  images_generation_ = next_generation_;
  item->info.SetNode(nullptr);
  node_order_.erase(std::find(node_order_.begin(), node_order_.end(), name));
  node_set_changed_ = true;
  TouchLocked(item);
  // Pods still bound to a vanished node stay counted until they go, as upstream.
  MaybeDropNodeLocked(item);
}

void Cache::RemovePodFromNodeLocked(const framework::PodInfo& pod) {
  auto it = nodes_.find(pod.node_name);
  if (it == nodes_.end()) return;
  NodeItem* item = it->second.get();
  if (item->info.RemovePod(pod.key)) TouchLocked(item);
  MaybeDropNodeLocked(item);
}

void Cache::AddPod(PodInfoPtr pod) {
  std::lock_guard lock(mu_);
  auto it = pods_.find(pod->key);
  if (it != pods_.end()) {
    // Confirms an assumed pod or updates a bound one: take the observed state.
    RemovePodFromNodeLocked(*it->second.pod);
  }
  NodeItem* item = NodeLocked(pod->node_name);
  item->info.AddPod(pod);
  TouchLocked(item);
  std::string key = pod->key;  // `pod` is moved from below
  pods_[key] = PodState{std::move(pod), false, false, {}};
}

void Cache::RemovePod(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = pods_.find(key);
  if (it == pods_.end()) return;
  RemovePodFromNodeLocked(*it->second.pod);
  pods_.erase(it);
}

Status Cache::AssumePod(PodInfoPtr pod) {
  std::lock_guard lock(mu_);
  if (pods_.count(pod->key)) return Status::AlreadyExists("pod " + pod->key + " is in the cache, so can't be assumed");
  NodeItem* item = NodeLocked(pod->node_name);
  item->info.AddPod(pod);
  TouchLocked(item);
  std::string key = pod->key;
  pods_[key] = PodState{std::move(pod), true, false, {}};
  return {};
}

void Cache::FinishBinding(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = pods_.find(key);
  if (it == pods_.end() || !it->second.assumed) return;
  it->second.binding_finished = true;
  it->second.deadline = clock_.Now() + ttl_;
}

Status Cache::ForgetPod(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = pods_.find(key);
  if (it == pods_.end() || !it->second.assumed) return Status::NotFound("pod " + key + " is not assumed");
  RemovePodFromNodeLocked(*it->second.pod);
  pods_.erase(it);
  return {};
}

bool Cache::IsAssumedPod(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = pods_.find(key);
  return it != pods_.end() && it->second.assumed;
}

PodInfoPtr Cache::GetPod(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = pods_.find(key);
  return it == pods_.end() ? nullptr : it->second.pod;
}

void Cache::CleanupExpiredAssumedPods() {
  if (ttl_ == Clock::Duration::zero()) return;
  std::lock_guard lock(mu_);
  Clock::TimePoint now = clock_.Now();
  for (auto it = pods_.begin(); it != pods_.end();) {
    const PodState& s = it->second;
    if (s.assumed && s.binding_finished && now >= s.deadline) {
      KLOG(WARNING) << "assumed pod " << s.pod->key << " expired: its binding was never observed";
      RemovePodFromNodeLocked(*s.pod);
      it = pods_.erase(it);
    } else {
      ++it;
    }
  }
}

void Cache::UpdateSnapshot(Snapshot& snapshot) {
  std::lock_guard lock(mu_);
  bool rebuild = node_set_changed_;
  for (NodeItem* item = head_; item != nullptr && item->info.generation > snapshot.generation_; item = item->next) {
    if (item->info.node() == nullptr) continue;
    auto& slot = snapshot.nodes_[item->info.name()];
    if (!slot) {
      slot = std::make_unique<NodeInfo>();
      rebuild = true;
    }
    bool had_affinity = !slot->pods_with_affinity().empty();
    bool had_anti = !slot->pods_with_required_anti_affinity().empty();
    *slot = item->info;
    // A node that gains or loses pods with affinity joins or leaves those
    // lists; only a new or vanished node rebuilds them all (by name lookups).
    if (!rebuild) {
      snapshot.SetListed(snapshot.with_affinity_, slot.get(), had_affinity,
                         !slot->pods_with_affinity().empty());
      snapshot.SetListed(snapshot.with_required_anti_affinity_, slot.get(), had_anti,
                         !slot->pods_with_required_anti_affinity().empty());
    }
  }
  if (head_ != nullptr) snapshot.generation_ = std::max(snapshot.generation_, head_->info.generation);
  if (node_set_changed_) {
    // Drop nodes that vanished; only when the node set changed.
    for (auto it = snapshot.nodes_.begin(); it != snapshot.nodes_.end();) {
      auto c = nodes_.find(it->first);
      if (c == nodes_.end() || c->second->info.node() == nullptr) {
        it = snapshot.nodes_.erase(it);
      } else {
        ++it;
      }
    }
    node_set_changed_ = false;
  }
  if (rebuild) snapshot.RebuildLists(node_order_);
  if (snapshot.images_generation_ != images_generation_) {
    snapshot.image_nodes_ = image_nodes_;
    snapshot.images_generation_ = images_generation_;
  }
  if (snapshot.namespaces_generation_ != namespaces_generation_) {
    snapshot.namespaces_ = namespaces_;
    snapshot.namespaces_generation_ = namespaces_generation_;
  }
}

size_t Cache::NodeCount() const {
  std::lock_guard lock(mu_);
  return node_order_.size();
}

size_t Cache::PodCount() const {
  std::lock_guard lock(mu_);
  return pods_.size();
}

}  // namespace kubepp::scheduler::cache
