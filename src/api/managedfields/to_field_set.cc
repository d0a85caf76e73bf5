#include "api/managedfields/to_field_set.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/managedfields/list_items.h"

namespace kubepp::api::managedfields {
namespace {

// The fields set by `v` below its own path (never including that path).
FieldSet Below(const boost::json::value& v, const Atom* atom);

FieldSet ListItems(const boost::json::array& items, const Atom* atom) {
  FieldSet out;
  std::vector<PathElement> pes;
  pes.reserve(items.size());
  std::vector<PathElement> sorted;
  std::vector<PathElement> duplicates;
  for (const auto& item : items) {
    auto pe = ListItemElement(atom, item);
    pes.push_back(pe.ok() ? std::move(*pe) : PathElement::Index(-1));
    auto it = std::lower_bound(sorted.begin(), sorted.end(), pes.back());
    if (it != sorted.end() && *it == pes.back()) {
      auto d = std::lower_bound(duplicates.begin(), duplicates.end(), pes.back());
      if (d == duplicates.end() || !(*d == pes.back())) duplicates.insert(d, pes.back());
    } else {
      sorted.insert(it, pes.back());
    }
  }
  for (size_t i = 0; i < items.size(); ++i) {
    out.InsertMember(pes[i]);
    if (std::binary_search(duplicates.begin(), duplicates.end(), pes[i])) continue;
    out.InsertChild(pes[i], Below(items[i], atom->element));
  }
  return out;
}

FieldSet Below(const boost::json::value& v, const Atom* atom) {
  atom = ResolveAtom(atom, v);
  switch (atom->kind) {
    case Atom::Kind::kList:
      if (atom->list_type == Atom::ListType::kAtomic || !v.is_array()) return {};
      return ListItems(v.get_array(), atom);
    case Atom::Kind::kStruct:
    case Atom::Kind::kMap: {
      if (atom->atomic || !v.is_object()) return {};
      FieldSet out;
      for (const auto& kv : v.get_object()) {
        PathElement pe = PathElement::Field(kv.key());
        const Atom* type = atom->element;
        bool declared = false;
        if (atom->kind == Atom::Kind::kStruct) {
          const AtomField* f = atom->FindField(kv.key());
          if (!f) continue;
          type = f->type;
          declared = true;
        }
        const boost::json::value& child = kv.value();
        const Atom* resolved = ResolveAtom(type, child);
        const bool leaf = resolved->kind == Atom::Kind::kScalar ||
                          (resolved->kind == Atom::Kind::kList && resolved->list_type == Atom::ListType::kAtomic) ||
                          ((resolved->kind == Atom::Kind::kStruct || resolved->kind == Atom::Kind::kMap) &&
                           resolved->atomic);
        if (leaf || child.is_null() || (child.is_object() && child.get_object().empty()) || !declared) {
          out.InsertMember(pe);
        }
        if (!leaf) out.InsertChild(pe, Below(child, resolved));
      }
      return out;
    }
    default:
      return {};
  }
}

}  // namespace

FieldSet ToFieldSet(const boost::json::value& v, const Atom* atom) { return Below(v, atom); }

}  // namespace kubepp::api::managedfields
