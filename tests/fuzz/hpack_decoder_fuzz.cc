// Fuzzes the HPACK decoder and its Huffman code (header blocks a peer sends). The input is a
// series of header blocks, each after a one-octet length, decoded by one decoder so that they
// share its dynamic table, as the blocks of a connection do. Every block that decodes must encode
// again (without indexing) and decode to the same fields with a fresh decoder; every Huffman string
// that decodes must encode back to something that decodes to it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/http2/hpack_decoder.h"
#include "net/http2/hpack_encoder.h"
#include "net/http2/huffman.h"

using kubepp::net::http2::EncodeHeaderBlock;
using kubepp::net::http2::HpackDecoder;
using kubepp::net::http2::HuffmanDecode;
using kubepp::net::http2::HuffmanEncode;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto huffman = HuffmanDecode(input);
  if (huffman.ok()) {
    auto again = HuffmanDecode(HuffmanEncode(*huffman));
    if (!again.ok() || *again != *huffman) {
      std::fprintf(stderr, "a Huffman string does not round-trip\n");
      std::abort();
    }
  }
  // A small table and list limit so that eviction and the size bound are reached often.
  HpackDecoder decoder(HpackDecoder::Limits{256, 2048});
  while (!input.empty()) {
    size_t n = std::min<size_t>(static_cast<uint8_t>(input.front()), input.size() - 1);
    std::string_view block = input.substr(1, n);
    input.remove_prefix(1 + n);
    auto decoded = decoder.Decode(block);
    if (!decoded.ok()) break;  // the connection would end here
    if (decoded->too_large) continue;
    HpackDecoder fresh;
    auto back = fresh.Decode(EncodeHeaderBlock(decoded->fields));
    if (!back.ok() || back->fields != decoded->fields) {
      std::fprintf(stderr, "a header list does not round-trip through the encoder\n");
      std::abort();
    }
  }
  return 0;
}
