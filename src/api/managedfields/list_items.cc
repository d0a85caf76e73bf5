#include "api/managedfields/list_items.h"

#include <boost/json/object.hpp>

namespace kubepp::api::managedfields {

StatusOr<PathElement> ListItemElement(const Atom* list, const boost::json::value& item) {
  if (list->list_type == Atom::ListType::kAtomic) {
    return Status::BadRequest("invalid indexing of non-associative list");
  }
  if (!list->keys.empty()) {
    if (item.is_null()) return Status::BadRequest("associative list with keys may not have a null element");
    if (!item.is_object()) return Status::BadRequest("associative list with keys may not have non-map elements");
    const auto& obj = item.get_object();
    std::vector<KeyField> fields;
    fields.reserve(list->keys.size());
    for (size_t i = 0; i < list->keys.size(); ++i) {
      const std::string& key = list->keys[i];
      if (const auto* v = obj.if_contains(key)) {
        fields.push_back({key, *v});
      } else if (i < list->key_defaults.size() && !list->key_defaults[i].is_null()) {
        fields.push_back({key, list->key_defaults[i]});
      } else {
        return Status::BadRequest("associative list with keys has an element that omits key field \"" + key +
                                  "\" (and doesn't have default value)");
      }
    }
    return PathElement::Key(std::move(fields));
  }
  if (item.is_object()) return Status::BadRequest("associative list without keys has an element that's a map type");
  if (item.is_array()) return Status::BadRequest("not supported: associative list with lists as elements");
  if (item.is_null()) return Status::BadRequest("associative list without keys has an element that's an explicit null");
  return PathElement::Value(item);
}

}  // namespace kubepp::api::managedfields
