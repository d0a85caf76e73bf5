// The built-in schema text (the language is described in schema_model.h),
// one function per file so each part stays a readable size.
#pragma once

#include <string_view>
#include <vector>

namespace kubepp::api::openapi {

std::vector<std::string_view> SchemaTextMeta();
std::vector<std::string_view> SchemaTextCore();
std::vector<std::string_view> SchemaTextApps();
std::vector<std::string_view> SchemaTextOther();

// All of the above, in that order.
inline std::vector<std::string_view> SchemaTexts() {
  std::vector<std::string_view> all;
  for (auto part : {SchemaTextMeta(), SchemaTextCore(), SchemaTextApps(), SchemaTextOther()}) {
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

}  // namespace kubepp::api::openapi
