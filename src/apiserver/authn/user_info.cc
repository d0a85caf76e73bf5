#include "apiserver/authn/user_info.h"

#include <boost/json/array.hpp>

namespace kubepp::apiserver::authn {

boost::json::object UserInfoJson(const UserInfo& user) {
  boost::json::object out;
  if (!user.name.empty()) out["username"] = user.name;
  if (!user.uid.empty()) out["uid"] = user.uid;
  if (!user.groups.empty()) {
    boost::json::array groups;
    for (const auto& g : user.groups) groups.emplace_back(g);
    out["groups"] = std::move(groups);
  }
  if (!user.extra.empty()) {
    boost::json::object extra;
    for (const auto& [key, values] : user.extra) {
      boost::json::array list;
      for (const auto& v : values) list.emplace_back(v);
      extra[key] = std::move(list);
    }
    out["extra"] = std::move(extra);
  }
  return out;
}

}  // namespace kubepp::apiserver::authn
