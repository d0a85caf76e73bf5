#include "client/resource.h"

#include "api/resources/catalog.h"
#include "base/log.h"

namespace kubepp::client {
namespace {

Resource FromInfo(const api::ResourceInfo& info) {
  return Resource{info.group, info.version, info.resource, info.kind, info.namespaced};
}

}  // namespace

Resource Resource::Of(std::string_view group, std::string_view resource) {
  const auto* info = api::Catalog::Get().FindPreferred(group, resource);
  KCHECK(info != nullptr) << "unknown resource " << resource << "." << group;
  return FromInfo(*info);
}

Resource Resource::Of(std::string_view group, std::string_view version, std::string_view resource) {
  const auto* info = api::Catalog::Get().Find(group, version, resource);
  KCHECK(info != nullptr) << "unknown resource " << resource << "." << version << "." << group;
  return FromInfo(*info);
}

std::string Resource::Path(std::string_view ns, std::string_view name, std::string_view subresource) const {
  std::string path;
  path.reserve(64);
  if (group.empty()) {
    path.append("/api/").append(version);
  } else {
    path.append("/apis/").append(group).append("/").append(version);
  }
  if (namespaced && !ns.empty()) path.append("/namespaces/").append(ns);
  path.append("/").append(resource);
  if (!name.empty()) path.append("/").append(name);
  if (!subresource.empty()) path.append("/").append(subresource);
  return path;
}

}  // namespace kubepp::client
