#include "api/openapi/content_hash.h"

#include <cstdint>

namespace kubepp::api::openapi {
namespace {

uint64_t Fnv1a(std::string_view data, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

void AppendHex(std::string& out, uint64_t v) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (int shift = 60; shift >= 0; shift -= 4) out += kDigits[(v >> shift) & 0xF];
}

}  // namespace

std::string ContentHash(std::string_view data) {
  std::string out;
  out.reserve(32);
  AppendHex(out, Fnv1a(data, 0xcbf29ce484222325ULL));
  // A second basis makes accidental collisions of the 128-bit whole unlikely.
  AppendHex(out, Fnv1a(data, 0x84222325cbf29ce4ULL));
  return out;
}

}  // namespace kubepp::api::openapi
