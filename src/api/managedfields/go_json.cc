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

namespace {

constexpr int kMaxDepth = 64;

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  std::optional<boost::json::value> Document() {
    boost::json::value v;
    Space();
    if (!Value(v, 0)) return std::nullopt;
    Space();
    if (i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool Take(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  bool Value(boost::json::value& out, int depth) {
    if (i_ >= s_.size() || depth > kMaxDepth) return false;
    switch (s_[i_]) {
      case '{':
        return Object(out, depth);
      case '[':
        return Array(out, depth);
      case '"': {
        std::string str;
        if (!String(str)) return false;
        out = boost::json::string(str);
        return true;
      }
      case 't':
        out = true;
        return Literal("true");
      case 'f':
        out = false;
        return Literal("false");
      case 'n':
        out = nullptr;
        return Literal("null");
      default:
        return Number(out);
    }
  }

  bool Object(boost::json::value& out, int depth) {
    ++i_;
    boost::json::object obj;
    Space();
    if (Take('}')) {
      out = std::move(obj);
      return true;
    }
    for (;;) {
      Space();
      std::string key;
      if (i_ >= s_.size() || s_[i_] != '"' || !String(key)) return false;
      Space();
      if (!Take(':')) return false;
      Space();
      boost::json::value v;
      if (!Value(v, depth + 1)) return false;
      obj[key] = std::move(v);
      Space();
      if (Take('}')) break;
      if (!Take(',')) return false;
    }
    out = std::move(obj);
    return true;
  }

  bool Array(boost::json::value& out, int depth) {
    ++i_;
    boost::json::array arr;
    Space();
    if (Take(']')) {
      out = std::move(arr);
      return true;
    }
    for (;;) {
      Space();
      boost::json::value v;
      if (!Value(v, depth + 1)) return false;
      arr.push_back(std::move(v));
      Space();
      if (Take(']')) break;
      if (!Take(',')) return false;
    }
    out = std::move(arr);
    return true;
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  bool Hex4(uint32_t& out) {
    if (i_ + 4 > s_.size()) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      out <<= 4;
      if (c >= '0' && c <= '9') {
        out |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        out |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        out |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }

  // REQUIRES: s_[i_] == '"'. Invalid UTF-8 and lone surrogates become
  // U+FFFD, as Go decodes them.
  bool String(std::string& out) {
    ++i_;
    while (i_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c != '\\') {
        size_t n = Utf8SequenceLength(s_, i_);
        if (c < 0x80) n = 1;
        if (n == 0) {
          out += "\xef\xbf\xbd";
          ++i_;
        } else {
          out.append(s_.substr(i_, n));
          i_ += n;
        }
        continue;
      }
      if (++i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(cp)) return false;
          if (cp >= 0xd800 && cp < 0xdc00) {
            // A high surrogate pairs with a following \uDC00-\uDFFF.
            size_t save = i_;
            uint32_t low;
            if (i_ + 1 < s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u' && (i_ += 2, Hex4(low)) && low >= 0xdc00 &&
                low < 0xe000) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            } else {
              i_ = save;
              cp = 0xfffd;
            }
          } else if (cp >= 0xdc00 && cp < 0xe000) {
            cp = 0xfffd;
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  bool Number(boost::json::value& out) {
    size_t start = i_;
    Take('-');
    size_t int_start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    size_t int_digits = i_ - int_start;
    if (int_digits == 0 || (int_digits > 1 && s_[int_start] == '0')) return false;
    bool integral = true;
    if (Take('.')) {
      integral = false;
      size_t frac = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == frac) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      integral = false;
      ++i_;
      if (!Take('+')) Take('-');
      size_t exp = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      if (i_ == exp) return false;
    }
    const char* first = s_.data() + start;
    const char* last = s_.data() + i_;
    if (integral) {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(first, last, n);
      if (ec == std::errc() && end == last) {
        out = n;
        return true;
      }
    }
    double d = 0;
    auto [end, ec] = std::from_chars(first, last, d);
    if (ec != std::errc() || end != last) return false;
    out = d;
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<boost::json::value> ReadGoJson(std::string_view text) { return Reader(text).Document(); }

std::string GoJson(const boost::json::value& v) {
  std::string out;
  AppendGoJson(out, v);
  return out;
}

}  // namespace kubepp::api::managedfields
