// DecodedReads: the objects admission reads straight from the store on every
// create (the namespace, the pod's ServiceAccount, the PriorityClasses),
// decoded once per revision. A read asks the store for keys and revisions
// only; an object still at the revision decoded last time is shared, not
// decoded again, and any change is seen by the next read, as without it.
//
// Thread-safe. One per apiserver (the Registry's); the objects it hands out
// are immutable and stay valid while held.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace kubepp::apiserver {

class DecodedReads {
 public:
  using ObjectPtr = std::shared_ptr<const boost::json::object>;

  explicit DecodedReads(store::Store* store) : store_(store) {}

  // The object at `key`, with its resourceVersion; nullptr when there is none.
  StatusOr<ObjectPtr> Key(const std::string& key);
  // Every object under the key prefix `prefix`, in key order. Records that
  // do not decode are left out.
  StatusOr<std::vector<ObjectPtr>> Prefix(const std::string& prefix);

  store::Store& store() { return *store_; }

 private:
  struct Decoded {
    int64_t mod_revision = 0;
    ObjectPtr object;
  };
  // The cached decode of `key` if it is at `mod_revision`, else nullptr.
  ObjectPtr Cached(const std::string& key, int64_t mod_revision);
  // Reads and decodes `key` (at whatever revision it now has) and caches it;
  // nullptr when it is gone, or when it does not decode (`undecodable` says why).
  StatusOr<ObjectPtr> Load(const std::string& key, Status* undecodable);

  store::Store* const store_;
  std::mutex mu_;
  std::unordered_map<std::string, Decoded> decoded_;  // by key; guarded by mu_
};

}  // namespace kubepp::apiserver
