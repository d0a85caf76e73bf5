// ResourceList: a map of resource names ("requests.cpu", "pods",
// "count/deployments.apps") to quantities, as ResourceQuota hard/used and
// container requests/limits hold them, with the arithmetic quota needs and
// upstream's text form for messages ("limits.cpu=2,pods=3").
//
// Thread safety: values; pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "api/quantity/quantity.h"

namespace kubepp::api::quota {

using ResourceList = std::map<std::string, Quantity, std::less<>>;

// A JSON map of quantity strings (or numbers); entries that do not parse are skipped.
ResourceList ParseResourceList(const boost::json::object* map);
boost::json::object ToJson(const ResourceList& list);

// a + b for every name in either.
ResourceList Add(const ResourceList& a, const ResourceList& b);
// a - b for every name in either.
ResourceList Subtract(const ResourceList& a, const ResourceList& b);
// Only the entries of `list` whose names are in `names`.
ResourceList Mask(const ResourceList& list, const std::vector<std::string>& names);
std::vector<std::string> Names(const ResourceList& list);
// Equal names and equal values (compared as numbers, not text).
bool Equals(const ResourceList& a, const ResourceList& b);
// "name=value" pairs sorted by name, comma separated (upstream's prettyPrint).
std::string PrettyPrint(const ResourceList& list);

}  // namespace kubepp::api::quota
