// Order-keeping removal of object members.
//
// boost::json::object::erase (Boost 1.81) fills the hole with the last
// member, reordering the object; kubepp keeps members in the order clients
// wrote them, so the patch code removes members only through these.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <utility>
#include <vector>

namespace kubepp::api::patch_internal {

// Removes the members for which `drop(key, value)` is true; keeps the order
// of the others. `drop` may modify the values it keeps.
template <typename Drop>
void EraseMembersIf(boost::json::object& o, Drop drop) {
  std::vector<bool> dropped;
  dropped.reserve(o.size());
  bool any = false;
  for (auto& kv : o) {
    dropped.push_back(drop(std::string_view(kv.key()), kv.value()));
    any = any || dropped.back();
  }
  if (!any) return;
  boost::json::object kept(o.storage());
  kept.reserve(o.size());
  size_t i = 0;
  for (auto& kv : o) {
    if (!dropped[i++]) kept.emplace(kv.key(), std::move(kv.value()));
  }
  o = std::move(kept);
}

// Removes `key` if present, keeping the order of the other members.
inline bool EraseMember(boost::json::object& o, std::string_view key) {
  if (!o.contains(key)) return false;
  EraseMembersIf(o, [&](std::string_view k, const boost::json::value&) { return k == key; });
  return true;
}

}  // namespace kubepp::api::patch_internal
