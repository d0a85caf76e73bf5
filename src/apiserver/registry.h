// Registry: the generic storage of API objects on top of the store, with the
// object semantics upstream's generic registry gives every resource: uid and
// creationTimestamp, generateName, generation on spec changes, optimistic
// concurrency on resourceVersion, the status subresource, finalizers and
// graceful deletion, and the namespace lifecycle.
//
// Keys: /registry/<storage_resource>/<namespace>/<name> for namespaced
// resources, /registry/<storage_resource>/<name> for cluster-scoped ones.
// Values: stored bytes as api/codec/codec.h describes them.
//
// Writes complete through callbacks, which run on the store's threads once the
// write is durable. Reads are synchronous (the store serves them from memory).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/labels/selector.h"
#include "api/resources/catalog.h"
#include "apiserver/decoded_reads.h"
#include "base/status.h"
#include "store/store.h"

namespace kubepp::apiserver {

// An object as read from the store.
struct Record {
  store::Bytes stored;   // stored bytes (no resourceVersion), shared with the store
  int64_t revision = 0;  // its mod revision = resourceVersion
  // Not null: `stored` is compressed (ListOptions::keep_compressed); read it with Whole.
  const store::ValueDictionary* compressed_with = nullptr;

  // The stored bytes whole: `stored` itself, or decompressed into `scratch`.
  std::string_view Whole(std::string* scratch) const;
  // Their size once whole.
  size_t WholeSize() const;
};

struct ListOptions {
  std::string namespace_name;  // "" = all namespaces
  api::LabelSelector label_selector;
  api::FieldSelector field_selector;
  int64_t limit = 0;
  std::string continue_token;
  std::string resource_version;        // "", "0" or a number
  std::string resource_version_match;  // "", "Exact", "NotOlderThan"
  // Items may come compressed, for a caller that renders each on its own
  // (in parallel): an unfiltered LIST of a resource stored in its own version.
  bool keep_compressed = false;
};

struct ListResult {
  std::vector<Record> items;
  int64_t revision = 0;
  std::string continue_token;
  std::optional<int64_t> remaining_item_count;
};

struct WriteOptions {
  bool dry_run = false;
  // Records the write in metadata.managedFields under this manager (an
  // Update entry, for the subresource written); empty: the caller already
  // did (server-side apply) or the write is not tracked (bindings).
  std::string field_manager;
};

struct DeleteOptions {
  bool dry_run = false;
  std::optional<int64_t> grace_period_seconds;
  std::string propagation_policy;  // "", Orphan, Background, Foreground
  std::string precondition_uid;
  std::string precondition_resource_version;
};

// Conflict when a delete's preconditions do not name `current` (its uid, and the
// resourceVersion `current_rv` it was read at); shared by deletes and evictions.
Status CheckDeletePreconditions(const DeleteOptions& options, const boost::json::object& current,
                                const std::string& current_rv);

// The outcome of a write: the object as it now is (or was, when deleted).
struct WriteResult {
  boost::json::object object;   // with resourceVersion set
  bool deleted = false;         // a delete removed the object from the store
  bool created = false;
  // The bytes stored for `object` (no resourceVersion) when they are also
  // its JSON as served, the resource not converting for storage; else "".
  // A reply sends them, with the revision, instead of encoding it again.
  std::string stored;
  int64_t revision = 0;  // of the write; with `stored`
};
using WriteDone = std::function<void(StatusOr<WriteResult>)>;
// Computes the new object from the current one (update and patch). Returning
// an error aborts the write with it.
using Mutation = std::function<StatusOr<boost::json::object>(const boost::json::object& current)>;

class Registry {
 public:
  explicit Registry(store::Store* store)
      : store_(store), reads_(std::make_shared<DecodedReads>(store)) {}

  // Where the random part of a generateName comes from (RandomSuffix); tests
  // force collisions with it. REQUIRES: before the first Create.
  void SetNameSuffixSource(std::function<std::string()> source) { name_suffix_ = std::move(source); }

  static std::string Key(const api::ResourceInfo& r, const std::string& ns, const std::string& name);
  static std::string Prefix(const api::ResourceInfo& r, const std::string& ns);

  StatusOr<boost::json::object> Get(const api::ResourceInfo& r, const std::string& ns,
                                    const std::string& name, int64_t revision = 0);
  StatusOr<ListResult> List(const api::ResourceInfo& r, const ListOptions& options);

  // `obj` is decoded, its apiVersion/kind/namespace checked by the caller.
  void Create(const api::ResourceInfo& r, boost::json::object obj, const WriteOptions& options,
              WriteDone done);
  // Read-modify-write with compare-and-swap; retried on a concurrent change
  // unless `mutate` pinned a resourceVersion (then 409 Conflict).
  // `subresource` is "", "status", "finalize", "binding" or "scale" (whose
  // caller's mutate sets spec.replicas; it writes like the main resource).
  void Update(const api::ResourceInfo& r, const std::string& ns, const std::string& name,
              const std::string& subresource, Mutation mutate, const WriteOptions& options,
              WriteDone done);
  void Delete(const api::ResourceInfo& r, const std::string& ns, const std::string& name,
              const DeleteOptions& options, WriteDone done);

  store::Store* store() { return store_; }

 private:
  void UpdateAttempt(const api::ResourceInfo& r, const std::string& ns, const std::string& name,
                     const std::string& subresource, Mutation mutate, WriteOptions options,
                     WriteDone done, int attempt);
  void DeleteAttempt(const api::ResourceInfo& r, const std::string& ns, const std::string& name,
                     DeleteOptions options, WriteDone done, int attempt);
  Status CheckNamespace(const api::ResourceInfo& r, const std::string& ns);

  store::Store* store_;
  // What admission and the namespace check read, decoded once per revision;
  // shared with writes still waiting for their commit.
  std::shared_ptr<DecodedReads> reads_;
  std::function<std::string()> name_suffix_;  // empty: RandomSuffix()
};

// A stored record as an object of `r`'s version (converted from the storage
// version when `r` is served at another one).
StatusOr<boost::json::object> DecodeRecord(const api::ResourceInfo& r, std::string_view stored,
                                           int64_t revision, boost::json::storage_ptr storage = {});

// "deployments.apps" / "pods" — how messages name a resource.
std::string QualifiedResource(const api::ResourceInfo& r);
// "Deployment.apps" / "Pod" — how Invalid messages name a kind.
std::string QualifiedKind(const api::ResourceInfo& r);

// The selectable fields of an object (metadata.name, metadata.namespace and
// the kind's own, e.g. spec.nodeName for pods). An unsupported field in a
// selector is a BadRequest: "field label not supported: <field>".
std::map<std::string, std::string, std::less<>> SelectableFields(const api::ResourceInfo& r,
                                                                  const boost::json::object& obj);
Status CheckFieldSelector(const api::ResourceInfo& r, const api::FieldSelector& selector);

// For the 410 a continue token gets once its revision is compacted: a token for the rest of the
// list from the same key, read at the newest revision ("rv": -1), as upstream sends it in the
// Status's metadata.continue. "" if `token` does not decode.
std::string ContinueAtLatest(const std::string& token);

// Upstream's answer to a read at a resourceVersion the store has not reached: 504
// "Timeout: Too large resource version: 9, current: 7", cause ResourceVersionTooLarge, retry
// after a second.
Status TooLargeResourceVersion(int64_t asked, int64_t current);

}  // namespace kubepp::apiserver
