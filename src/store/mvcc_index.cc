#include "store/mvcc_index.h"

#include <algorithm>
#include <unordered_set>

namespace kubepp::store {

const Version* MvccIndex::At(const Versions& h, int64_t rev) {
  auto it = std::upper_bound(h.begin(), h.end(), rev,
                             [](int64_t r, const Version& v) { return r < v.main; });
  if (it == h.begin()) return nullptr;
  return &*std::prev(it);
}

bool MvccIndex::InRange(const std::string& k, const std::string& key, const std::string& range_end) {
  if (range_end.empty()) return k == key;
  if (k < key) return false;
  if (range_end.size() == 1 && range_end[0] == '\0') return true;
  return k < range_end;
}

int64_t MvccIndex::VersionBytes(const std::string& key, const Version& v) {
  return static_cast<int64_t>(key.size() + (v.value ? v.value->size() : 0) + sizeof(Version));
}

std::map<std::string, MvccIndex::Versions>::const_iterator MvccIndex::RangeBegin(const std::string& key) const {
  return keys_.lower_bound(key);
}

bool MvccIndex::PastEnd(const std::string& k, const std::string& key, const std::string& range_end) const {
  if (range_end.empty()) return k != key;
  if (range_end.size() == 1 && range_end[0] == '\0') return false;
  return k >= range_end;
}

RangeResponse MvccIndex::Range(const RangeRequest& req, int64_t rev) const {
  RangeResponse out;
  out.revision = rev;
  for (auto it = RangeBegin(req.key); it != keys_.end() && !PastEnd(it->first, req.key, req.range_end); ++it) {
    const Version* v = At(it->second, rev);
    if (v == nullptr || v->tombstone()) continue;
    ++out.count;
    if (req.count_only) continue;
    if (req.limit > 0 && static_cast<int64_t>(out.kvs.size()) >= req.limit) {
      out.more = true;
      continue;
    }
    KeyValue kv;
    kv.key = it->first;
    if (!req.keys_only) kv.value = Bytes(v->value);
    kv.create_revision = v->create;
    kv.mod_revision = v->main;
    kv.version = v->version;
    kv.lease = v->lease;
    out.kvs.push_back(std::move(kv));
  }
  return out;
}

MvccIndex::RangeRefs MvccIndex::RangeShared(const RangeRequest& req, int64_t rev) const {
  RangeRefs out;
  for (auto it = RangeBegin(req.key); it != keys_.end() && !PastEnd(it->first, req.key, req.range_end); ++it) {
    const Version* v = At(it->second, rev);
    if (v == nullptr || v->tombstone()) continue;
    ++out.count;
    if (req.count_only) continue;
    if (req.limit > 0 && static_cast<int64_t>(out.kvs.size()) >= req.limit) {
      out.more = true;
      continue;
    }
    out.kvs.emplace_back(it->first, *v);
  }
  return out;
}

RangeResponse MvccIndex::Materialize(RangeRefs refs, const RangeRequest& req, int64_t rev) {
  RangeResponse out;
  out.revision = rev;
  out.count = refs.count;
  out.more = refs.more;
  out.kvs.resize(refs.kvs.size());
  for (size_t i = 0; i < refs.kvs.size(); ++i) {
    auto& [key, v] = refs.kvs[i];
    KeyValue& kv = out.kvs[i];
    kv.key = std::move(key);
    if (!req.keys_only) kv.value = Bytes(v.value);
    kv.create_revision = v.create;
    kv.mod_revision = v.main;
    kv.version = v.version;
    kv.lease = v.lease;
  }
  return out;
}

const Version* MvccIndex::Latest(const std::string& key) const {
  auto it = keys_.find(key);
  if (it == keys_.end() || it->second.empty()) return nullptr;
  return &it->second.back();
}

std::vector<std::string> MvccIndex::LiveKeys(const std::string& key, const std::string& range_end) const {
  std::vector<std::string> out;
  for (auto it = RangeBegin(key); it != keys_.end() && !PastEnd(it->first, key, range_end); ++it) {
    if (!it->second.empty() && !it->second.back().tombstone()) out.push_back(it->first);
  }
  return out;
}

ChangeEvent MvccIndex::MakeEvent(const std::string* key, const Versions& h, size_t i) const {
  ChangeEvent e;
  e.key = key;
  e.version = h[i];
  if (i > 0 && !h[i - 1].tombstone()) e.prev = h[i - 1];
  return e;
}

ChangeEvent MvccIndex::Put(const std::string& key, ValuePtr value, int64_t lease, int64_t main, int64_t sub) {
  auto [it, inserted] = keys_.try_emplace(key);
  Versions& h = it->second;
  Version v;
  v.main = main;
  v.sub = sub;
  v.lease = lease;
  v.value = std::move(value);
  if (h.empty() || h.back().tombstone()) {
    v.create = main;
    v.version = 1;
    ++live_keys_;
  } else {
    v.create = h.back().create;
    v.version = h.back().version + 1;
  }
  bytes_ += VersionBytes(key, v);
  h.push_back(std::move(v));
  history_.push_back({main, sub, &it->first});
  return MakeEvent(&it->first, h, h.size() - 1);
}

ChangeEvent MvccIndex::Delete(const std::string& key, int64_t main, int64_t sub) {
  auto it = keys_.find(key);
  Versions& h = it->second;
  Version v;
  v.main = main;
  v.sub = sub;
  bytes_ += VersionBytes(key, v);
  h.push_back(std::move(v));
  --live_keys_;
  history_.push_back({main, sub, &it->first});
  return MakeEvent(&it->first, h, h.size() - 1);
}

void MvccIndex::Compact(int64_t rev) {
  // Only keys written at or below `rev` can lose versions.
  std::unordered_set<const std::string*> touched;
  while (!history_.empty() && history_.front().main <= rev) {
    touched.insert(history_.front().key);
    history_.pop_front();
  }
  for (const std::string* kp : touched) {
    auto it = keys_.find(*kp);
    Versions& h = it->second;
    const Version* keep = At(h, rev);
    size_t idx = static_cast<size_t>(keep - h.data());
    size_t drop = keep->tombstone() ? idx + 1 : idx;
    for (size_t i = 0; i < drop; ++i) bytes_ -= VersionBytes(it->first, h[i]);
    h.erase(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(drop));
    if (h.empty()) keys_.erase(it);
  }
  compacted_ = rev;
}

int64_t MvccIndex::Events(const std::string& key, const std::string& range_end, int64_t from, int64_t to,
                          size_t max_events, std::vector<ChangeEvent>* out) const {
  auto it = std::lower_bound(history_.begin(), history_.end(), from,
                             [](const HistoryEntry& e, int64_t r) { return e.main < r; });
  int64_t current = -1;
  for (; it != history_.end() && it->main <= to; ++it) {
    if (it->main != current) {
      // A new revision starts: everything before it has been visited.
      if (out->size() >= max_events) return it->main - 1;
      current = it->main;
    }
    if (InRange(*it->key, key, range_end)) {
      const Versions& h = keys_.find(*it->key)->second;
      auto vi = std::lower_bound(h.begin(), h.end(), it->main,
                                 [](const Version& v, int64_t r) { return v.main < r; });
      out->push_back(MakeEvent(it->key, h, static_cast<size_t>(vi - h.begin())));
    }
  }
  return to;
}

std::vector<MvccIndex::KeyVersions> MvccIndex::Export(const std::string& after, bool first, size_t max_keys,
                                                      int64_t rev) const {
  std::vector<KeyVersions> out;
  auto it = first ? keys_.begin() : keys_.upper_bound(after);
  for (; it != keys_.end() && out.size() < max_keys; ++it) {
    KeyVersions kv;
    kv.key = it->first;
    for (const Version& v : it->second) {
      if (v.main <= rev) kv.versions.push_back(v);
    }
    out.push_back(std::move(kv));  // may be empty; the reader skips those
  }
  return out;
}

void MvccIndex::Import(const std::string& key, std::vector<Version> versions) {
  if (versions.empty()) return;
  auto [it, inserted] = keys_.try_emplace(key);
  for (Version& v : versions) {
    bytes_ += VersionBytes(key, v);
    history_.push_back({v.main, v.sub, &it->first});
    it->second.push_back(std::move(v));
  }
  if (!it->second.back().tombstone()) ++live_keys_;
}

void MvccIndex::FinishImport(int64_t current, int64_t compacted) {
  std::sort(history_.begin(), history_.end(), [](const HistoryEntry& a, const HistoryEntry& b) {
    return a.main != b.main ? a.main < b.main : a.sub < b.sub;
  });
  current_ = current;
  compacted_ = compacted;
}

}  // namespace kubepp::store
