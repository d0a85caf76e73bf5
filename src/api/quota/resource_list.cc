#include "api/quota/resource_list.h"

#include <algorithm>

namespace kubepp::api::quota {

ResourceList ParseResourceList(const boost::json::object* map) {
  ResourceList out;
  if (map == nullptr) return out;
  for (const auto& kv : *map) {
    StatusOr<Quantity> q = Status::BadRequest("");
    if (kv.value().is_string()) {
      q = Quantity::Parse(std::string_view(kv.value().as_string()));
    } else if (kv.value().is_int64()) {
      q = Quantity::FromInt64(kv.value().as_int64(), Quantity::Format::kDecimalSI);
    } else if (kv.value().is_uint64()) {
      q = Quantity::FromInt64(static_cast<int64_t>(kv.value().as_uint64()), Quantity::Format::kDecimalSI);
    }
    if (q.ok()) out.emplace(std::string(kv.key()), std::move(*q));
  }
  return out;
}

boost::json::object ToJson(const ResourceList& list) {
  boost::json::object out;
  for (const auto& [name, q] : list) out[name] = q.String();
  return out;
}

ResourceList Add(const ResourceList& a, const ResourceList& b) {
  ResourceList out = a;
  for (const auto& [name, q] : b) {
    auto it = out.find(name);
    if (it == out.end()) {
      out.emplace(name, q);
    } else {
      it->second = it->second.Add(q);
    }
  }
  return out;
}

ResourceList Subtract(const ResourceList& a, const ResourceList& b) {
  ResourceList out = a;
  for (const auto& [name, q] : b) {
    auto it = out.find(name);
    if (it == out.end()) {
      out.emplace(name, Quantity().Sub(q));
    } else {
      it->second = it->second.Sub(q);
    }
  }
  return out;
}

ResourceList Mask(const ResourceList& list, const std::vector<std::string>& names) {
  ResourceList out;
  for (const auto& name : names) {
    auto it = list.find(name);
    if (it != list.end()) out.emplace(it->first, it->second);
  }
  return out;
}

std::vector<std::string> Names(const ResourceList& list) {
  std::vector<std::string> out;
  for (const auto& kv : list) out.push_back(kv.first);
  return out;
}

bool Equals(const ResourceList& a, const ResourceList& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [name, q] : a) {
    auto it = b.find(name);
    if (it == b.end() || it->second.Compare(q) != 0) return false;
  }
  return true;
}

std::string PrettyPrint(const ResourceList& list) {
  std::string out;
  for (const auto& [name, q] : list) {
    if (!out.empty()) out += ",";
    out += name + "=" + q.String();
  }
  return out;
}

}  // namespace kubepp::api::quota
