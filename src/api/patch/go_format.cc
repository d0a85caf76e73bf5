#include "api/patch/go_format.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string_view>
#include <vector>

namespace kubepp::api::patch_internal {
namespace {

// Go's %v for a float64: the shortest digits that round-trip, in plain
// notation unless the decimal exponent is below -4 or at least 21.
std::string GoFloat(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // "-1.2345e+06" or "inf"/"nan"
  if (sci == "inf") return "+Inf";
  if (sci == "-inf") return "-Inf";
  if (sci.find("nan") != std::string::npos) return "NaN";
  bool neg = !sci.empty() && sci[0] == '-';
  if (neg) sci.erase(0, 1);
  auto e = sci.find('e');
  std::string mant = sci.substr(0, e);
  int exp = std::stoi(sci.substr(e + 1));
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits.push_back(c);
  }
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= 21) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof(eb), "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return out + eb;
  }
  if (exp < 0) {
    return out + "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
  }
  size_t int_len = static_cast<size_t>(exp) + 1;
  if (digits.size() <= int_len) {
    return out + digits + std::string(int_len - digits.size(), '0');
  }
  return out + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

}  // namespace

const char* JsonTypeWord(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object:
      return "object";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::bool_:
      return "bool";
    case boost::json::kind::null:
      return "null";
    default:
      return "number";
  }
}

std::string GoValue(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "<nil>";
    case boost::json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    case boost::json::kind::int64:
      return std::to_string(v.get_int64());
    case boost::json::kind::uint64:
      return std::to_string(v.get_uint64());
    case boost::json::kind::double_:
      return GoFloat(v.get_double());
    case boost::json::kind::string:
      return std::string(v.get_string());
    case boost::json::kind::array: {
      std::string out = "[";
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += " ";
        first = false;
        out += GoValue(e);
      }
      return out + "]";
    }
    case boost::json::kind::object: {
      std::vector<std::pair<std::string_view, const boost::json::value*>> items;
      for (const auto& kv : v.get_object()) items.emplace_back(kv.key(), &kv.value());
      std::sort(items.begin(), items.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      std::string out = "map[";
      bool first = true;
      for (const auto& [k, val] : items) {
        if (!first) out += " ";
        first = false;
        out += std::string(k) + ":" + GoValue(*val);
      }
      return out + "]";
    }
  }
  return "";
}

std::string GoTypeName(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "<nil>";
    case boost::json::kind::bool_:
      return "bool";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return "int64";
    case boost::json::kind::double_:
      return "float64";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "[]interface {}";
    case boost::json::kind::object:
      return "map[string]interface {}";
  }
  return "";
}

std::string GoPercentS(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_null()) return "%!s(<nil>)";
  return "%!s(" + GoTypeName(v) + "=" + GoValue(v) + ")";
}

bool GoEqual(const boost::json::value& a, const boost::json::value& b) {
  using boost::json::kind;
  auto is_int = [](const boost::json::value& v) { return v.is_int64() || v.is_uint64(); };
  if (is_int(a) && is_int(b)) {
    if (a.is_int64() && b.is_int64()) return a.get_int64() == b.get_int64();
    if (a.is_uint64() && b.is_uint64()) return a.get_uint64() == b.get_uint64();
    const auto& s = a.is_int64() ? a : b;  // signed one
    const auto& u = a.is_uint64() ? a : b;
    return s.get_int64() >= 0 && static_cast<uint64_t>(s.get_int64()) == u.get_uint64();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case kind::null:
      return true;
    case kind::bool_:
      return a.get_bool() == b.get_bool();
    case kind::double_:
      return a.get_double() == b.get_double();
    case kind::string:
      return a.get_string() == b.get_string();
    case kind::array: {
      const auto& x = a.get_array();
      const auto& y = b.get_array();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!GoEqual(x[i], y[i])) return false;
      }
      return true;
    }
    case kind::object: {
      const auto& x = a.get_object();
      const auto& y = b.get_object();
      if (x.size() != y.size()) return false;
      for (const auto& kv : x) {
        auto it = y.find(kv.key());
        if (it == y.end() || !GoEqual(kv.value(), it->value())) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace kubepp::api::patch_internal
