// The list and watch options of a request's query, read, defaulted and validated as upstream
// reads its ListOptions (meta/internalversion: the query conversion, SetListOptionsDefaults and
// ValidateListOptions, with the WatchList feature on as in v1.32).
#pragma once

#include <optional>
#include <string>

#include "api/resources/catalog.h"
#include "apiserver/registry.h"
#include "apiserver/request_info.h"
#include "base/status.h"

namespace kubepp::apiserver {

struct ListQuery {
  ListOptions options;
  // sendInitialEvents as given, or as defaulting set it for a watch from "" or "0".
  std::optional<bool> send_initial_events;
  bool allow_bookmarks = false;
};

// Syntax errors (selectors, numbers) are 400s; combinations upstream forbids are its 422
// `ListOptions.meta.k8s.io "" is invalid: ...` with one cause per error. Respond to an Invalid one
// with ListOptionsKind() as the resource, so its details name group and kind as upstream's do.
StatusOr<ListQuery> ReadListQuery(const QueryParams& query, const api::ResourceInfo& r,
                                  const std::string& namespace_name, bool watch);
const api::ResourceInfo& ListOptionsKind();

// A ListOptions boolean as upstream's query conversion reads it: present and anything but "0" or
// "false" (in any case), an empty value included, is true.
bool QueryBool(const QueryParams& query, std::string_view name);

}  // namespace kubepp::apiserver
