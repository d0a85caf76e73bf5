#include "store/mvcc_index.h"

#include <algorithm>
#include <thread>
#include <unordered_set>

#include "base/log.h"
#include "store/value_delta.h"

namespace kubepp::store {

const Version* MvccIndex::At(const Versions& h, int64_t rev) {
  auto it = std::upper_bound(h.begin(), h.end(), rev,
                             [](int64_t r, const Version& v) { return r < v.main; });
  if (it == h.begin()) return nullptr;
  return &*std::prev(it);
}

namespace {

// The whole value of a version packed against `newer`, its successor's value.
ValuePtr UnpackValue(const std::string& packed, const std::string& newer) {
  auto raw = UnpackDelta(packed, newer);
  // Deltas live in memory only; failing to read one back is a bug, not bad input.
  KCHECK(raw.ok()) << raw.status().message();
  return std::make_shared<const std::string>(std::move(*raw));
}

}  // namespace

ValuePtr MvccIndex::WholeValue(const Version& v) {
  if (v.dict == nullptr) return v.value;
  auto raw = v.dict->Decompress(*v.value);
  // Compressed values live in memory only; failing to read one back is a bug.
  KCHECK(raw.ok()) << raw.status().message();
  return std::make_shared<const std::string>(std::move(*raw));
}

Version MvccIndex::Unpacked(const Versions& h, size_t i) {
  Version v = h[i];
  if (!v.packed && v.dict == nullptr) return v;
  size_t top = i;
  while (h[top].packed) ++top;  // the newest version is never packed
  ValuePtr value = WholeValue(h[top]);
  for (size_t j = top; j-- > i;) value = UnpackValue(*h[j].value, *value);
  v.value = std::move(value);
  v.packed = false;
  v.dict = nullptr;
  return v;
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
    if (!req.keys_only)
      kv.value = Bytes(Unpacked(it->second, static_cast<size_t>(v - it->second.data())).value);
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
    // A compressed value is decompressed by Materialize, without the lock.
    out.kvs.emplace_back(it->first,
                         req.keys_only || !v->packed
                             ? *v
                             : Unpacked(it->second, static_cast<size_t>(v - it->second.data())));
  }
  return out;
}

RangeResponse MvccIndex::Materialize(RangeRefs refs, const RangeRequest& req, int64_t rev) {
  RangeResponse out;
  out.revision = rev;
  out.count = refs.count;
  out.more = refs.more;
  out.kvs.resize(refs.kvs.size());
  auto fill = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      auto& [key, v] = refs.kvs[i];
      KeyValue& kv = out.kvs[i];
      kv.key = std::move(key);
      if (req.keys_only) {
      } else if (req.keep_compressed && v.dict != nullptr) {
        kv.value = Bytes(v.value);
        kv.compressed_with = v.dict;
      } else {
        kv.value = Bytes(WholeValue(v));
      }
      kv.create_revision = v.create;
      kv.mod_revision = v.main;
      kv.version = v.version;
      kv.lease = v.lease;
    }
  };
  // Decompressing thousands of values (a LIST of every pod) takes tens of
  // milliseconds: a second thread does half of them.
  constexpr size_t kSplitAt = 1000;
  size_t n = refs.kvs.size();
  bool compressed =
      std::any_of(refs.kvs.begin(), refs.kvs.end(), [](const auto& kv) { return kv.second.dict; });
  if (req.keys_only || req.keep_compressed || !compressed || n < kSplitAt ||
      std::thread::hardware_concurrency() < 2) {
    fill(0, n);
  } else {
    std::thread helper([&] { fill(n / 2, n); });
    fill(0, n / 2);
    helper.join();
  }
  return out;
}

const std::vector<Version>* MvccIndex::HeldVersions(const std::string& key) const {
  auto it = keys_.find(key);
  return it == keys_.end() ? nullptr : &it->second;
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
  e.version = Unpacked(h, i);
  if (i > 0 && !h[i - 1].tombstone()) e.prev = Unpacked(h, i - 1);
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
    const Versions& h = it->second;
    size_t i = 0;
    for (; i < h.size() && h[i].main <= rev; ++i) kv.versions.push_back(h[i]);
    // A packed last one needs the newer versions up to a whole one.
    for (; i < h.size() && !kv.versions.empty() && kv.versions.back().packed; ++i)
      kv.versions.push_back(h[i]);
    out.push_back(std::move(kv));  // may be empty; the reader skips those
  }
  return out;
}

void MvccIndex::Unpack(std::vector<KeyVersions>* exported, int64_t rev) {
  for (KeyVersions& kv : *exported) {
    Versions& h = kv.versions;
    // Newest first: each delta's newer value is whole by the time it is needed.
    for (size_t i = h.size(); i-- > 0;) {
      if (h[i].dict != nullptr) {
        h[i].value = WholeValue(h[i]);
        h[i].dict = nullptr;
      }
      if (!h[i].packed) continue;
      h[i].value = UnpackValue(*h[i].value, *h[i + 1].value);
      h[i].packed = false;
    }
    while (!h.empty() && h.back().main > rev) h.pop_back();
  }
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

std::unordered_set<const std::string*> MvccIndex::KeysWrittenAfter(int64_t* through,
                                                                   size_t max_keys) const {
  auto it = std::upper_bound(history_.begin(), history_.end(), *through,
                             [](int64_t r, const HistoryEntry& e) { return r < e.main; });
  std::unordered_set<const std::string*> keys;
  for (; it != history_.end(); ++it) {
    if (it->main != *through && keys.size() >= max_keys) break;
    *through = it->main;
    keys.insert(it->key);
  }
  return keys;
}

std::vector<MvccIndex::PackJob> MvccIndex::PackWork(size_t max_jobs) {
  std::vector<PackJob> jobs;
  std::unordered_set<const std::string*> touched = KeysWrittenAfter(&packed_through_, max_jobs);
  for (const std::string* kp : touched) {
    const Versions& h = keys_.find(*kp)->second;
    // Oldest first, counting the packed versions in a row below each one: a
    // version that would make that run longer than kMaxDeltaChain stays whole.
    int run = 0;
    for (size_t i = 0; i + 1 < h.size(); ++i) {
      const Version& v = h[i];
      if (v.tombstone() || h[i + 1].tombstone() || v.dict != nullptr) {
        run = 0;  // a compressed value stays as it is: smaller than most deltas already
      } else if (v.packed) {
        ++run;
      } else if (run + 1 >= kMaxDeltaChain) {
        run = 0;
      } else {
        jobs.push_back(PackJob{*kp, v.main, v.value, h[i + 1].value, h[i + 1].dict, std::nullopt});
        ++run;
      }
    }
  }
  return jobs;
}

void MvccIndex::Pack(std::vector<PackJob>* jobs) {
  for (PackJob& job : *jobs) {
    if (job.newer_dict != nullptr) {
      Version newer;
      newer.value = job.newer;
      newer.dict = job.newer_dict;
      job.newer = WholeValue(newer);
      job.newer_dict = nullptr;
    }
    job.packed = PackDelta(*job.older, *job.newer);
  }
}

int64_t MvccIndex::InstallPacked(std::vector<PackJob>* jobs) {
  int64_t saved = 0;
  for (PackJob& job : *jobs) {
    if (!job.packed || job.packed->size() >= job.older->size()) continue;
    auto it = keys_.find(job.key);
    if (it == keys_.end()) continue;
    Versions& h = it->second;
    auto vi = std::lower_bound(h.begin(), h.end(), job.main,
                               [](const Version& v, int64_t r) { return v.main < r; });
    // Compaction may have dropped it; nothing else changes a retained version or its successor.
    if (vi == h.end() || vi->main != job.main || vi->value != job.older || vi + 1 == h.end())
      continue;
    int64_t delta =
        static_cast<int64_t>(job.older->size()) - static_cast<int64_t>(job.packed->size());
    vi->value = std::make_shared<const std::string>(std::move(*job.packed));
    vi->packed = true;
    bytes_ -= delta;
    saved += delta;
  }
  return saved;
}

void MvccIndex::FinishImport(int64_t current, int64_t compacted) {
  std::sort(history_.begin(), history_.end(), [](const HistoryEntry& a, const HistoryEntry& b) {
    return a.main != b.main ? a.main < b.main : a.sub < b.sub;
  });
  current_ = current;
  compacted_ = compacted;
  packed_through_ = 0;  // everything imported is whole: the next PackWork visits it all
  compressed_through_ = 0;
}

void MvccIndex::StartRescan() {
  rescanning_ = true;
  rescan_after_.reset();
}

std::string_view MvccIndex::FamilyOf(const std::string& key) {
  size_t end = 0;
  for (int slashes = 0; slashes < 3; ++slashes) {
    size_t at = key.find('/', end);
    if (at == std::string::npos) break;
    end = at + 1;
  }
  return std::string_view(key).substr(0, end);
}

MvccIndex::CompressBatch MvccIndex::CompressWork(size_t max_keys) {
  CompressBatch batch;
  if (compressed_through_ < compacted_) {
    // Compaction dropped writes this sweep had not visited yet: look at every key instead.
    compressed_through_ = compacted_;
    StartRescan();
  }
  std::unordered_set<const std::string*> touched = KeysWrittenAfter(&compressed_through_, max_keys);
  if (rescanning_) {
    auto k = rescan_after_ ? keys_.upper_bound(*rescan_after_) : keys_.begin();
    for (size_t n = 0; k != keys_.end() && n < max_keys; ++k, ++n) {
      touched.insert(&k->first);
      rescan_after_ = k->first;
    }
    if (k == keys_.end()) rescanning_ = false;
  }
  batch.visited = touched.size();
  for (const std::string* kp : touched) {
    const Version& v = keys_.find(*kp)->second.back();
    if (v.tombstone() || v.packed || v.dict != nullptr) continue;
    std::string_view name = FamilyOf(*kp);
    auto f = families_.find(name);
    if (f == families_.end()) {
      if (families_.size() >= kMaxFamilies) continue;  // keys of yet more families stay whole
      f = families_.emplace(std::string(name), Family{}).first;
    }
    Family& family = f->second;
    if (family.dict != nullptr) {
      batch.jobs.push_back(CompressJob{*kp, v.main, v.value, family.dict, std::nullopt});
    } else if (!family.settled && !family.training) {
      family.sample_bytes += v.value->size();
      family.samples.push_back(v.value);
      if (family.samples.size() >= kTrainSamples || family.sample_bytes >= kTrainBytes) {
        batch.train.push_back(TrainJob{f->first, std::move(family.samples), nullptr});
        family.samples.clear();
        family.sample_bytes = 0;
        family.training = true;
      }
    }
  }
  return batch;
}

void MvccIndex::Compress(CompressBatch* batch) {
  for (TrainJob& t : batch->train) {
    std::vector<std::string_view> samples;
    samples.reserve(t.samples.size());
    for (const ValuePtr& v : t.samples) samples.emplace_back(*v);
    t.dict = ValueDictionary::Train(samples);
    if (!t.dict) continue;
    // Worth keeping only if it at least halves what it was trained on.
    size_t raw = 0, compressed = 0;
    for (std::string_view s : samples) {
      auto c = t.dict->Compress(s);
      raw += s.size();
      compressed += c ? c->size() : s.size();
    }
    if (compressed * 2 > raw) t.dict = nullptr;
  }
  for (CompressJob& job : batch->jobs) job.compressed = job.dict->Compress(*job.whole);
}

int64_t MvccIndex::InstallCompressed(CompressBatch* batch) {
  for (TrainJob& t : batch->train) {
    Family& family = families_[t.family];
    family.training = false;
    family.settled = true;
    if (!t.dict) continue;
    family.dict = t.dict.get();
    dictionaries_.push_back(std::move(t.dict));
    StartRescan();  // the family's values written before can be compressed now
  }
  int64_t saved = 0;
  for (CompressJob& job : batch->jobs) {
    if (!job.compressed || job.compressed->size() >= job.whole->size()) continue;
    auto it = keys_.find(job.key);
    if (it == keys_.end()) continue;
    // Still the newest version, and still as it was (a put or compaction may have come since).
    Version& v = it->second.back();
    if (v.main != job.main || v.value != job.whole || v.packed || v.dict != nullptr) continue;
    int64_t delta =
        static_cast<int64_t>(job.whole->size()) - static_cast<int64_t>(job.compressed->size());
    v.value = std::make_shared<const std::string>(std::move(*job.compressed));
    v.dict = job.dict;
    bytes_ -= delta;
    saved += delta;
  }
  return saved;
}

}  // namespace kubepp::store
