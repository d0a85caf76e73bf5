#include "store/lease_table.h"

namespace kubepp::store {

LeaseTable::Lease* LeaseTable::Find(int64_t id) {
  auto it = leases_.find(id);
  return it == leases_.end() ? nullptr : &it->second;
}

void LeaseTable::Grant(int64_t id, int64_t ttl, int64_t now_us) {
  Lease& l = leases_[id];
  l.ttl = ttl;
  l.deadline_us = now_us + ttl * 1000000;
}

void LeaseTable::Remove(int64_t id) { leases_.erase(id); }

void LeaseTable::Attach(int64_t id, const std::string& key) {
  if (id == 0) return;
  if (Lease* l = Find(id)) l->keys.insert(key);
}

void LeaseTable::Detach(int64_t id, const std::string& key) {
  if (id == 0) return;
  if (Lease* l = Find(id)) l->keys.erase(key);
}

std::vector<int64_t> LeaseTable::Expired(int64_t now_us) const {
  std::vector<int64_t> out;
  for (const auto& [id, l] : leases_) {
    if (l.deadline_us <= now_us) out.push_back(id);
  }
  return out;
}

std::vector<std::pair<int64_t, int64_t>> LeaseTable::All() const {
  std::vector<std::pair<int64_t, int64_t>> out;
  out.reserve(leases_.size());
  for (const auto& [id, l] : leases_) out.emplace_back(id, l.ttl);
  return out;
}

}  // namespace kubepp::store
