#include "api/validation/field_errors.h"

#include "base/go_quote.h"
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cstdio>

namespace kubepp::api::validation {
namespace {

constexpr std::string_view kRequired = "FieldValueRequired";
constexpr std::string_view kForbidden = "FieldValueForbidden";
constexpr std::string_view kInvalid = "FieldValueInvalid";
constexpr std::string_view kNotSupported = "FieldValueNotSupported";
constexpr std::string_view kDuplicate = "FieldValueDuplicate";
constexpr std::string_view kNotFound = "FieldValueNotFound";
constexpr std::string_view kTooLong = "FieldValueTooLong";
constexpr std::string_view kTooMany = "FieldValueTooMany";
constexpr std::string_view kInternal = "InternalError";

FieldError Make(std::string_view type, const FieldPath& path, std::string value,
                std::string detail) {
  FieldError e;
  e.type = std::string(type);
  e.field = path.String();
  e.detail = std::move(detail);
  e.bad_value_text = std::move(value);
  return e;
}

std::string TypeText(std::string_view type) {
  if (type == kRequired) return "Required value";
  if (type == kForbidden) return "Forbidden";
  if (type == kInvalid) return "Invalid value";
  if (type == kNotSupported) return "Unsupported value";
  if (type == kDuplicate) return "Duplicate value";
  if (type == kNotFound) return "Not found";
  if (type == kTooLong) return "Too long";
  if (type == kTooMany) return "Too many";
  if (type == kInternal) return "Internal error";
  return "Invalid value";
}

std::string QuotedList(const std::vector<std::string>& valid) {
  if (valid.empty()) return "";
  std::string out = "supported values: ";
  for (size_t i = 0; i < valid.size(); ++i) {
    if (i) out += ", ";
    out += GoQuote(valid[i]);
  }
  return out;
}

}  // namespace

std::string GoStringMap(const boost::json::object* m) {
  if (m == nullptr) return "map[string]string(nil)";
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& kv : *m) {
    std::string v = kv.value().is_string() ? std::string(kv.value().get_string()) : "";
    items.emplace_back(std::string(kv.key()), std::move(v));
  }
  std::sort(items.begin(), items.end());
  std::string out = "map[string]string{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += GoQuote(items[i].first) + ":" + GoQuote(items[i].second);
  }
  return out + "}";
}

std::string GoStringSlice(const std::vector<std::string>& items, bool nil_if_empty) {
  if (items.empty() && nil_if_empty) return "[]string(nil)";
  std::string out = "[]string{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += GoQuote(items[i]);
  }
  return out + "}";
}

std::string GoValue(const boost::json::value& v) {
  if (v.is_string()) return GoQuote(v.get_string());
  if (v.is_null()) return "null";
  return boost::json::serialize(v);
}

FieldError Required(const FieldPath& path, std::string detail) {
  return Make(kRequired, path, "\"\"", std::move(detail));
}
FieldError Forbidden(const FieldPath& path, std::string detail) {
  return Make(kForbidden, path, "\"\"", std::move(detail));
}
FieldError Invalid(const FieldPath& path, std::string_view value, std::string detail) {
  return Make(kInvalid, path, GoQuote(value), std::move(detail));
}
FieldError InvalidInt(const FieldPath& path, int64_t value, std::string detail) {
  return Make(kInvalid, path, std::to_string(value), std::move(detail));
}
FieldError InvalidRaw(const FieldPath& path, std::string value_text, std::string detail) {
  return Make(kInvalid, path, std::move(value_text), std::move(detail));
}
FieldError NotSupported(const FieldPath& path, std::string_view value,
                        const std::vector<std::string>& valid) {
  return Make(kNotSupported, path, GoQuote(value), QuotedList(valid));
}
FieldError NotSupportedRaw(const FieldPath& path, std::string value_text,
                           const std::vector<std::string>& valid) {
  return Make(kNotSupported, path, std::move(value_text), QuotedList(valid));
}
FieldError Duplicate(const FieldPath& path, std::string_view value) {
  return Make(kDuplicate, path, GoQuote(value), "");
}
FieldError DuplicateRaw(const FieldPath& path, std::string value_text) {
  return Make(kDuplicate, path, std::move(value_text), "");
}
FieldError NotFound(const FieldPath& path, std::string_view value) {
  return Make(kNotFound, path, GoQuote(value), "");
}
FieldError TooLong(const FieldPath& path, int64_t max_bytes) {
  return Make(kTooLong, path, "\"\"", "must have at most " + std::to_string(max_bytes) + " bytes");
}
FieldError TooLongMaxLength(const FieldPath& path, int64_t max_length) {
  return Make(kTooLong, path, "\"\"",
              max_length >= 0 ? "may not be longer than " + std::to_string(max_length)
                              : std::string("value is too long"));
}
FieldError TooMany(const FieldPath& path, int64_t actual, int64_t max) {
  return Make(kTooMany, path, actual >= 0 ? std::to_string(actual) : std::string(),
              max >= 0 ? "must have at most " + std::to_string(max) + " items"
                       : std::string("has too many items"));
}
FieldError Internal(const FieldPath& path, std::string detail) {
  return Make(kInternal, path, "", std::move(detail));
}

std::string ErrorBody(const FieldError& e) {
  std::string s = TypeText(e.type);
  bool value_shown = !(e.type == kRequired || e.type == kForbidden || e.type == kTooLong ||
                       e.type == kInternal || e.bad_value_text.empty());
  if (value_shown) s += ": " + e.bad_value_text;
  if (!e.detail.empty()) s += ": " + e.detail;
  return s;
}

std::string ErrorString(const FieldError& e) { return e.field + ": " + ErrorBody(e); }

}  // namespace kubepp::api::validation
