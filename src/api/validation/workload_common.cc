#include "api/validation/workload_common.h"

#include "api/validation/label_selector.h"
#include "api/validation/object_meta.h"

namespace kubepp::api::validation {
namespace {

bool IsPercent(const std::string& s) {
  if (s.size() < 2 || s.back() != '%') return false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int64_t Atoi(const std::string& s) {
  if (s.empty() || s.size() > 18) return 0;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return 0;
  int64_t n = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return 0;
    n = n * 10 + (s[i] - '0');
  }
  return s[0] == '-' ? -n : n;
}

// A selector with its empty members dropped, so {} and {matchLabels: {}} compare equal.
boost::json::object Normalized(const boost::json::object* s) {
  boost::json::object out;
  if (s == nullptr) return out;
  for (const auto& kv : *s) {
    const auto& v = kv.value();
    if (v.is_null() || (v.is_object() && v.get_object().empty()) ||
        (v.is_array() && v.get_array().empty()))
      continue;
    out[kv.key()] = v;
  }
  return out;
}

}  // namespace

ErrorList ValidatePositiveIntOrPercent(const IntOrString& v, const FieldPath& path) {
  if (!v.present) return {};
  if (v.is_string) {
    if (!IsPercent(v.str_value)) {
      return {InvalidRaw(
          path, v.Text(),
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%', "
          " or '93%', regex used for validation is '[0-9]+%')")};
    }
    return {};
  }
  return ValidateNonnegative(v.int_value, path);
}

ErrorList ValidateNotMoreThan100Percent(const IntOrString& v, const FieldPath& path) {
  if (!v.is_string || !IsPercent(v.str_value)) return {};
  if (Atoi(v.str_value.substr(0, v.str_value.size() - 1)) <= 100) return {};
  return {InvalidRaw(path, v.Text(), "must not be greater than 100%")};
}

int64_t IntOrPercentValue(const IntOrString& v) {
  if (!v.is_string) return v.int_value;
  if (IsPercent(v.str_value)) return Atoi(v.str_value.substr(0, v.str_value.size() - 1));
  return Atoi(v.str_value);
}

ErrorList ValidateSelectorImmutable(const boost::json::object* selector,
                                    const boost::json::object* old_selector,
                                    const FieldPath& path) {
  bool same = (selector == nullptr) == (old_selector == nullptr) &&
              Normalized(selector) == Normalized(old_selector);
  if (same) return {};
  return {InvalidRaw(path, SelectorGoSyntax(selector), std::string(kFieldImmutable))};
}

}  // namespace kubepp::api::validation
