// ResourceQuota admission: charges a create against every matching quota of
// its namespace, or refuses it.
#include <algorithm>

#include "api/quota/resource_list.h"
#include "api/quota/usage.h"
#include "api/validation/json_access.h"
#include "apiserver/admission/admission.h"

namespace kubepp::apiserver::admission {

namespace {

using api::quota::ResourceList;
using api::validation::Obj;
using api::validation::Str;
using boost::json::object;

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::string QuotaName(const object& quota) { return Str(Obj(&quota, "metadata"), "name"); }

}  // namespace

StatusOr<std::vector<Charged>> CheckQuotas(const std::vector<object>& quotas, const api::ResourceInfo& r,
                                           const object& obj) {
  const std::string& group = r.group;
  const std::string& resource = r.resource;
  const bool pod = group.empty() && resource == "pods";
  ResourceList usage = api::quota::UsageOf(group, resource, obj);
  std::vector<Charged> charged;
  if (usage.empty()) return charged;
  for (size_t i = 0; i < quotas.size(); ++i) {
    const object& quota = quotas[i];
    if (!api::quota::MatchesScopes(quota, group, resource, obj)) continue;
    ResourceList hard = api::quota::ParseResourceList(Obj(Obj(&quota, "spec"), "hard"));
    std::vector<std::string> hard_names = api::quota::Names(hard);
    if (pod) {
      auto missing = api::quota::MissingPodResources(obj, hard_names);
      if (!missing.empty()) {
        std::string text;
        for (const auto& m : missing) text += (text.empty() ? "" : "; ") + m;
        return Status::Forbidden("failed quota: " + QuotaName(quota) + ": must specify " + text);
      }
    }
    ResourceList delta = api::quota::Mask(usage, hard_names);
    if (delta.empty()) continue;
    const object* status = Obj(&quota, "status");
    ResourceList used = api::quota::ParseResourceList(Obj(status, "used"));
    std::vector<std::string> unknown;
    for (const auto& name : hard_names) {
      if (!used.contains(name)) unknown.push_back(name);
    }
    if (!unknown.empty()) {
      return Status::Forbidden("status unknown for quota: " + QuotaName(quota) + ", resources: " + JoinNames(unknown));
    }
    ResourceList next = api::quota::Add(used, delta);
    std::vector<std::string> exceeded;
    for (const auto& [name, q] : delta) {
      if (next.at(name).Compare(hard.at(name)) > 0) exceeded.push_back(name);
    }
    if (!exceeded.empty()) {
      return Status::Forbidden("exceeded quota: " + QuotaName(quota) +
                               ", requested: " + api::quota::PrettyPrint(api::quota::Mask(delta, exceeded)) +
                               ", used: " + api::quota::PrettyPrint(api::quota::Mask(used, exceeded)) +
                               ", limited: " + api::quota::PrettyPrint(api::quota::Mask(hard, exceeded)));
    }
    object updated = quota;
    auto& st = updated["status"];
    if (!st.is_object()) st = object();
    st.as_object()["used"] = api::quota::ToJson(next);
    if (!st.as_object().contains("hard")) st.as_object()["hard"] = api::quota::ToJson(hard);
    charged.push_back(Charged{i, std::move(updated)});
  }
  return charged;
}

}  // namespace kubepp::apiserver::admission
