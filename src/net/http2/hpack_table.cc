#include "net/http2/hpack_table.h"

#include <array>
#include <utility>

namespace kubepp::net::http2 {
namespace {

// RFC 7541 Appendix A. DO NOT CHANGE.
const std::array<HeaderField, kStaticTableSize>& StaticTable() {
  static const std::array<HeaderField, kStaticTableSize> table = {{
      {":authority", ""},
      {":method", "GET"},
      {":method", "POST"},
      {":path", "/"},
      {":path", "/index.html"},
      {":scheme", "http"},
      {":scheme", "https"},
      {":status", "200"},
      {":status", "204"},
      {":status", "206"},
      {":status", "304"},
      {":status", "400"},
      {":status", "404"},
      {":status", "500"},
      {"accept-charset", ""},
      {"accept-encoding", "gzip, deflate"},
      {"accept-language", ""},
      {"accept-ranges", ""},
      {"accept", ""},
      {"access-control-allow-origin", ""},
      {"age", ""},
      {"allow", ""},
      {"authorization", ""},
      {"cache-control", ""},
      {"content-disposition", ""},
      {"content-encoding", ""},
      {"content-language", ""},
      {"content-length", ""},
      {"content-location", ""},
      {"content-range", ""},
      {"content-type", ""},
      {"cookie", ""},
      {"date", ""},
      {"etag", ""},
      {"expect", ""},
      {"expires", ""},
      {"from", ""},
      {"host", ""},
      {"if-match", ""},
      {"if-modified-since", ""},
      {"if-none-match", ""},
      {"if-range", ""},
      {"if-unmodified-since", ""},
      {"last-modified", ""},
      {"link", ""},
      {"location", ""},
      {"max-forwards", ""},
      {"proxy-authenticate", ""},
      {"proxy-authorization", ""},
      {"range", ""},
      {"referer", ""},
      {"refresh", ""},
      {"retry-after", ""},
      {"server", ""},
      {"set-cookie", ""},
      {"strict-transport-security", ""},
      {"transfer-encoding", ""},
      {"user-agent", ""},
      {"vary", ""},
      {"via", ""},
      {"www-authenticate", ""},
  }};
  return table;
}

}  // namespace

const HeaderField& StaticEntry(size_t index) { return StaticTable()[index - 1]; }

StaticMatch FindStatic(std::string_view name, std::string_view value) {
  StaticMatch match;
  const auto& table = StaticTable();
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i].name != name) continue;
    if (table[i].value == value) return {i + 1, true};
    if (match.index == 0) match.index = i + 1;
  }
  return match;
}

const HeaderField* HeaderTable::Get(size_t index) const {
  if (index == 0) return nullptr;
  if (index <= kStaticTableSize) return &StaticEntry(index);
  size_t dynamic = index - kStaticTableSize - 1;
  if (dynamic >= entries_.size()) return nullptr;
  return &entries_[dynamic];
}

void HeaderTable::Add(HeaderField field) {
  size_t entry = HeaderFieldSize(field.name, field.value);
  if (entry > max_size_) {
    entries_.clear();
    size_ = 0;
    return;
  }
  EvictUntilFits(entry);
  entries_.push_front(std::move(field));
  size_ += entry;
}

void HeaderTable::SetMaxSize(size_t max_size) {
  max_size_ = max_size;
  EvictUntilFits(0);
}

void HeaderTable::EvictUntilFits(size_t incoming) {
  while (!entries_.empty() && size_ + incoming > max_size_) {
    size_ -= HeaderFieldSize(entries_.back().name, entries_.back().value);
    entries_.pop_back();
  }
}

}  // namespace kubepp::net::http2
