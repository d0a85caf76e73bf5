// UserInfo: who a request comes from once authenticated — upstream's
// user.Info: a name, a uid, groups and extra attributes. Client
// certificates give CN and O; service account tokens give
// system:serviceaccount:<ns>:<name> with the service account groups and
// the pod/node they are bound to as extra.
// Thread safety: a plain value.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace kubepp::apiserver::authn {

inline constexpr const char* kAuthenticatedGroup = "system:authenticated";
inline constexpr const char* kMastersGroup = "system:masters";

struct UserInfo {
  std::string name;
  std::string uid;
  std::vector<std::string> groups;
  std::map<std::string, std::vector<std::string>> extra;
};

// The authentication.k8s.io/v1 UserInfo of `user` (username, uid, groups,
// extra; empty fields left out as upstream's omitempty does).
boost::json::object UserInfoJson(const UserInfo& user);

}  // namespace kubepp::apiserver::authn
