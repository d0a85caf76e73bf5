// The HPACK indexing table (RFC 7541 section 2.3): the 61 entries of the static table followed
// by the dynamic table, newest entry first. Index 1 is the first static entry; index 62 the
// newest dynamic one.
//
// The dynamic table holds at most max_size() octets counted as HeaderFieldSize (name + value +
// 32); adding an entry evicts the oldest ones until it fits, and an entry larger than the whole
// table empties it and is not added (section 4.4).
//
// Thread safety: a table belongs to one decoder, used by one thread at a time.
#pragma once

#include <cstddef>
#include <deque>
#include <string_view>

#include "net/http2/header_field.h"

namespace kubepp::net::http2 {

inline constexpr size_t kStaticTableSize = 61;
inline constexpr size_t kDefaultHeaderTableSize = 4096;

// The static table entry at `index` (1..61). REQUIRES: index in range.
const HeaderField& StaticEntry(size_t index);

// For an encoder: the static index of an entry with this name and value (exact), or else of one
// with this name (exact false), or 0.
struct StaticMatch {
  size_t index = 0;
  bool exact = false;
};
StaticMatch FindStatic(std::string_view name, std::string_view value);

class HeaderTable {
 public:
  explicit HeaderTable(size_t max_size = kDefaultHeaderTableSize) : max_size_(max_size) {}

  // The entry at `index` of the combined index space, or nullptr outside it (including 0).
  const HeaderField* Get(size_t index) const;

  void Add(HeaderField field);
  // A dynamic table size update; evicts as needed.
  void SetMaxSize(size_t max_size);

  size_t size() const { return size_; }
  size_t max_size() const { return max_size_; }
  size_t dynamic_entries() const { return entries_.size(); }

 private:
  void EvictUntilFits(size_t incoming);

  std::deque<HeaderField> entries_;  // front = newest
  size_t size_ = 0;
  size_t max_size_;
};

}  // namespace kubepp::net::http2
