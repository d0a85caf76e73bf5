#include "api/managedfields/named_fields.h"

namespace kubepp::api::managedfields {
namespace {

// The atom of what `pe` selects inside a value of `atom`; nullptr when the
// schema says nothing (set values, indexes, unknown fields).
const Atom* ChildAtom(const Atom* atom, const PathElement& pe) {
  if (!atom) return nullptr;
  switch (pe.kind()) {
    case PathElement::Kind::kField:
      if (atom->kind == Atom::Kind::kStruct) {
        const AtomField* f = atom->FindField(pe.field_name());
        return f ? f->type : nullptr;
      }
      if (atom->kind == Atom::Kind::kMap) return atom->element;
      if (atom->kind == Atom::Kind::kUntyped) return atom;
      return nullptr;
    case PathElement::Kind::kKey:
      return atom->kind == Atom::Kind::kList ? atom->element : nullptr;
    default:
      return nullptr;
  }
}

}  // namespace

FieldSet EnsureNamedFieldsAreMembers(const FieldSet& set, const Atom* atom) {
  FieldSet out;
  for (const auto& m : set.members()) out.AppendMember(m);
  for (const auto& c : set.children()) {
    if (atom && atom->kind == Atom::Kind::kStruct && c.element.kind() == PathElement::Kind::kField &&
        atom->FindField(c.element.field_name())) {
      out.InsertMember(c.element);
    }
    out.AppendChild(c.element, EnsureNamedFieldsAreMembers(c.set, ChildAtom(atom, c.element)));
  }
  return out;
}

}  // namespace kubepp::api::managedfields
