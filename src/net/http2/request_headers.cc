#include "net/http2/request_headers.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace kubepp::net::http2 {
namespace {

// HTTP/1.1 connection management that HTTP/2 replaces (section 8.2.2).
constexpr std::array<std::string_view, 5> kConnectionSpecific = {
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"};

constexpr std::array<std::string_view, 4> kRequestPseudoHeaders = {":method", ":scheme", ":path",
                                                                   ":authority"};

bool HasUpperCase(std::string_view name) {
  return std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

std::string CheckRequestHeaders(const HeaderList& fields) {
  bool regular_seen = false;
  std::array<int, kRequestPseudoHeaders.size()> seen{};
  const std::string* method = nullptr;
  const std::string* path = nullptr;
  for (const HeaderField& field : fields) {
    if (field.name.empty()) return "empty header name";
    if (HasUpperCase(field.name)) return "upper-case header name \"" + field.name + "\"";
    if (field.name[0] == ':') {
      if (regular_seen) return "pseudo-header " + field.name + " after a regular header";
      auto it = std::find(kRequestPseudoHeaders.begin(), kRequestPseudoHeaders.end(), field.name);
      if (it == kRequestPseudoHeaders.end()) return "unknown pseudo-header " + field.name;
      if (++seen[it - kRequestPseudoHeaders.begin()] > 1) return "repeated " + field.name;
      if (field.name == ":method") method = &field.value;
      if (field.name == ":path") path = &field.value;
      continue;
    }
    regular_seen = true;
    if (std::find(kConnectionSpecific.begin(), kConnectionSpecific.end(), field.name) !=
        kConnectionSpecific.end()) {
      return "connection-specific header " + field.name;
    }
    if (field.name == "te" && field.value != "trailers") return "te other than \"trailers\"";
  }
  if (method == nullptr) return "missing :method";
  if (*method == "CONNECT") return {};
  if (seen[1] == 0) return "missing :scheme";
  if (path == nullptr || path->empty()) return "missing :path";
  return {};
}

}  // namespace kubepp::net::http2
