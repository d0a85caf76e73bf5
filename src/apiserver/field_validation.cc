#include "apiserver/field_validation.h"

#include "api/openapi/unknown_fields.h"

namespace kubepp::apiserver {

StatusOr<FieldValidation> ParseFieldValidation(const std::string& value) {
  if (value.empty() || value == "Warn") return FieldValidation::kWarn;
  if (value == "Strict") return FieldValidation::kStrict;
  if (value == "Ignore") return FieldValidation::kIgnore;
  return Status::BadRequest("fieldValidation directive is invalid: " + value +
                            ". Valid values are Ignore, Warn or Strict");
}

bool RemoveFieldPath(boost::json::object& obj, const std::string& path) {
  boost::json::value* cur = nullptr;
  boost::json::object* parent = &obj;
  size_t i = 0;
  std::string key;
  while (i <= path.size()) {
    // Read one key, then any number of [index] steps.
    size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
    key = path.substr(i, end - i);
    i = end;
    if (i >= path.size()) {
      return parent && parent->erase(key) > 0;
    }
    if (!parent) return false;
    auto it = parent->find(key);
    if (it == parent->end()) return false;
    cur = &it->value();
    while (i < path.size() && path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string::npos || !cur->is_array()) return false;
      size_t index = std::stoul(path.substr(i + 1, close - i - 1));
      if (index >= cur->as_array().size()) return false;
      cur = &cur->as_array()[index];
      i = close + 1;
    }
    if (i < path.size() && path[i] == '.') ++i;
    parent = cur->is_object() ? &cur->as_object() : nullptr;
    if (i >= path.size()) return false;
  }
  return false;
}

StatusOr<std::vector<std::string>> PruneUnknownFields(const api::ResourceInfo& r, FieldValidation mode,
                                                      boost::json::object& obj) {
  auto unknown = api::UnknownFields(r.group, r.version, r.kind, obj);
  if (unknown.empty()) return std::vector<std::string>{};
  if (mode == FieldValidation::kStrict) {
    std::string msg = "strict decoding error: ";
    for (size_t i = 0; i < unknown.size(); ++i) {
      if (i) msg += ", ";
      msg += "unknown field \"" + unknown[i] + "\"";
    }
    return Status::BadRequest(msg);
  }
  std::vector<std::string> warnings;
  // Remove deepest paths first so earlier removals do not shift later ones.
  for (auto it = unknown.rbegin(); it != unknown.rend(); ++it) {
    RemoveFieldPath(obj, *it);
    if (mode == FieldValidation::kWarn) warnings.insert(warnings.begin(), "unknown field \"" + *it + "\"");
  }
  return warnings;
}

std::string WarningHeader(const std::string& message) {
  std::string escaped;
  for (char c : message) {
    if (c == '"' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  return "299 - \"" + escaped + "\"";
}

}  // namespace kubepp::apiserver
