#include "client/object_arena.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <new>

namespace kubepp::client {

// The block and its bump pointer. Boost.JSON's shared storage owns it and
// offers no way back to it, so it tells its handle where it is.
class ObjectArena::Resource : public boost::json::memory_resource {
 public:
  Resource(size_t block_bytes, Resource** self)
      : block_(static_cast<char*>(::operator new(block_bytes == 0 ? 1 : block_bytes))),
        size_(block_bytes) {
    *self = this;
  }
  ~Resource() override { ::operator delete(block_); }
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  void Seal() { sealed_ = true; }
  size_t used() const { return used_; }
  size_t needed() const { return used_ + spilled_; }

 private:
  void* do_allocate(size_t bytes, size_t align) override {
    if (!sealed_) {
      auto begin = reinterpret_cast<uintptr_t>(block_);
      uintptr_t at = (begin + used_ + align - 1) & ~(static_cast<uintptr_t>(align) - 1);
      if (at + bytes <= begin + size_) {
        used_ = at + bytes - begin;
        return reinterpret_cast<void*>(at);
      }
      spilled_ += bytes;
    }
    return ::operator new(bytes, std::align_val_t(align));
  }
  void do_deallocate(void* p, size_t bytes, size_t align) override {
    auto at = reinterpret_cast<uintptr_t>(p);
    auto begin = reinterpret_cast<uintptr_t>(block_);
    if (at >= begin && at < begin + size_) return;  // the block goes as a whole
    ::operator delete(p, std::align_val_t(align));
  }
  bool do_is_equal(const memory_resource& other) const noexcept override { return this == &other; }

  char* const block_;
  const size_t size_;
  size_t used_ = 0;
  size_t spilled_ = 0;   // asked of the heap before Seal()
  bool sealed_ = false;  // set before the object is published, read-only after
};

ObjectArena::ObjectArena(size_t block_bytes)
    : storage_(boost::json::make_shared_resource<Resource>(block_bytes, &resource_)) {}

void ObjectArena::Seal() { resource_->Seal(); }

size_t ObjectArena::used() const { return resource_->used(); }

size_t ObjectArena::needed() const { return resource_->needed(); }

namespace {

// jemalloc, kubepp's allocator, serves a block from the smallest of its size
// classes that holds it, four classes per doubling above 128 bytes: a pod's
// 8.3 KiB would take 10 KiB. So a block is rounded to a class: down when the
// object is expected to need at most a sixteenth more (that bit goes to the
// heap in small pieces), else up (the class's room comes free).
size_t AllocationClassFor(size_t want) {
  if (want <= 128) return want;
  const int lg = std::bit_width(want - 1) - 1;  // 2^lg < want <= 2^(lg+1)
  const size_t spacing = size_t{1} << (lg - 2);
  const size_t up = (want + spacing - 1) / spacing * spacing;
  const size_t down = up - spacing;
  return want - down <= down / 16 ? down : up;
}

}  // namespace

size_t BlockSizer::BlockFor(size_t text_bytes) const {
  uint64_t ratio = ratio_.load(std::memory_order_relaxed);
  return AllocationClassFor(static_cast<size_t>(text_bytes * ratio / kUnit) + 64);
}

void BlockSizer::Learn(size_t text_bytes, size_t parsed_bytes) {
  if (text_bytes == 0) return;
  uint64_t seen = std::min<uint64_t>(uint64_t{parsed_bytes} * kUnit / text_bytes, 16 * kUnit);
  uint32_t old = ratio_.load(std::memory_order_relaxed);
  // A moving average over about the last eight objects; a lost race loses one sample.
  auto next = static_cast<uint32_t>((uint64_t{old} * 7 + seen) / 8);
  ratio_.store(std::max<uint32_t>(next, kUnit / 2), std::memory_order_relaxed);
}

}  // namespace kubepp::client
