// SPDY/3 name/value header blocks (SPDY Protocol Draft 3, section 2.6.10):
// a 32-bit count of pairs, then each name and value as a 32-bit length and
// its bytes (names lower-case; several values of one name joined by NUL),
// compressed with zlib primed with the SPDY dictionary. A session keeps one
// compression context per direction for its whole life: each block is one
// zlib sync flush (Z_SYNC_FLUSH) of the same stream, so a block can only be
// decompressed by the context that read every block before it.
//
// Thread safety: a HeaderCompressor or HeaderDecompressor is used by one
// thread at a time; the free functions are safe from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace kubepp::net::spdy {

// Pairs in order; a value holding NUL bytes carries several values.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The SPDY/3 zlib dictionary (1423 bytes).
std::string_view HeaderDictionary();

// The uncompressed block of `headers` (names lower-cased as SPDY/3 requires).
std::string EncodeHeaderBlock(const HeaderList& headers);
// Reads an uncompressed block; it must be exactly the block, nothing after.
StatusOr<HeaderList> DecodeHeaderBlock(std::string_view block);

// The value of the first pair named `lower_name`; nullptr if none.
const std::string* FindHeader(const HeaderList& headers, std::string_view lower_name);

class HeaderCompressor {
 public:
  HeaderCompressor();
  ~HeaderCompressor();
  HeaderCompressor(const HeaderCompressor&) = delete;
  HeaderCompressor& operator=(const HeaderCompressor&) = delete;

  // The compressed bytes of `headers`' block: what follows the fixed fields
  // of a SYN_STREAM, SYN_REPLY or HEADERS frame.
  std::string Compress(const HeaderList& headers);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

class HeaderDecompressor {
 public:
  // `max_block`: the largest uncompressed block accepted.
  explicit HeaderDecompressor(size_t max_block = 1 << 20);
  ~HeaderDecompressor();
  HeaderDecompressor(const HeaderDecompressor&) = delete;
  HeaderDecompressor& operator=(const HeaderDecompressor&) = delete;

  // The headers of one compressed block (the next one of this direction).
  // After an error the context is unusable: the session must end.
  StatusOr<HeaderList> Decompress(std::string_view compressed);

 private:
  struct State;
  std::unique_ptr<State> state_;
  const size_t max_block_;
  bool broken_ = false;
};

}  // namespace kubepp::net::spdy
