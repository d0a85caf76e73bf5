#include "serviceaccount/claims.h"

#include <boost/json/array.hpp>

namespace kubepp::serviceaccount {
namespace {

constexpr std::string_view kUserPrefix = "system:serviceaccount:";

int64_t UnixSeconds(Clock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

boost::json::object Ref(const ObjectRef& ref) {
  boost::json::object o;
  // Empty fields are left out (omitempty), e.g. the uid of a pod's node
  // that has no Node object.
  if (!ref.name.empty()) o["name"] = ref.name;
  if (!ref.uid.empty()) o["uid"] = ref.uid;
  return o;
}

}  // namespace

std::string MakeUsername(const std::string& ns, const std::string& name) {
  return std::string(kUserPrefix) + ns + ":" + name;
}

bool SplitUsername(const std::string& username, std::string* ns, std::string* name) {
  if (username.rfind(kUserPrefix, 0) != 0) return false;
  std::string rest = username.substr(kUserPrefix.size());
  size_t colon = rest.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size() ||
      rest.find(':', colon + 1) != std::string::npos) {
    return false;
  }
  *ns = rest.substr(0, colon);
  *name = rest.substr(colon + 1);
  return true;
}

boost::json::object BoundClaims(const std::string& issuer, const BoundToken& token) {
  const int64_t now = UnixSeconds(token.issued_at);
  boost::json::object kube;
  kube["namespace"] = token.ns;
  if (token.node) kube["node"] = Ref(*token.node);
  if (token.pod) kube["pod"] = Ref(*token.pod);
  if (token.secret) kube["secret"] = Ref(*token.secret);
  kube["serviceaccount"] = Ref(token.service_account);
  if (token.warn_after_seconds != 0) kube["warnafter"] = now + token.warn_after_seconds;

  boost::json::object claims;
  boost::json::array aud;
  for (const auto& a : token.audiences) aud.emplace_back(a);
  claims["aud"] = std::move(aud);
  claims["exp"] = now + token.expiration_seconds;
  claims["iat"] = now;
  claims["iss"] = issuer;
  if (!token.jti.empty()) claims["jti"] = token.jti;
  claims["kubernetes.io"] = std::move(kube);
  claims["nbf"] = now;
  claims["sub"] = MakeUsername(token.ns, token.service_account.name);
  return claims;
}

boost::json::object LegacyClaims(const LegacyToken& token) {
  boost::json::object claims;
  claims["iss"] = kLegacyIssuer;
  claims["kubernetes.io/serviceaccount/namespace"] = token.ns;
  claims["kubernetes.io/serviceaccount/secret.name"] = token.secret_name;
  claims["kubernetes.io/serviceaccount/service-account.name"] = token.service_account_name;
  claims["kubernetes.io/serviceaccount/service-account.uid"] = token.service_account_uid;
  claims["sub"] = MakeUsername(token.ns, token.service_account_name);
  return claims;
}

std::vector<std::string> ServiceAccountInfo::Groups() const {
  return {"system:serviceaccounts", "system:serviceaccounts:" + ns};
}

std::map<std::string, std::vector<std::string>> ServiceAccountInfo::Extra() const {
  std::map<std::string, std::vector<std::string>> extra;
  if (!pod_name.empty() && !pod_uid.empty()) {
    extra["authentication.kubernetes.io/pod-name"] = {pod_name};
    extra["authentication.kubernetes.io/pod-uid"] = {pod_uid};
  }
  if (!credential_id.empty()) extra["authentication.kubernetes.io/credential-id"] = {credential_id};
  if (!node_name.empty()) {
    extra["authentication.kubernetes.io/node-name"] = {node_name};
    if (!node_uid.empty()) extra["authentication.kubernetes.io/node-uid"] = {node_uid};
  }
  return extra;
}

}  // namespace kubepp::serviceaccount
