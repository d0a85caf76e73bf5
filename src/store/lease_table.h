// LeaseTable: leases, their deadlines and the keys attached to them.
//
// A key is attached to the lease of its newest live version; the store keeps
// the attachment in step with puts and deletes so that revoking a lease finds
// its keys without a scan. Deadlines are in the Env's monotonic microseconds
// and are not persisted: on recovery every lease gets its full TTL again, as
// etcd does.
//
// Thread safety: none; guarded by the store's mutex.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace kubepp::store {

class LeaseTable {
 public:
  struct Lease {
    int64_t ttl = 0;             // seconds
    int64_t deadline_us = 0;     // expires at this Env time
    std::set<std::string> keys;  // attached keys (sorted: deletes in key order)
  };

  bool Contains(int64_t id) const { return leases_.count(id) != 0; }
  Lease* Find(int64_t id);
  // Adds (or replaces the deadline of) a lease.
  void Grant(int64_t id, int64_t ttl, int64_t now_us);
  void Remove(int64_t id);
  void Attach(int64_t id, const std::string& key);
  void Detach(int64_t id, const std::string& key);
  // Ids whose deadline is at or before now.
  std::vector<int64_t> Expired(int64_t now_us) const;
  // Every lease as (id, ttl), for snapshots.
  std::vector<std::pair<int64_t, int64_t>> All() const;
  size_t size() const { return leases_.size(); }

 private:
  std::unordered_map<int64_t, Lease> leases_;
};

}  // namespace kubepp::store
