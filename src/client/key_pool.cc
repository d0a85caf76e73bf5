#include "client/key_pool.h"

#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <functional>

namespace kubepp::client {
namespace {

char* Reserve(size_t bytes) {
  // Untouched pages cost nothing: the region is committed as keys arrive.
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<char*>(p);
}

uint64_t NextId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

}  // namespace

KeyPool::KeyPool(size_t capacity_bytes)
    : id_(NextId()), begin_(Reserve(capacity_bytes)), capacity_(begin_ ? capacity_bytes : 0) {}

KeyPool::~KeyPool() {
  if (begin_ != nullptr) ::munmap(begin_, capacity_);
}

const char* KeyPool::Intern(std::string_view key) {
  if (key.size() > kMaxKeyBytes) return nullptr;
  // Each thread remembers the names it saw last, so the names of a decoded
  // object are mostly found without the lock. Pool bytes never change once
  // written, so a remembered entry is either this name or not.
  struct Seen {
    uint64_t pool = 0;  // a pool's id: an address may come back for another pool
    const char* name = nullptr;
    size_t size = 0;
  };
  thread_local Seen seen[256];
  const size_t hash = std::hash<std::string_view>()(key);
  Seen& slot = seen[hash % 256];
  if (slot.pool == id_ && slot.size == key.size() &&
      std::memcmp(slot.name, key.data(), key.size()) == 0) {
    return slot.name;
  }
  const char* name = InternLocked(key);
  if (name != nullptr) slot = {id_, name, key.size()};
  return name;
}

const char* KeyPool::InternLocked(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = keys_.find(key); it != keys_.end()) return it->data();
  if (capacity_ - used_ < key.size() + 1) return nullptr;
  char* copy = begin_ + used_;
  std::memcpy(copy, key.data(), key.size());
  copy[key.size()] = '\0';
  used_ += key.size() + 1;
  keys_.insert(std::string_view(copy, key.size()));
  return copy;
}

size_t KeyPool::used() const {
  std::lock_guard<std::mutex> lock(mu_);
  return used_;
}

KeyPool& KeyPool::Shared() {
  // Never destroyed: objects pointing into it may outlive static destruction.
  static KeyPool* pool = new KeyPool(16 << 20);
  return *pool;
}

}  // namespace kubepp::client
