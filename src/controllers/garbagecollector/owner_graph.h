// OwnerGraph: who owns whom, by uid, across every resource the garbage
// collector watches. Each object is a node with its ownerReferences and the
// set of its dependents; an owner referenced before (or without) being seen
// is a virtual node — no object — kept while something points at it.
//
// Upsert/Remove are fed by informer handlers and return the uids whose
// situation changed, for the collector's queue: the object itself when it
// has owners or carries a collector finalizer; dependents of a removed
// owner; owners an object stopped pointing at (a foreground deletion may be
// waiting for that).
//
// Thread safety: every method may be called from any thread (one mutex).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "client/object.h"
#include "client/resource.h"

namespace kubepp::controllers {

struct OwnerRef {
  std::string uid, api_version, kind, name;
  bool block_owner_deletion = false;
};

std::vector<OwnerRef> OwnerRefsOf(const boost::json::object& obj);
bool HasFinalizer(const boost::json::object& obj, std::string_view finalizer);

inline constexpr std::string_view kOrphanFinalizer = "orphan";
inline constexpr std::string_view kForegroundFinalizer = "foregroundDeletion";

// A copy of one node, as callers get it: without the dependents' uids,
// which an owner of thousands of pods would copy on every look.
struct GraphNode {
  client::Resource resource;
  client::ObjectPtr object;  // nullptr: virtual (known only as someone's owner)
  std::vector<OwnerRef> owners;
  size_t dependent_count = 0;
};

class OwnerGraph {
 public:
  std::vector<std::string> Upsert(const client::Resource& r, const client::ObjectPtr& obj);
  std::vector<std::string> Remove(const client::ObjectPtr& obj);

  std::optional<GraphNode> Node(std::string_view uid) const;
  // The dependents that are real objects.
  std::vector<GraphNode> Dependents(std::string_view uid) const;
  size_t size() const;

 private:
  void UnlinkOwnersLocked(const std::string& uid, const std::vector<OwnerRef>& owners);
  void DropIfUnusedVirtualLocked(const std::string& uid);

  struct Entry {
    GraphNode node;  // node.dependent_count is filled in copies only
    std::set<std::string> dependents;  // uids
  };
  static GraphNode CopyOf(const Entry& entry);

  mutable std::mutex mu_;
  std::map<std::string, Entry, std::less<>> nodes_;  // guarded by mu_
};

}  // namespace kubepp::controllers
