#include "api/managedfields/remove_items.h"

#include <optional>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/managedfields/list_items.h"

namespace kubepp::api::managedfields {
namespace {

// nullopt: nothing is left of the value.
std::optional<boost::json::value> Remove(const boost::json::value& v, const FieldSet& remove, const Atom* atom) {
  atom = ResolveAtom(atom, v);
  switch (atom->kind) {
    case Atom::Kind::kList: {
      if (!v.is_array() || v.get_array().empty() || atom->list_type == Atom::ListType::kAtomic) return std::nullopt;
      boost::json::array out;
      for (const auto& item : v.get_array()) {
        auto pe = ListItemElement(atom, item);
        if (!pe.ok()) {
          out.push_back(item);
          continue;
        }
        if (remove.HasMember(*pe)) continue;
        if (const FieldSet* below = remove.Child(*pe)) {
          auto kept = Remove(item, *below, atom->element);
          if (kept) out.push_back(std::move(*kept));
          continue;
        }
        out.push_back(item);
      }
      if (out.empty()) return std::nullopt;
      return boost::json::value(std::move(out));
    }
    case Atom::Kind::kStruct:
    case Atom::Kind::kMap: {
      if (!v.is_object() || v.get_object().empty() || atom->atomic) return std::nullopt;
      boost::json::object out;
      for (const auto& kv : v.get_object()) {
        PathElement pe = PathElement::Field(kv.key());
        if (remove.HasMember(pe)) continue;
        if (const FieldSet* below = remove.Child(pe)) {
          const Atom* type = atom->element;
          if (atom->kind == Atom::Kind::kStruct) {
            const AtomField* f = atom->FindField(kv.key());
            type = f ? f->type : UntypedAtom();
          }
          auto kept = Remove(kv.value(), *below, type);
          if (kept) out.emplace(kv.key(), std::move(*kept));
          continue;
        }
        out.emplace(kv.key(), kv.value());
      }
      if (out.empty()) return std::nullopt;
      return boost::json::value(std::move(out));
    }
    default:
      return v;
  }
}

}  // namespace

boost::json::value RemoveItems(const boost::json::value& root, const FieldSet& remove, const Atom* atom) {
  if (remove.Empty()) return root;
  auto kept = Remove(root, remove, atom);
  return kept ? std::move(*kept) : boost::json::value(boost::json::object());
}

}  // namespace kubepp::api::managedfields
