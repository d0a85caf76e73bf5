#include "net/http2/hpack_encoder.h"

#include "net/http2/hpack_table.h"

namespace kubepp::net::http2 {
namespace {

void AppendString(std::string& out, std::string_view text) {
  AppendHpackInteger(out, text.size(), 7, 0x00);  // H bit clear: not Huffman coded
  out.append(text);
}

}  // namespace

void AppendHpackInteger(std::string& out, uint64_t value, int prefix_bits,
                        uint8_t first_byte_flags) {
  uint64_t limit = (uint64_t{1} << prefix_bits) - 1;
  if (value < limit) {
    out.push_back(static_cast<char>(first_byte_flags | value));
    return;
  }
  out.push_back(static_cast<char>(first_byte_flags | limit));
  value -= limit;
  while (value >= 0x80) {
    out.push_back(static_cast<char>(0x80 | (value & 0x7f)));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

std::string EncodeHeaderBlock(const HeaderList& fields) {
  std::string out;
  for (const HeaderField& field : fields) {
    StaticMatch match = FindStatic(field.name, field.value);
    if (match.exact) {
      AppendHpackInteger(out, match.index, 7, 0x80);  // indexed header field
      continue;
    }
    // Literal header field without indexing: 0000 and a 4-bit name index (0 = literal name).
    AppendHpackInteger(out, match.index, 4, 0x00);
    if (match.index == 0) AppendString(out, field.name);
    AppendString(out, field.value);
  }
  return out;
}

}  // namespace kubepp::net::http2
