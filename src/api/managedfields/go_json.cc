#include "api/managedfields/go_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kubepp::api::managedfields {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendUnicodeEscape(std::string& out, unsigned code) {
  out += "\\u";
  out.push_back(kHex[(code >> 12) & 0xf]);
  out.push_back(kHex[(code >> 8) & 0xf]);
  out.push_back(kHex[(code >> 4) & 0xf]);
  out.push_back(kHex[code & 0xf]);
}

// The length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
  if (n == 0 || c > 0xf4 || (n == 2 && c < 0xc2) || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  }
  unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
  if (n == 3 && ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0))) return 0;  // overlong, surrogate
  if (n == 4 && ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90))) return 0;  // overlong, > U+10FFFF
  return n;
}

// Go's float64 encoding: the shortest text that reads back the same, in
// exponent form below 1e-6 and from 1e21 on, with a two-digit minimum exponent.
void AppendGoFloat(std::string& out, double f) {
  if (std::isnan(f) || std::isinf(f)) {
    out += "null";  // Go refuses these; JSON cannot carry them
    return;
  }
  char buf[64];
  double a = std::fabs(f);
  bool exp_form = a != 0 && (a < 1e-6 || a >= 1e21);
  auto res = exp_form ? std::to_chars(buf, buf + sizeof(buf), f, std::chars_format::scientific)
                      : std::to_chars(buf, buf + sizeof(buf), f, std::chars_format::fixed);
  std::string text(buf, res.ptr);
  if (exp_form) {
    // to_chars writes e-07 / e+21 already with two digits; Go writes e-07 too.
    size_t e = text.find('e');
    if (e != std::string::npos && e + 2 < text.size() && text[e + 2] == '0' && text.size() - e > 4) {
      text.erase(e + 2, 1);  // three-digit exponents padded by to_chars
    }
  }
  out += text;
}

}  // namespace

void AppendGoJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '<':
        case '>':
        case '&':
          AppendUnicodeEscape(out, c);
          break;
        default:
          if (c < 0x20) {
            AppendUnicodeEscape(out, c);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n == 3 && c == 0xe2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xa8 || static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
      AppendUnicodeEscape(out, static_cast<unsigned char>(s[i + 2]) == 0xa8 ? 0x2028 : 0x2029);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  out.push_back('"');
}

void AppendGoJson(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out += "null";
      return;
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case boost::json::kind::int64:
      out += std::to_string(v.get_int64());
      return;
    case boost::json::kind::uint64:
      out += std::to_string(v.get_uint64());
      return;
    case boost::json::kind::double_:
      AppendGoFloat(out, v.get_double());
      return;
    case boost::json::kind::string:
      AppendGoJsonString(out, v.get_string());
      return;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        AppendGoJson(out, item);
      }
      out.push_back(']');
      return;
    }
    case boost::json::kind::object: {
      const auto& obj = v.get_object();
      std::vector<const boost::json::key_value_pair*> members;
      members.reserve(obj.size());
      for (const auto& kv : obj) members.push_back(&kv);
      std::sort(members.begin(), members.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out.push_back('{');
      bool first = true;
      for (const auto* kv : members) {
        if (!first) out.push_back(',');
        first = false;
        AppendGoJsonString(out, kv->key());
        out.push_back(':');
        AppendGoJson(out, kv->value());
      }
      out.push_back('}');
      return;
    }
  }
}

std::string GoJson(const boost::json::value& v) {
  std::string out;
  AppendGoJson(out, v);
  return out;
}

}  // namespace kubepp::api::managedfields
