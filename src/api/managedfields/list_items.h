// Which path element names an item of an associative list: a list-map item
// by its key fields (a missing key takes the schema's default, if any), a set
// item by its value. The errors read as upstream's.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/value.hpp>

#include "api/managedfields/path_element.h"
#include "api/managedfields/type_schema.h"
#include "base/status.h"

namespace kubepp::api::managedfields {

// REQUIRES: list->kind == kList. BadRequest with upstream's message when the
// item cannot be named (or the list is atomic).
StatusOr<PathElement> ListItemElement(const Atom* list, const boost::json::value& item);

}  // namespace kubepp::api::managedfields
