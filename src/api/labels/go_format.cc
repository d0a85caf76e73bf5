#include "api/labels/go_format.h"

#include <algorithm>

#include "base/go_quote.h"

namespace kubepp::api::internal {

std::string GoStringSlice(const std::vector<std::string>& values) {
  if (values.empty()) return "[]string(nil)";
  std::string out = "[]string{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += GoQuote(values[i]);
  }
  out += "}";
  return out;
}

std::string InvalidFieldError(std::string_view field, std::string_view value, std::string_view detail) {
  std::string out(field);
  out += ": Invalid value: ";
  out += value;
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

std::string AggregateErrors(const std::vector<std::string>& messages) {
  std::vector<std::string> seen;
  for (const std::string& m : messages) {
    if (std::find(seen.begin(), seen.end(), m) == seen.end()) seen.push_back(m);
  }
  if (seen.size() == 1) return seen[0];
  std::string out = "[";
  for (size_t i = 0; i < seen.size(); ++i) {
    if (i > 0) out += ", ";
    out += seen[i];
  }
  out += "]";
  return out;
}

}  // namespace kubepp::api::internal
