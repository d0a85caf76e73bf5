// HPACK header block decoding (RFC 7541): indexed fields, literals with and without indexing
// and never indexed, dynamic table size updates, integers with prefixes and string literals,
// plain or Huffman coded.
//
// A decoder keeps the connection's dynamic table, so every header block the peer sends must go
// through it, in order, even one whose fields the caller will not use. Errors (truncated or
// malformed input, an index outside the table, a size update above the limit this side
// advertised or after the first field) are COMPRESSION_ERRORs: the connection must end, since
// the two tables no longer agree.
//
// A block whose fields add up to more than `max_header_list_size` is still decoded (to keep the
// table in step), but its fields are dropped and `too_large` is set: the stream is refused while
// the connection lives on.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/status.h"
#include "net/http2/header_field.h"
#include "net/http2/hpack_table.h"

namespace kubepp::net::http2 {

struct DecodedHeaders {
  HeaderList fields;
  bool too_large = false;
};

class HpackDecoder {
 public:
  struct Limits {
    // SETTINGS_HEADER_TABLE_SIZE as this side advertised it: the peer may not use more.
    size_t max_table_size = kDefaultHeaderTableSize;
    size_t max_header_list_size = 64 * 1024;
  };

  HpackDecoder() : HpackDecoder(Limits{}) {}
  explicit HpackDecoder(Limits limits) : limits_(limits), table_(limits.max_table_size) {}

  // Decodes one complete header block. BadRequest on malformed input; after an error the
  // decoder must not be used again.
  StatusOr<DecodedHeaders> Decode(std::string_view block);

  const HeaderTable& table() const { return table_; }

 private:
  const Limits limits_;
  HeaderTable table_;
};

}  // namespace kubepp::net::http2
