// Test helper: bytes from the hex dumps RFCs print ("8286 8441 0f77 ..."; spaces ignored).
#pragma once

#include <string>
#include <string_view>

namespace kubepp::net::http2::testing {

inline std::string FromHex(std::string_view hex) {
  std::string out;
  int pending = -1;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else {
      continue;
    }
    if (pending < 0) {
      pending = v;
    } else {
      out.push_back(static_cast<char>(pending * 16 + v));
      pending = -1;
    }
  }
  return out;
}

}  // namespace kubepp::net::http2::testing
