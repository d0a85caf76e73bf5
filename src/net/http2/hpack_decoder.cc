#include "net/http2/hpack_decoder.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "net/http2/huffman.h"

namespace kubepp::net::http2 {
namespace {

Status Malformed(std::string what) { return Status::BadRequest("hpack: " + std::move(what)); }

// Reads a header block front to back.
class BlockReader {
 public:
  explicit BlockReader(std::string_view block) : rest_(block) {}

  bool done() const { return rest_.empty(); }
  uint8_t peek() const { return static_cast<uint8_t>(rest_.front()); }

  // An integer with an N-bit prefix (section 5.1). Values above 2^32 are refused: nothing in a
  // header block needs them, and the bound keeps the arithmetic from overflowing.
  StatusOr<uint64_t> Integer(int prefix_bits) {
    if (rest_.empty()) return Malformed("truncated integer");
    uint64_t limit = (uint64_t{1} << prefix_bits) - 1;
    uint64_t value = static_cast<uint8_t>(rest_.front()) & limit;
    rest_.remove_prefix(1);
    if (value < limit) return value;
    for (int shift = 0;; shift += 7) {
      if (rest_.empty()) return Malformed("truncated integer");
      if (shift > 28) return Malformed("integer too large");
      auto byte = static_cast<uint8_t>(rest_.front());
      rest_.remove_prefix(1);
      value += uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) break;
    }
    if (value > UINT32_MAX) return Malformed("integer too large");
    return value;
  }

  // A string literal (section 5.2).
  StatusOr<std::string> String() {
    if (rest_.empty()) return Malformed("truncated string");
    bool huffman = (peek() & 0x80) != 0;
    auto length = Integer(7);
    if (!length.ok()) return length.status();
    if (*length > rest_.size()) return Malformed("string longer than the block");
    std::string_view raw = rest_.substr(0, *length);
    rest_.remove_prefix(*length);
    if (!huffman) return std::string(raw);
    auto decoded = HuffmanDecode(raw);
    if (!decoded.ok()) return Malformed(decoded.status().message());
    return decoded;
  }

 private:
  std::string_view rest_;
};

}  // namespace

StatusOr<DecodedHeaders> HpackDecoder::Decode(std::string_view block) {
  DecodedHeaders out;
  BlockReader reader(block);
  size_t list_size = 0;
  bool seen_field = false;
  auto emit = [&](std::string name, std::string value) {
    seen_field = true;
    list_size += HeaderFieldSize(name, value);
    if (list_size > limits_.max_header_list_size) {
      out.too_large = true;
      out.fields.clear();
    }
    if (!out.too_large) out.fields.push_back({std::move(name), std::move(value)});
  };
  while (!reader.done()) {
    uint8_t first = reader.peek();
    if (first & 0x80) {
      // Indexed header field (6.1).
      auto index = reader.Integer(7);
      if (!index.ok()) return index.status();
      const HeaderField* field = table_.Get(*index);
      if (field == nullptr) return Malformed("index " + std::to_string(*index) + " not in table");
      emit(field->name, field->value);
      continue;
    }
    if ((first & 0xe0) == 0x20) {
      // Dynamic table size update (6.3): only before the first field of a block.
      if (seen_field) return Malformed("table size update after a header field");
      auto size = reader.Integer(5);
      if (!size.ok()) return size.status();
      if (*size > limits_.max_table_size) return Malformed("table size update above the limit");
      table_.SetMaxSize(*size);
      continue;
    }
    // Literal header field: with incremental indexing (01, 6-bit prefix), without indexing
    // (0000, 4-bit prefix) or never indexed (0001, 4-bit prefix).
    bool index_it = (first & 0xc0) == 0x40;
    auto name_index = reader.Integer(index_it ? 6 : 4);
    if (!name_index.ok()) return name_index.status();
    std::string name;
    if (*name_index == 0) {
      auto literal = reader.String();
      if (!literal.ok()) return literal.status();
      name = std::move(*literal);
    } else {
      const HeaderField* field = table_.Get(*name_index);
      if (field == nullptr) {
        return Malformed("name index " + std::to_string(*name_index) + " not in table");
      }
      name = field->name;
    }
    auto value = reader.String();
    if (!value.ok()) return value.status();
    if (index_it) table_.Add({name, *value});
    emit(std::move(name), std::move(*value));
  }
  return out;
}

}  // namespace kubepp::net::http2
