#include "api/managedfields/value_order.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kubepp::api::managedfields {
namespace {

bool IsNumber(const boost::json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }

// Integers compare exactly; a float against anything compares as floats.
int CompareNumbers(const boost::json::value& a, const boost::json::value& b) {
  if (!a.is_double() && !b.is_double()) {
    if (a.is_int64() && b.is_int64()) return a.get_int64() < b.get_int64() ? -1 : a.get_int64() > b.get_int64();
    if (a.is_uint64() && b.is_uint64()) return a.get_uint64() < b.get_uint64() ? -1 : a.get_uint64() > b.get_uint64();
    // One signed, one unsigned: a negative signed value is always smaller.
    if (a.is_int64()) {
      if (a.get_int64() < 0) return -1;
      uint64_t x = static_cast<uint64_t>(a.get_int64());
      return x < b.get_uint64() ? -1 : x > b.get_uint64();
    }
    if (b.get_int64() < 0) return 1;
    uint64_t y = static_cast<uint64_t>(b.get_int64());
    return a.get_uint64() < y ? -1 : a.get_uint64() > y;
  }
  double x = a.is_double() ? a.get_double() : a.is_int64() ? static_cast<double>(a.get_int64())
                                                            : static_cast<double>(a.get_uint64());
  double y = b.is_double() ? b.get_double() : b.is_int64() ? static_cast<double>(b.get_int64())
                                                            : static_cast<double>(b.get_uint64());
  return x < y ? -1 : x > y;
}

// The rank of a value's type in upstream's order.
int Rank(const boost::json::value& v) {
  if (IsNumber(v)) return 0;
  if (v.is_string()) return 1;
  if (v.is_bool()) return 2;
  if (v.is_array()) return 3;
  if (v.is_object()) return 4;
  return 5;  // null
}

int CompareObjects(const boost::json::object& a, const boost::json::object& b) {
  std::vector<std::string_view> ka, kb;
  ka.reserve(a.size());
  kb.reserve(b.size());
  for (const auto& kv : a) ka.push_back(kv.key());
  for (const auto& kv : b) kb.push_back(kv.key());
  std::sort(ka.begin(), ka.end());
  std::sort(kb.begin(), kb.end());
  for (size_t i = 0; i < ka.size() && i < kb.size(); ++i) {
    if (int c = ka[i].compare(kb[i]); c != 0) return c < 0 ? -1 : 1;
    if (int c = CompareValues(a.at(ka[i]), b.at(kb[i])); c != 0) return c;
  }
  return ka.size() < kb.size() ? -1 : ka.size() > kb.size();
}

}  // namespace

int CompareValues(const boost::json::value& a, const boost::json::value& b) {
  int ra = Rank(a), rb = Rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return CompareNumbers(a, b);
    case 1: {
      int c = std::string_view(a.get_string()).compare(std::string_view(b.get_string()));
      return c < 0 ? -1 : c > 0;
    }
    case 2:
      return a.get_bool() == b.get_bool() ? 0 : (a.get_bool() ? 1 : -1);
    case 3: {
      const auto& x = a.get_array();
      const auto& y = b.get_array();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = CompareValues(x[i], y[i]); c != 0) return c;
      }
      return x.size() < y.size() ? -1 : x.size() > y.size();
    }
    case 4:
      return CompareObjects(a.get_object(), b.get_object());
    default:
      return 0;
  }
}

bool ValuesEqual(const boost::json::value& a, const boost::json::value& b) {
  // The common cases without sorting keys.
  if (a.kind() == b.kind()) {
    switch (a.kind()) {
      case boost::json::kind::string:
        return a.get_string() == b.get_string();
      case boost::json::kind::int64:
        return a.get_int64() == b.get_int64();
      case boost::json::kind::bool_:
        return a.get_bool() == b.get_bool();
      case boost::json::kind::null:
        return true;
      case boost::json::kind::array: {
        const auto& x = a.get_array();
        const auto& y = b.get_array();
        if (x.size() != y.size()) return false;
        for (size_t i = 0; i < x.size(); ++i) {
          if (!ValuesEqual(x[i], y[i])) return false;
        }
        return true;
      }
      case boost::json::kind::object: {
        const auto& x = a.get_object();
        const auto& y = b.get_object();
        if (x.size() != y.size()) return false;
        for (const auto& kv : x) {
          const auto* other = y.if_contains(kv.key());
          if (!other || !ValuesEqual(kv.value(), *other)) return false;
        }
        return true;
      }
      default:
        break;
    }
  }
  return CompareValues(a, b) == 0;
}

}  // namespace kubepp::api::managedfields
