#include "client/object.h"

namespace kubepp::client {
namespace {

std::string_view MetaString(const boost::json::object& obj, std::string_view field) {
  const auto* meta = obj.if_contains("metadata");
  if (!meta || !meta->is_object()) return {};
  const auto* v = meta->get_object().if_contains(field);
  if (!v || !v->is_string()) return {};
  const auto& s = v->get_string();
  return {s.data(), s.size()};
}

}  // namespace

ObjectPtr MakeObject(boost::json::object obj) {
  return std::make_shared<const boost::json::object>(std::move(obj));
}

std::string_view NamespaceOf(const boost::json::object& obj) { return MetaString(obj, "namespace"); }
std::string_view NameOf(const boost::json::object& obj) { return MetaString(obj, "name"); }
std::string_view UidOf(const boost::json::object& obj) { return MetaString(obj, "uid"); }
std::string_view ResourceVersionOf(const boost::json::object& obj) { return MetaString(obj, "resourceVersion"); }

std::string KeyOf(const boost::json::object& obj) { return MakeKey(NamespaceOf(obj), NameOf(obj)); }

std::string MakeKey(std::string_view ns, std::string_view name) {
  if (ns.empty()) return std::string(name);
  std::string key;
  key.reserve(ns.size() + 1 + name.size());
  key.append(ns).append("/").append(name);
  return key;
}

std::pair<std::string_view, std::string_view> SplitKey(std::string_view key) {
  auto slash = key.find('/');
  if (slash == std::string_view::npos) return {std::string_view(), key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

}  // namespace kubepp::client
