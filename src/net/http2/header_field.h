// A header field as HTTP/2 carries it (RFC 9113 section 8.2): a lower-case name and a value,
// both octet strings. Pseudo-header fields (":status", ":path", ...) come first in a list.
//
// Thread safety: plain values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kubepp::net::http2 {

struct HeaderField {
  std::string name;
  std::string value;

  bool operator==(const HeaderField&) const = default;
};

using HeaderList = std::vector<HeaderField>;

// RFC 7541 section 4.1: an entry's size is its name and value plus 32 octets of overhead. The
// same measure bounds a header list (SETTINGS_MAX_HEADER_LIST_SIZE).
inline constexpr size_t kHeaderFieldOverhead = 32;
inline size_t HeaderFieldSize(std::string_view name, std::string_view value) {
  return name.size() + value.size() + kHeaderFieldOverhead;
}

// The value of the first field named `name`, or nullptr.
inline const std::string* FindHeader(const HeaderList& fields, std::string_view name) {
  for (const HeaderField& field : fields) {
    if (field.name == name) return &field.value;
  }
  return nullptr;
}

}  // namespace kubepp::net::http2
