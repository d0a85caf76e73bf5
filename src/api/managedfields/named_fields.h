// EnsureNamedFieldsAreMembers: the set plus, as members, every struct field
// under which it has paths. Pruning after an apply compares sets made this
// way, so that an applier who stops setting anything inside `.spec.strategy`
// stops owning `.spec.strategy` itself — while entries of plain maps (labels)
// and list items stay as they are.
//
// Thread safety: pure functions.
#pragma once

#include "api/managedfields/field_set.h"
#include "api/managedfields/type_schema.h"

namespace kubepp::api::managedfields {

FieldSet EnsureNamedFieldsAreMembers(const FieldSet& set, const Atom* atom);

}  // namespace kubepp::api::managedfields
