// MvccIndex: the in-memory multi-version state of the embedded store.
//
// Every key keeps its history as a list of versions in revision order, like
// etcd's keyIndex: a put appends a live version, a delete appends a tombstone,
// and the versions between tombstones form one "generation" (create_revision
// and version restart after each tombstone). For example, after
//   put a @2, put a @3, delete a @4, put a @5
// key "a" holds [2 live v1][3 live v2][4 tombstone][5 live v1 create=5];
// a read at revision 3 sees v2, at 4 sees nothing, at 6 sees the put of 5.
//
// Compact(C) drops, per key, every version older than the newest one at or
// below C; if that newest one is a tombstone it goes too, and a key left with
// no versions leaves the index. Reads below C answer "compacted".
//
// Beside the per-key lists, `history_` lists every retained (revision, key)
// in revision order. It makes compaction and watch catch-up cost O(changes)
// rather than O(keys).
//
// Values are shared_ptr<const string> so that events, snapshots and the index
// share one copy of each value. A superseded value may be packed as a delta
// against the next version's value (value_delta.h): the store packs in the
// background (PackWork, Pack, InstallPacked), and every read hands out
// versions unpacked. At most kMaxDeltaChain packed versions follow each
// other, so reading an old value unpacks at most that many deltas.
//
// The newest value of a key is compressed with a dictionary trained on its
// family — the keys sharing its first two path segments, such as
// "/registry/pods/" (value_dictionary.h) — once the family has one: a pod's
// 4.6 KB become under 200 bytes, and 30,000 pods take 5 MB instead of 140.
// The store trains and compresses in the background too (CompressWork,
// Compress, InstallCompressed). Reads hand out whole values; a range leaves
// the decompression to Materialize, outside the store's lock.
//
// Thread safety: none. The store guards an MvccIndex with its mutex.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "store/store.h"
#include "store/value_dictionary.h"

namespace kubepp::store {

using ValuePtr = std::shared_ptr<const std::string>;

// One revision of one key.
struct Version {
  int64_t main = 0;
  int64_t sub = 0;
  int64_t create = 0;   // 0 for a tombstone
  int64_t version = 0;  // 0 for a tombstone
  int64_t lease = 0;
  ValuePtr value;       // null for a tombstone
  bool packed = false;  // value is a delta against the next version's value; only inside MvccIndex
  // Not null: value is compressed with this dictionary (owned by the index,
  // which keeps every dictionary it made for as long as it lives).
  const ValueDictionary* dict = nullptr;
  bool tombstone() const { return version == 0; }
};

// An event in internal form: the changed version and the live version before it.
struct ChangeEvent {
  const std::string* key = nullptr;  // points into the index; valid while retained
  Version version;
  Version prev;          // prev.version == 0: no previous live value
};

class MvccIndex {
 public:
  int64_t current_revision() const { return current_; }
  int64_t compact_revision() const { return compacted_; }
  int64_t live_keys() const { return live_keys_; }
  int64_t bytes() const { return bytes_; }

  // REQUIRES: compact_revision() <= rev <= current_revision().
  RangeResponse Range(const RangeRequest& req, int64_t rev) const;

  // Like Range, but leaves values shared: the caller copies them into
  // KeyValues (Materialize) after releasing its lock.
  struct RangeRefs {
    std::vector<std::pair<std::string, Version>> kvs;
    bool more = false;
    int64_t count = 0;
  };
  RangeRefs RangeShared(const RangeRequest& req, int64_t rev) const;
  static RangeResponse Materialize(RangeRefs refs, const RangeRequest& req, int64_t rev);

  // Every version of `key` as held, packed ones included (for tests); nullptr if none.
  const std::vector<Version>* HeldVersions(const std::string& key) const;
  // The newest version of `key` (live or tombstone), or nullptr. Its value
  // may be compressed: read it through WholeValue.
  const Version* Latest(const std::string& key) const;
  // The value of a version that is not a delta, decompressed if it was compressed.
  static ValuePtr WholeValue(const Version& v);
  // Live keys in [key, range_end) at the current revision.
  std::vector<std::string> LiveKeys(const std::string& key, const std::string& range_end) const;

  // Writes at revision `main` (>= current); each call takes the next sub revision.
  // Return the change (with the previous live value) for watchers.
  ChangeEvent Put(const std::string& key, ValuePtr value, int64_t lease, int64_t main, int64_t sub);
  // REQUIRES: `key` is live.
  ChangeEvent Delete(const std::string& key, int64_t main, int64_t sub);
  // Marks `rev` as the current revision (writes call Put/Delete first).
  void SetCurrent(int64_t rev) { current_ = rev; }

  // REQUIRES: compact_revision() < rev <= current_revision().
  void Compact(int64_t rev);

  // Events of keys in [key, range_end) with from <= revision <= to, in
  // revision order, stopping after about `max_events` at a revision boundary.
  // Returns the last revision fully covered. REQUIRES: from >= compact_revision().
  int64_t Events(const std::string& key, const std::string& range_end, int64_t from, int64_t to,
                 size_t max_events, std::vector<ChangeEvent>* out) const;

  // Snapshot support: visits keys after `after` (or from the start when
  // `first`), up to `max_keys`, copying their versions at or below `rev` as
  // held, with the newer versions their deltas need. Unpack, without the
  // store's lock, makes them whole and drops those newer ones.
  struct KeyVersions {
    std::string key;
    std::vector<Version> versions;
  };
  std::vector<KeyVersions> Export(const std::string& after, bool first, size_t max_keys, int64_t rev) const;
  static void Unpack(std::vector<KeyVersions>* exported, int64_t rev);
  // Loads one key's history (during recovery, keys in any order).
  void Import(const std::string& key, std::vector<Version> versions);
  // Sets revisions after Import and rebuilds history_ order.
  void FinishImport(int64_t current, int64_t compacted);

  // Packing superseded values. The store finds the work under its lock,
  // packs without it and installs the results under it again:
  //   auto jobs = index.PackWork(max);        // locked
  //   MvccIndex::Pack(&jobs);                 // unlocked
  //   index.InstallPacked(&jobs);             // locked; the old values go with `jobs`
  static constexpr int kMaxDeltaChain = 16;
  struct PackJob {
    std::string key;
    int64_t main = 0;  // the version to pack
    ValuePtr older;    // its value
    ValuePtr newer;    // the next version's value
    const ValueDictionary* newer_dict = nullptr;  // newer is compressed with it
    std::optional<std::string> packed;
  };
  // The versions made packable by writes since the last call, taking whole
  // revisions until about `max_jobs`.
  std::vector<PackJob> PackWork(size_t max_jobs);
  static void Pack(std::vector<PackJob>* jobs);
  // Installs what Pack made, skipping versions compacted meanwhile. Returns
  // the bytes saved.
  int64_t InstallPacked(std::vector<PackJob>* jobs);

  // Compressing newest values. Like packing: the work is found under the
  // store's lock, done without it and installed under it again:
  //   auto work = index.CompressWork(max);     // locked
  //   MvccIndex::Compress(&work);              // unlocked: trains, compresses
  //   index.InstallCompressed(&work);          // locked
  // A family without a dictionary collects the newest values of its keys as
  // they are written until it has kTrainSamples (or kTrainBytes) of them;
  // CompressWork then hands them out to train on. A dictionary that does not
  // at least halve its samples is dropped and the family left alone.
  // At most kMaxFamilies families are tracked, so that keys of an unforeseen
  // layout cannot pile up samples in thousands of families.
  static constexpr size_t kTrainSamples = 1000;
  static constexpr size_t kTrainBytes = 2 << 20;
  static constexpr size_t kMaxFamilies = 64;
  struct CompressJob {
    std::string key;
    int64_t main = 0;  // the version to compress
    ValuePtr whole;    // its value
    const ValueDictionary* dict = nullptr;
    std::optional<std::string> compressed;
  };
  struct TrainJob {
    std::string family;
    std::vector<ValuePtr> samples;
    std::unique_ptr<ValueDictionary> dict;  // made by Compress; null if useless
  };
  struct CompressBatch {
    std::vector<CompressJob> jobs;
    std::vector<TrainJob> train;
    size_t visited = 0;  // keys looked at; 0 once every write has been visited
  };
  // The newest versions of keys written since the last call, taking whole
  // revisions until about `max_keys`.
  CompressBatch CompressWork(size_t max_keys);
  static void Compress(CompressBatch* batch);
  // Installs dictionaries and compressed values, skipping versions
  // superseded or compacted meanwhile. Returns the bytes saved.
  int64_t InstallCompressed(CompressBatch* batch);
  // The family of a key: the key up to its third '/' ("/registry/pods/" of
  // "/registry/pods/ns/name"), or up to its last '/' if it has fewer.
  static std::string_view FamilyOf(const std::string& key);

  // Visits the newest live version of every key (recovery re-attaches leases).
  template <typename F>
  void ForEachLive(F f) const {
    for (const auto& [k, h] : keys_) {
      if (!h.empty() && !h.back().tombstone()) f(k, h.back());
    }
  }

 private:
  struct HistoryEntry {
    int64_t main;
    int64_t sub;
    const std::string* key;
  };
  using Versions = std::vector<Version>;

  // The newest version in `h` with main <= rev, or nullptr.
  static const Version* At(const Versions& h, int64_t rev);
  // h[i] with its value unpacked.
  static Version Unpacked(const Versions& h, size_t i);
  // The keys written after revision *through, taking whole revisions until
  // about `max_keys`; advances *through past them (a sweep's cursor).
  std::unordered_set<const std::string*> KeysWrittenAfter(int64_t* through, size_t max_keys) const;
  static bool InRange(const std::string& k, const std::string& key, const std::string& range_end);
  static int64_t VersionBytes(const std::string& key, const Version& v);
  ChangeEvent MakeEvent(const std::string* key, const Versions& h, size_t i) const;
  std::map<std::string, Versions>::const_iterator RangeBegin(const std::string& key) const;
  bool PastEnd(const std::string& k, const std::string& key, const std::string& range_end) const;

  std::map<std::string, Versions> keys_;
  std::deque<HistoryEntry> history_;
  int64_t current_ = 1;  // etcd starts at revision 1 with no keys
  int64_t compacted_ = 0;
  int64_t live_keys_ = 0;
  int64_t bytes_ = 0;
  int64_t packed_through_ = 0;  // PackWork has visited the writes up to this revision

  struct Family {
    const ValueDictionary* dict = nullptr;
    bool settled = false;   // has a dictionary, or tried and will not again
    bool training = false;  // its samples are out with a TrainJob
    std::vector<ValuePtr> samples;
    size_t sample_bytes = 0;
  };
  std::map<std::string, Family, std::less<>> families_;
  std::vector<std::unique_ptr<ValueDictionary>> dictionaries_;
  int64_t compressed_through_ = 0;  // CompressWork has visited the writes up to this revision
  // A pass over every key, after a new dictionary or writes compacted unseen.
  void StartRescan();
  bool rescanning_ = false;
  std::optional<std::string> rescan_after_;  // the last key it visited; none: start at the first
};

}  // namespace kubepp::store
