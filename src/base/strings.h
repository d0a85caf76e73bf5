// Small string helpers shared across modules.
#pragma once

#include <string_view>

namespace kubepp {

// `s` without the leading and trailing characters found in `chars` (by default ASCII space,
// tab, CR and LF).
inline std::string_view Trim(std::string_view s, std::string_view chars = " \t\r\n") {
  size_t first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

}  // namespace kubepp
