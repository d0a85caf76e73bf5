// The claims of service account tokens, as upstream writes them:
//
//  * Bound tokens (TokenRequest; pkg/serviceaccount/claims.go): iss, sub
//    "system:serviceaccount:<ns>:<name>", aud, exp, iat, nbf, jti and the
//    private "kubernetes.io" claim {namespace, serviceaccount {name, uid},
//    pod | secret | node {name, uid}, node alongside a pod, warnafter}.
//  * Legacy tokens (Secrets of type kubernetes.io/service-account-token;
//    pkg/serviceaccount/legacy.go): iss "kubernetes/serviceaccount", sub and
//    the flat "kubernetes.io/serviceaccount/..." claims; no expiry.
//
// Keys are written in lexical order at every level, as upstream's JSON
// encoder writes its merged claim maps, so tokens look alike byte for byte
// apart from values.
//
// ServiceAccountInfo is who a verified token speaks for; UserName/Groups/
// Extra give its user as upstream's ServiceAccountInfo.UserInfo() does.
//
// Thread safety: pure functions and plain structs.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"

namespace kubepp::serviceaccount {

inline constexpr const char* kLegacyIssuer = "kubernetes/serviceaccount";
inline constexpr const char* kDefaultIssuer = "https://kubernetes.default.svc.cluster.local";
// What the kubelet asks for in the default projected volume: one hour and
// seven seconds, which marks a token whose lifetime the apiserver may extend
// (upstream's WarnOnlyBoundTokenExpirationSeconds).
inline constexpr int64_t kWarnOnlyBoundTokenExpirationSeconds = 60 * 60 + 7;
// The extended lifetime of such tokens: one year (ExpirationExtensionSeconds).
inline constexpr int64_t kExpirationExtensionSeconds = 24 * 365 * 60 * 60;

struct ObjectRef {
  std::string name;
  std::string uid;
};

// What a bound token carries.
struct BoundToken {
  std::string ns;
  ObjectRef service_account;
  std::optional<ObjectRef> pod;     // at most one of pod, secret, node-alone
  std::optional<ObjectRef> secret;
  std::optional<ObjectRef> node;    // the pod's node, or the bound node
  std::vector<std::string> audiences;
  Clock::TimePoint issued_at;
  int64_t expiration_seconds = 3600;
  int64_t warn_after_seconds = 0;   // 0 = no warnafter claim
  std::string jti;
};

// The claims of a bound token issued by `issuer`.
boost::json::object BoundClaims(const std::string& issuer, const BoundToken& token);

// What a legacy token carries.
struct LegacyToken {
  std::string ns;
  std::string service_account_name;
  std::string service_account_uid;
  std::string secret_name;
};
boost::json::object LegacyClaims(const LegacyToken& token);

// "system:serviceaccount:<ns>:<name>".
std::string MakeUsername(const std::string& ns, const std::string& name);
// The namespace and name of a service account user name; false when
// `username` is not one.
bool SplitUsername(const std::string& username, std::string* ns, std::string* name);

struct ServiceAccountInfo {
  std::string ns;
  std::string name;
  std::string uid;
  std::string pod_name, pod_uid;
  std::string node_name, node_uid;
  std::string credential_id;  // "JTI=<jti>" for tokens with an id

  std::string UserName() const { return MakeUsername(ns, name); }
  // system:serviceaccounts, system:serviceaccounts:<ns>.
  std::vector<std::string> Groups() const;
  // authentication.kubernetes.io/{pod-name,pod-uid,node-name,node-uid,credential-id}.
  std::map<std::string, std::vector<std::string>> Extra() const;
};

}  // namespace kubepp::serviceaccount
