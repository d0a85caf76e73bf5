#include "api/patch/create_merge_patch.h"

namespace kubepp::api {
namespace json = boost::json;

json::object CreateMergePatch(const json::object& original, const json::object& modified) {
  json::object patch;
  for (const auto& member : original) {
    if (!modified.contains(member.key())) patch[member.key()] = nullptr;
  }
  for (const auto& member : modified) {
    const json::value* before = original.if_contains(member.key());
    if (before && *before == member.value()) continue;
    if (before && before->is_object() && member.value().is_object()) {
      patch[member.key()] = CreateMergePatch(before->get_object(), member.value().get_object());
    } else {
      patch[member.key()] = member.value();
    }
  }
  return patch;
}

}  // namespace kubepp::api
