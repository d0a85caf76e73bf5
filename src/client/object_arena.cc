#include "client/object_arena.h"

#include <algorithm>
#include <bit>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <vector>

#include "client/key_pool.h"

namespace kubepp::client {
namespace {

namespace json = boost::json;

// Boost.JSON offers no way to point a member at a name it does not own. Its
// key_value_pair (Boost 1.81) is laid out as below; KeyLayoutHolds() checks
// that once, and names stay each object's own if it does not.
struct KeyValueLayout {
  json::value value;
  const char* key;
  std::uint32_t len;
  std::uint32_t next;
};
static_assert(sizeof(KeyValueLayout) == sizeof(json::key_value_pair));
constexpr size_t kKeyOffset = offsetof(KeyValueLayout, key);
constexpr size_t kLenOffset = offsetof(KeyValueLayout, len);

const char* KeyPointer(const json::key_value_pair& kv) {
  const char* key;
  std::memcpy(&key, reinterpret_cast<const char*>(&kv) + kKeyOffset, sizeof key);
  return key;
}

void SetKeyPointer(json::key_value_pair& kv, const char* key) {
  std::memcpy(reinterpret_cast<char*>(&kv) + kKeyOffset, &key, sizeof key);
}

bool KeyLayoutHolds() {
  static const bool holds = [] {
    json::object probe;
    probe["probe"] = 1;
    const json::key_value_pair& kv = *probe.begin();
    std::uint32_t len;
    std::memcpy(&len, reinterpret_cast<const char*>(&kv) + kLenOffset, sizeof len);
    return KeyPointer(kv) == kv.key().data() && len == 5;
  }();
  return holds;
}

// Every member of `root` and of what it contains. Without recursion: a
// custom resource may nest thousands of levels deep.
template <typename Visit>
void ForEachMember(json::value& root, const Visit& visit) {
  thread_local std::vector<json::value*> todo;
  todo.clear();
  todo.push_back(&root);
  while (!todo.empty()) {
    json::value* v = todo.back();
    todo.pop_back();
    if (json::object* obj = v->if_object()) {
      for (json::key_value_pair& kv : *obj) {
        visit(kv);
        if (kv.value().is_structured()) todo.push_back(&kv.value());
      }
    } else if (json::array* arr = v->if_array()) {
      for (json::value& e : *arr) {
        if (e.is_structured()) todo.push_back(&e);
      }
    }
  }
}

}  // namespace

// The block and its bump pointer. Boost.JSON's shared storage owns it and
// offers no way back to it, so it tells its handle where it is.
//
// Before Seal, member names (Boost.JSON's only allocations aligned to 1) go to
// a scratch area instead of the block; ShareKeys points them at the KeyPool's
// copies, or copies the few it declines into the block, and drops the scratch.
class ObjectArena::Resource : public json::memory_resource {
 public:
  Resource(size_t block_bytes, Resource** self)
      : block_(static_cast<char*>(::operator new(block_bytes == 0 ? 1 : block_bytes))),
        size_(block_bytes),
        share_keys_(KeyLayoutHolds()) {
    *self = this;
  }
  ~Resource() override { ::operator delete(block_); }
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  void ShareKeys(json::value& root) {
    if (scratch_.empty()) return;
    KeyPool& pool = KeyPool::Shared();
    size_t moved = 0;
    ForEachMember(root, [&](json::key_value_pair& kv) {
      const char* key = KeyPointer(kv);
      if (!InScratch(key)) return;
      std::string_view name(key, kv.key().size());
      const char* shared = pool.Intern(name);
      if (shared == nullptr) {
        auto* copy = static_cast<char*>(FromBlock(name.size() + 1, 1));
        std::memcpy(copy, name.data(), name.size());
        copy[name.size()] = '\0';
        shared = copy;
      }
      SetKeyPointer(kv, shared);
      ++moved;
    });
    // A name the walk did not reach (a member of something else made in this
    // storage) keeps the scratch alive; it goes with the block then.
    if (moved == scratch_names_) scratch_.clear();
  }
  void Seal() { sealed_ = true; }
  size_t used() const { return used_; }
  size_t needed() const { return used_ + spilled_; }

 private:
  struct Chunk {
    std::unique_ptr<char[]> bytes;
    size_t size = 0;
  };
  static constexpr size_t kScratchChunk = 2048;

  // Boost.JSON does not always free a block with the alignment it asked for:
  // a name still on the parser's stack (a parse that failed) is freed as if
  // aligned to max_align_t, while a member's name is freed aligned to 1. So
  // where a block came from is told by its address alone, and the heap is
  // asked for one alignment for everything up to max_align_t.
  static std::align_val_t HeapAlign(size_t align) {
    return std::align_val_t(std::max(align, alignof(std::max_align_t)));
  }

  void* do_allocate(size_t bytes, size_t align) override {
    if (!sealed_) {
      if (align == 1 && share_keys_) return FromScratch(bytes);
      return FromBlock(bytes, align);
    }
    return ::operator new(bytes, HeapAlign(align));
  }
  void do_deallocate(void* p, size_t bytes, size_t align) override {
    auto at = reinterpret_cast<uintptr_t>(p);
    auto begin = reinterpret_cast<uintptr_t>(block_);
    if (at >= begin && at < begin + size_) return;  // the block goes as a whole
    if (KeyPool::Shared().Owns(p)) return;          // shared by every object
    if (InScratch(p)) {
      if (!sealed_) --scratch_names_;
      return;  // the scratch goes as a whole
    }
    ::operator delete(p, HeapAlign(align));
  }
  bool do_is_equal(const memory_resource& other) const noexcept override { return this == &other; }

  void* FromBlock(size_t bytes, size_t align) {
    auto begin = reinterpret_cast<uintptr_t>(block_);
    uintptr_t at = (begin + used_ + align - 1) & ~(static_cast<uintptr_t>(align) - 1);
    if (at + bytes <= begin + size_) {
      used_ = at + bytes - begin;
      return reinterpret_cast<void*>(at);
    }
    spilled_ += bytes;
    return ::operator new(bytes, HeapAlign(align));
  }
  void* FromScratch(size_t bytes) {
    if (scratch_.empty() || scratch_.back().size - scratch_used_ < bytes) {
      size_t size = std::max(bytes, kScratchChunk);
      scratch_.push_back({std::make_unique<char[]>(size), size});
      scratch_used_ = 0;
    }
    char* p = scratch_.back().bytes.get() + scratch_used_;
    scratch_used_ += bytes;
    ++scratch_names_;
    return p;
  }
  bool InScratch(const void* p) const {
    auto* c = static_cast<const char*>(p);
    for (const Chunk& chunk : scratch_) {
      if (c >= chunk.bytes.get() && c < chunk.bytes.get() + chunk.size) return true;
    }
    return false;
  }

  char* const block_;
  const size_t size_;
  const bool share_keys_;
  size_t used_ = 0;
  size_t spilled_ = 0;  // asked of the heap before Seal()
  // Names allocated before Seal(); read-only after it.
  std::vector<Chunk> scratch_;
  size_t scratch_used_ = 0;   // of scratch_.back()
  size_t scratch_names_ = 0;  // allocated there and not yet freed
  bool sealed_ = false;       // set before the object is published, read-only after
};

ObjectArena::ObjectArena(size_t block_bytes)
    : storage_(json::make_shared_resource<Resource>(block_bytes, &resource_)) {}

void ObjectArena::Seal(json::value& root) {
  resource_->ShareKeys(root);
  resource_->Seal();
}

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
