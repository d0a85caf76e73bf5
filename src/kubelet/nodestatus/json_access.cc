#include "kubelet/nodestatus/json_access.h"

namespace kubepp::kubelet {
namespace json = boost::json;

const json::object* ObjectIn(const json::object* o, std::string_view key) {
  if (!o) return nullptr;
  const json::value* v = o->if_contains(key);
  return v ? v->if_object() : nullptr;
}

const json::array* ArrayIn(const json::object* o, std::string_view key) {
  if (!o) return nullptr;
  const json::value* v = o->if_contains(key);
  return v ? v->if_array() : nullptr;
}

std::string_view StringIn(const json::object* o, std::string_view key) {
  if (!o) return {};
  const json::value* v = o->if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

json::object& MutableObject(json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it != o.end() && it->value().is_object()) return it->value().get_object();
  return o.insert_or_assign(key, json::object()).first->value().get_object();
}

json::array& MutableArray(json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it != o.end() && it->value().is_array()) return it->value().get_array();
  return o.insert_or_assign(key, json::array()).first->value().get_array();
}

}  // namespace kubepp::kubelet
