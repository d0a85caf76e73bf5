// ObjectArena: the memory of one decoded object, in one block.
//
// An informer holds thousands of objects for long. Parsed onto the heap, each
// is hundreds of small allocations and takes about twice the memory of the
// same object packed into one block. A decoder parses into an arena, then
// seals it before anyone else sees the object:
//
//   ObjectArena arena(text.size());  // the block size is a first guess
//   json::value v = json::parse(text, ec, arena.storage());
//   arena.Seal(v);
//
// Until sealed the arena hands out its block, then the heap when the block is
// full. Member names are the exception: sealing points the object's names at
// the process's KeyPool (key_pool.h), so the block holds none. Once sealed, it only passes
// allocations on to the heap: a copy of the object (Boost.JSON copies into the original's storage)
// or a change to it, made on any thread, never touches the block. The block is freed when the last
// value using the storage is gone; the ObjectArena itself is a handle that may go first.
//
// Thread safety: allocation before Seal() from one thread only; after Seal(),
// from any thread.
#pragma once

#include <atomic>
#include <boost/json/fwd.hpp>
#include <boost/json/storage_ptr.hpp>
#include <cstddef>
#include <cstdint>

namespace kubepp::client {

class ObjectArena {
 public:
  explicit ObjectArena(size_t block_bytes);

  const boost::json::storage_ptr& storage() const { return storage_; }
  // Shares the member names of `root`, the value parsed into this arena (see
  // above); from now on every allocation from storage() comes from the heap.
  void Seal(boost::json::value& root);
  // Bytes of the block handed out so far.
  size_t used() const;
  // Bytes asked for before Seal(), from the block and the heap: what a block
  // would have needed to hold everything.
  size_t needed() const;

  class Resource;

 private:
  Resource* resource_ = nullptr;  // owned by storage_
  boost::json::storage_ptr storage_;
};

// BlockSizer: how large a block the next object of a stream needs. A block
// too large wastes its tail for as long as the object lives (an informer
// holds objects for hours); one too small sends the rest to the heap. It
// learns the parsed-to-text ratio of the objects it has seen, which is stable
// for one kind (a pod takes about three times its JSON text), and rounds the
// expected size to one the allocator serves without a tail (see BlockFor).
//
// Thread safety: every method may be called from any thread.
class BlockSizer {
 public:
  size_t BlockFor(size_t text_bytes) const;
  // Records that `text_bytes` of JSON took `parsed_bytes` once parsed.
  void Learn(size_t text_bytes, size_t parsed_bytes);

 private:
  static constexpr uint32_t kUnit = 256;    // ratios in 1/256ths
  std::atomic<uint32_t> ratio_{3 * kUnit};  // before anything is learned: generous
};

}  // namespace kubepp::client
