// The FieldManager (api/managedfields/field_manager.h) of each served
// resource and subresource, made on first use and kept for the life of the
// process: the typed view of a kind is derived once, not per request.
//
// Thread safety: safe from any thread; returned managers are immutable.
#pragma once

#include <string_view>

#include "api/managedfields/field_manager.h"
#include "api/resources/catalog.h"

namespace kubepp::apiserver {

// nullptr when kubepp has no schema for the resource's kind.
const api::managedfields::FieldManager* FieldManagerFor(const api::ResourceInfo& r, std::string_view subresource);

}  // namespace kubepp::apiserver
