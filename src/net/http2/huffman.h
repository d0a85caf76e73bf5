// The static Huffman code of HPACK (RFC 7541 section 5.2 and Appendix B), which peers may use
// for string literals in header blocks.
//
// Decoding is strict, as section 5.2 asks: padding longer than 7 bits, padding that is not the
// most significant bits of EOS, and an EOS symbol inside the string are all errors.
//
// Thread safety: pure functions over a constant table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::net::http2 {

// One symbol's code: the low `bits` bits of `code`, most significant first.
struct HuffmanCode {
  uint32_t code;
  uint8_t bits;
};

// Codes for octets 0..255 and, at index 256, EOS. DO NOT CHANGE: fixed by RFC 7541.
extern const HuffmanCode kHuffmanCodes[257];

// BadRequest on malformed input.
StatusOr<std::string> HuffmanDecode(std::string_view encoded);

// The encoding (for tests and for an encoder that chooses to compress); pads with EOS bits.
std::string HuffmanEncode(std::string_view text);

}  // namespace kubepp::net::http2
