#include "controllers/garbagecollector/owner_graph.h"

#include <algorithm>

#include "controllers/util/object_fields.h"

namespace kubepp::controllers {

std::vector<OwnerRef> OwnerRefsOf(const boost::json::object& obj) {
  std::vector<OwnerRef> out;
  const auto* refs = util::ArrayAt(obj, {"metadata", "ownerReferences"});
  if (!refs) return out;
  for (const auto& v : *refs) {
    const auto* ref = v.if_object();
    if (!ref) continue;
    OwnerRef r;
    r.uid = util::StringAt(*ref, {"uid"});
    r.api_version = util::StringAt(*ref, {"apiVersion"});
    r.kind = util::StringAt(*ref, {"kind"});
    r.name = util::StringAt(*ref, {"name"});
    r.block_owner_deletion = util::BoolAt(*ref, {"blockOwnerDeletion"}, false);
    if (!r.uid.empty()) out.push_back(std::move(r));
  }
  return out;
}

bool HasFinalizer(const boost::json::object& obj, std::string_view finalizer) {
  const auto* f = util::ArrayAt(obj, {"metadata", "finalizers"});
  if (!f) return false;
  return std::any_of(f->begin(), f->end(), [&](const auto& v) { return v.is_string() && v.get_string() == finalizer; });
}

std::vector<std::string> OwnerGraph::Upsert(const client::Resource& r, const client::ObjectPtr& obj) {
  std::string uid(client::UidOf(*obj));
  if (uid.empty()) return {};
  auto owners = OwnerRefsOf(*obj);
  std::vector<std::string> wake;
  std::lock_guard lock(mu_);
  GraphNode& node = nodes_[uid].node;
  // Owners this object no longer points at may be waiting for it.
  for (const auto& old : node.owners) {
    bool still = std::any_of(owners.begin(), owners.end(), [&](const OwnerRef& o) { return o.uid == old.uid; });
    if (!still) wake.push_back(old.uid);
  }
  std::vector<OwnerRef> previous = std::move(node.owners);
  node.resource = r;
  node.object = obj;
  node.owners = owners;
  UnlinkOwnersLocked(uid, previous);
  for (const auto& o : owners) nodes_[o.uid].dependents.insert(uid);
  if (!owners.empty() || HasFinalizer(*obj, kOrphanFinalizer) || HasFinalizer(*obj, kForegroundFinalizer)) {
    wake.push_back(uid);
  }
  return wake;
}

std::vector<std::string> OwnerGraph::Remove(const client::ObjectPtr& obj) {
  std::string uid(client::UidOf(*obj));
  std::vector<std::string> wake;
  std::lock_guard lock(mu_);
  auto it = nodes_.find(uid);
  if (it == nodes_.end()) return wake;
  for (const auto& o : it->second.node.owners) wake.push_back(o.uid);
  for (const auto& d : it->second.dependents) wake.push_back(d);
  auto owners = std::move(it->second.node.owners);
  it->second.node.owners.clear();
  it->second.node.object = nullptr;  // stays as a virtual node while dependents point at it
  UnlinkOwnersLocked(uid, owners);
  DropIfUnusedVirtualLocked(uid);
  return wake;
}

void OwnerGraph::UnlinkOwnersLocked(const std::string& uid, const std::vector<OwnerRef>& owners) {
  for (const auto& o : owners) {
    auto it = nodes_.find(o.uid);
    if (it == nodes_.end()) continue;
    const auto* now = nodes_.count(uid) ? &nodes_.at(uid).node.owners : nullptr;
    bool still = now && std::any_of(now->begin(), now->end(), [&](const OwnerRef& n) { return n.uid == o.uid; });
    if (!still) it->second.dependents.erase(uid);
    DropIfUnusedVirtualLocked(o.uid);
  }
}

void OwnerGraph::DropIfUnusedVirtualLocked(const std::string& uid) {
  auto it = nodes_.find(uid);
  if (it != nodes_.end() && !it->second.node.object && it->second.dependents.empty()) nodes_.erase(it);
}

GraphNode OwnerGraph::CopyOf(const Entry& entry) {
  GraphNode copy = entry.node;
  copy.dependent_count = entry.dependents.size();
  return copy;
}

std::optional<GraphNode> OwnerGraph::Node(std::string_view uid) const {
  std::lock_guard lock(mu_);
  auto it = nodes_.find(uid);
  if (it == nodes_.end()) return std::nullopt;
  return CopyOf(it->second);
}

std::vector<GraphNode> OwnerGraph::Dependents(std::string_view uid) const {
  std::vector<GraphNode> out;
  std::lock_guard lock(mu_);
  auto it = nodes_.find(uid);
  if (it == nodes_.end()) return out;
  for (const auto& d : it->second.dependents) {
    auto dit = nodes_.find(d);
    if (dit != nodes_.end() && dit->second.node.object) out.push_back(CopyOf(dit->second));
  }
  return out;
}

size_t OwnerGraph::size() const {
  std::lock_guard lock(mu_);
  return nodes_.size();
}

}  // namespace kubepp::controllers
