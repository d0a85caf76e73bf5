// SliceTracker: what the endpointslice controller itself last wrote, so a
// sync never works from an informer cache that has not caught up with
// those writes (it would create a second slice for the same endpoints, or
// undo its own update). Per Service it remembers, by slice name, the
// generation written — or that the slice was deleted — until the cache
// shows it. A sync that finds the cache stale does nothing: the informer
// event that brings the write requeues the Service.
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "client/object.h"

namespace kubepp::controllers {

class SliceTracker {
 public:
  // A write of slice `name` of Service `service_key` left it at `generation`.
  void Wrote(const std::string& service_key, const std::string& name, int64_t generation);
  void Deleted(const std::string& service_key, const std::string& name);
  // True when `cached` (the Service's slices in the cache) misses a write;
  // writes the cache shows are forgotten.
  bool Stale(const std::string& service_key, const std::vector<client::ObjectPtr>& cached);
  void Forget(const std::string& service_key);

 private:
  static constexpr int64_t kDeleted = -1;
  std::mutex mu_;
  std::map<std::string, std::map<std::string, int64_t>> expected_;  // guarded by mu_
};

}  // namespace kubepp::controllers
