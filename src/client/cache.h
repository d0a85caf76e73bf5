// Cache: the informer's store of objects by key ("ns/name" or "name") with
// secondary indexes (upstream's ThreadSafeStore + Indexers). Objects are
// shared pointers: a List() copies the vector of pointers, never an object.
//
// Thread safety: readers share a lock, writers take it alone; every method
// may be called from any thread. AddIndex before the first write.
#pragma once

#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "client/informer.h"

namespace kubepp::client {

class Cache {
 public:
  Cache();

  void AddIndex(std::string name, IndexFunc func);

  // Stores `obj` under `key`; returns what was there (nullptr if nothing).
  ObjectPtr Upsert(const std::string& key, ObjectPtr obj);
  // Removes `key`; returns what was there (nullptr if nothing).
  ObjectPtr Remove(const std::string& key);

  ObjectPtr Get(std::string_view key) const;
  std::vector<ObjectPtr> List() const;
  std::vector<std::string> Keys() const;
  std::vector<ObjectPtr> ByIndex(std::string_view index, std::string_view value) const;
  size_t Size() const;

 private:
  // Lets lookups by string_view skip building a std::string.
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
  struct Index {
    IndexFunc func;
    StringMap<std::unordered_set<std::string>> keys_by_value;
  };
  void IndexLocked(const std::string& key, const ObjectPtr& old_obj, const ObjectPtr& new_obj);

  mutable std::shared_mutex mu_;
  // Guarded by mu_.
  StringMap<ObjectPtr> items_;
  StringMap<Index> indexes_;
};

}  // namespace kubepp::client
