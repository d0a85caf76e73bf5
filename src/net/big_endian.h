// 32-bit words in network byte order (big-endian), as HTTP/2 and SPDY frames and gRPC's
// message prefix carry them.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace kubepp::net {

inline void PutU32(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

// REQUIRES: four readable bytes at `p`.
inline uint32_t ReadU32(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

}  // namespace kubepp::net
