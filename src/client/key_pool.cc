#include "client/key_pool.h"

#include <sys/mman.h>

#include <cstring>

namespace kubepp::client {
namespace {

char* Reserve(size_t bytes) {
  // Untouched pages cost nothing: the region is committed as keys arrive.
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<char*>(p);
}

}  // namespace

KeyPool::KeyPool(size_t capacity_bytes)
    : begin_(Reserve(capacity_bytes)), capacity_(begin_ ? capacity_bytes : 0) {}

KeyPool::~KeyPool() {
  if (begin_ != nullptr) ::munmap(begin_, capacity_);
}

const char* KeyPool::Intern(std::string_view key) {
  if (key.size() > kMaxKeyBytes) return nullptr;
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
