// HPACK header block encoding without state: a field that is in the static table whole is sent
// as its index; every other field as a literal without indexing (RFC 7541 section 6.2.2), its
// name by static index when the static table has it, strings plain (no Huffman).
//
// Never adding to the dynamic table means the encoder does not depend on the peer's
// SETTINGS_HEADER_TABLE_SIZE and needs no ordering between the blocks of a connection: any
// thread may encode, and blocks may go out in any order. The price, a few bytes per request, is
// nothing next to a CRI message.
//
// Thread safety: a pure function.
#pragma once

#include <string>

#include "net/http2/header_field.h"

namespace kubepp::net::http2 {

std::string EncodeHeaderBlock(const HeaderList& fields);

// An HPACK integer with an N-bit prefix whose high bits are `first_byte_flags` (section 5.1).
void AppendHpackInteger(std::string& out, uint64_t value, int prefix_bits,
                        uint8_t first_byte_flags);

}  // namespace kubepp::net::http2
