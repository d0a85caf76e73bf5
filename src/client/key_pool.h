// KeyPool: one copy of each member name for every decoded object to point at.
//
// An informer holds thousands of objects of one kind, and each spells out the
// same member names: "metadata", "creationTimestamp", "terminationMessagePath".
// Parsed, every object carries its own copy of each; in a pod they are a
// seventh of its memory. ObjectArena::Seal points the keys of the object it
// seals at the pool's copies instead (see object_arena.h).
//
// The pool only grows. Its bytes are one region reserved up front, so Owns()
// is a range check; when the region is full, or a key is long, Intern()
// declines and the object keeps its own copy. Keys are mostly schema names,
// but labels and annotations put user data in keys too: the bound keeps a
// stream of unique keys from growing the pool without end.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_set>

namespace kubepp::client {

class KeyPool {
 public:
  // Keys longer than this are not shared.
  static constexpr size_t kMaxKeyBytes = 128;

  explicit KeyPool(size_t capacity_bytes);
  ~KeyPool();
  KeyPool(const KeyPool&) = delete;
  KeyPool& operator=(const KeyPool&) = delete;

  // The pool's NUL-terminated copy of `key`, or nullptr when the pool is full or the key long.
  const char* Intern(std::string_view key);
  // True if `p` points into the pool's bytes.
  bool Owns(const void* p) const {
    auto* c = static_cast<const char*>(p);
    return c >= begin_ && c < begin_ + capacity_;
  }
  size_t used() const;

  // The pool of every informer in the process (16 MiB).
  static KeyPool& Shared();

 private:
  const char* InternLocked(std::string_view key);

  const uint64_t id_;
  char* const begin_;
  const size_t capacity_;
  mutable std::mutex mu_;
  size_t used_ = 0;                            // guarded by mu_
  std::unordered_set<std::string_view> keys_;  // guarded by mu_; views of the pool's bytes
};

}  // namespace kubepp::client
