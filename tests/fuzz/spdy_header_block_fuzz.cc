// Fuzzes SPDY/3 header blocks: the uncompressed layout (a block that reads
// must encode to the same bytes) and decompression of arbitrary bytes with
// the SPDY dictionary, which must fail cleanly or yield a block that reads.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/spdy/header_block.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kubepp::net::spdy;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto headers = DecodeHeaderBlock(input);
  if (headers.ok() && EncodeHeaderBlock(*headers) != input) {
    std::fprintf(stderr, "a header block does not encode to the same bytes\n");
    std::abort();
  }
  HeaderDecompressor decompressor(1 << 16);
  auto decompressed = decompressor.Decompress(input);
  if (decompressed.ok()) {
    HeaderCompressor compressor;
    HeaderDecompressor again;
    auto back = again.Decompress(compressor.Compress(*decompressed));
    if (!back.ok() || *back != *decompressed) {
      std::fprintf(stderr, "decompressed headers do not round-trip\n");
      std::abort();
    }
  }
  return 0;
}
