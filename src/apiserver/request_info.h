// RequestInfo: what a request path asks for, as upstream's RequestInfoFactory
// reads it: /api/v1/namespaces/{ns}/{resource}/{name}/{subresource},
// /apis/{group}/{version}/..., and the legacy /api/v1/watch/... form.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::apiserver {

struct RequestInfo {
  bool is_resource_request = false;
  std::string verb;  // get list watch create update patch delete deletecollection
  std::string api_prefix;  // "api" or "apis"
  std::string group, version, namespace_name, resource, name, subresource;
};

RequestInfo ParseRequestInfo(std::string_view method, std::string_view path, bool watch_param);

// The query string, decoded ("a=1&b=x%20y" -> {a:1, b:"x y"}). The last value wins.
using QueryParams = std::map<std::string, std::string, std::less<>>;
QueryParams ParseQuery(std::string_view query);
std::string UrlDecode(std::string_view in, bool plus_is_space);
// True for the spellings Go's strconv.ParseBool reads as true ("1", "t", "true", "True", ...).
bool IsTrue(std::string_view value);
// A query parameter's integer value; BadRequest "<name>: Invalid value: \"x\": must be an
// integer" when it is not one.
StatusOr<int64_t> ParseQueryInt(const std::string& name, const std::string& value);

}  // namespace kubepp::apiserver
