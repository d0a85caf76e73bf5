#include "base/go_quote.h"

#include <cstdint>

namespace kubepp {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when the bytes
// there are not valid UTF-8 (overlong forms, surrogates and values above
// U+10FFFF are invalid, as in Go).
size_t DecodeRune(std::string_view s, size_t i, uint32_t& rune) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t min;
  if (c < 0x80) {
    rune = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2, rune = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, rune = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, rune = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    rune = (rune << 6) | (cc & 0x3F);
  }
  if (rune < min || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) return 0;
  return n;
}

void AppendHexRune(std::string& out, char kind, uint32_t rune, int digits) {
  out += '\\';
  out += kind;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(rune >> shift) & 0xF];
}

}  // namespace

std::string GoQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (size_t i = 0; i < s.size();) {
    uint32_t rune = 0;
    size_t n = DecodeRune(s, i, rune);
    if (n == 0) {
      AppendHexRune(out, 'x', static_cast<unsigned char>(s[i]), 2);
      ++i;
      continue;
    }
    switch (rune) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        if (rune < 0x20 || rune == 0x7F) {
          AppendHexRune(out, 'x', rune, 2);
        } else if ((rune >= 0x80 && rune < 0xA0) || rune == 0xAD || rune == 0xFEFF ||
                   (rune >= 0x2028 && rune <= 0x2029)) {
          // Control and format characters Go does not print (the common ones).
          AppendHexRune(out, 'u', rune, 4);
        } else {
          out.append(s.substr(i, n));
        }
    }
    i += n;
  }
  out += '"';
  return out;
}

}  // namespace kubepp
