#include "api/printers/go_text.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace kubepp::api::printers {
using boost::json::value;

// Go's fmt %v for a float64 (strconv 'g' with the shortest precision): the
// shortest digits that round-trip, in exponent form when the decimal exponent
// is below -4 or at least 6 (1e+06, 1.5e-07), else plain (123456, 0.0001).
std::string GoFloatText(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  int precision = 1;
  for (; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  // buf is "d.ddde[+-]xx"; read the decimal exponent.
  const char* e = std::strchr(buf, 'e');
  const int exp = e ? std::atoi(e + 1) : 0;
  if (exp < -4 || exp >= 6) {
    // Go writes at least two exponent digits: 1e+21, 1.5e-07.
    std::string mantissa(buf, static_cast<size_t>(e - buf));
    if (mantissa.find('.') != std::string::npos) {
      while (mantissa.back() == '0') mantissa.pop_back();
      if (mantissa.back() == '.') mantissa.pop_back();
    }
    char tail[16];
    std::snprintf(tail, sizeof tail, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    return mantissa + tail;
  }
  std::snprintf(buf, sizeof buf, "%.*f", std::max(0, precision - 1 - exp), d);
  return buf;
}

namespace {

void GoJsonString(std::string_view s, std::string& out) {
  out += '"';
  for (const char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
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
      default:
        // encoding/json escapes control characters and, for HTML safety, <, > and &.
        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

// encoding/json's Marshal of a decoded JSON value: object keys sorted.
void AppendGoJson(const value& v, std::string& out) {
  if (v.is_object()) {
    std::vector<std::pair<std::string_view, const value*>> members;
    for (const auto& kv : v.get_object()) members.emplace_back(kv.key(), &kv.value());
    std::sort(members.begin(), members.end());
    out += '{';
    for (size_t i = 0; i < members.size(); ++i) {
      if (i) out += ',';
      GoJsonString(members[i].first, out);
      out += ':';
      AppendGoJson(*members[i].second, out);
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const value& e : v.get_array()) {
      if (!first) out += ',';
      first = false;
      AppendGoJson(e, out);
    }
    out += ']';
  } else if (v.is_string()) {
    GoJsonString(v.get_string(), out);
  } else if (v.is_double()) {
    // encoding/json uses %f-like output below 1e21, exponent form beyond.
    const double d = v.get_double();
    const double a = std::fabs(d);
    if (a != 0 && (a < 1e-6 || a >= 1e21)) {
      std::string text = GoFloatText(d);
      // encoding/json shortens a one-digit negative exponent: 1e-07 -> 1e-7.
      const size_t n = text.size();
      if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') {
        text.erase(n - 2, 1);
      }
      out += text;
    } else {
      char buf[64];
      int precision = 1;
      for (; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, d);
        if (std::strtod(buf, nullptr) == d) break;
      }
      const int exp = a == 0 ? 0 : static_cast<int>(std::floor(std::log10(a)));
      std::snprintf(buf, sizeof buf, "%.*f", std::max(0, precision - 1 - exp), d);
      out += buf;
    }
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

std::string GoJsonText(const value& v) {
  std::string out;
  AppendGoJson(v, out);
  return out;
}

}  // namespace kubepp::api::printers
