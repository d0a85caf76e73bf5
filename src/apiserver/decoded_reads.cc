#include "apiserver/decoded_reads.h"

#include "api/codec/codec.h"

namespace kubepp::apiserver {
namespace {

// Admission reads few keys (a namespace and a ServiceAccount per namespace,
// the PriorityClasses); past this many the cache starts over rather than
// grow with keys nobody reads again.
constexpr size_t kMaxCached = 4096;

}  // namespace

DecodedReads::ObjectPtr DecodedReads::Cached(const std::string& key, int64_t mod_revision) {
  std::lock_guard lock(mu_);
  auto it = decoded_.find(key);
  if (it == decoded_.end() || it->second.mod_revision != mod_revision) return nullptr;
  return it->second.object;
}

StatusOr<DecodedReads::ObjectPtr> DecodedReads::Load(const std::string& key, Status* undecodable) {
  store::RangeRequest req;
  req.key = key;
  auto resp = store_->Range(req);
  if (!resp.ok()) return resp.status();
  if (resp->kvs.empty()) return ObjectPtr();
  const store::KeyValue& kv = resp->kvs[0];
  auto obj = api::DecodeStored(kv.value, kv.mod_revision);
  if (!obj.ok()) {
    *undecodable = obj.status();
    return ObjectPtr();
  }
  auto shared = std::make_shared<const boost::json::object>(std::move(*obj));
  std::lock_guard lock(mu_);
  if (decoded_.size() >= kMaxCached) decoded_.clear();
  decoded_[key] = Decoded{kv.mod_revision, shared};
  return ObjectPtr(std::move(shared));
}

StatusOr<DecodedReads::ObjectPtr> DecodedReads::Key(const std::string& key) {
  store::RangeRequest req;
  req.key = key;
  req.keys_only = true;
  auto resp = store_->Range(req);
  if (!resp.ok()) return resp.status();
  if (resp->kvs.empty()) return ObjectPtr();
  if (ObjectPtr cached = Cached(key, resp->kvs[0].mod_revision)) return cached;
  Status undecodable;
  auto loaded = Load(key, &undecodable);
  if (!undecodable.ok()) return undecodable;
  return loaded;
}

StatusOr<std::vector<DecodedReads::ObjectPtr>> DecodedReads::Prefix(const std::string& prefix) {
  store::RangeRequest req;
  req.key = prefix;
  req.range_end = store::PrefixEnd(prefix);
  req.keys_only = true;
  auto resp = store_->Range(req);
  if (!resp.ok()) return resp.status();
  std::vector<ObjectPtr> out;
  out.reserve(resp->kvs.size());
  for (const store::KeyValue& kv : resp->kvs) {
    ObjectPtr obj = Cached(kv.key, kv.mod_revision);
    if (!obj) {
      Status undecodable;  // such a record is left out
      auto loaded = Load(kv.key, &undecodable);
      if (!loaded.ok()) return loaded.status();
      obj = std::move(*loaded);
    }
    if (obj) out.push_back(std::move(obj));
  }
  return out;
}

}  // namespace kubepp::apiserver
