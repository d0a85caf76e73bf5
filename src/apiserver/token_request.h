// TokenRequest: the serviceaccounts/token subresource — a POST of an
// authentication.k8s.io/v1 TokenRequest answers with a signed token for the
// service account, as upstream's TokenREST (pkg/registry/core/
// serviceaccount/storage/token.go):
//
//  * metadata.name/namespace, when given, must be the service account's;
//  * spec.audiences defaults to the apiserver's audiences,
//    spec.expirationSeconds to 3600, which must lie in [600, 2^32];
//  * spec.boundObjectRef (v1 Pod, Secret or Node) must exist — with the
//    given uid, if one is given (409 otherwise) — and a pod must run as this
//    service account; a pod-bound token also names the pod's node;
//  * a lifetime above --service-account-max-token-expiration is shortened
//    (with a warning); a pod-bound token asked for 3607 s with the
//    apiserver's audiences — the kubelet's default projected volume — is
//    valid for a year but carries warnafter at 3607 s, so that clients
//    that never refresh keep working (--service-account-extend-token-
//    expiration);
//  * status carries the token and expirationTimestamp = now +
//    spec.expirationSeconds (the requested lifetime, not the extension).
//
// Thread safety: stateless; reads only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "apiserver/authn/service_account_tokens.h"
#include "apiserver/registry.h"
#include "apiserver/request_info.h"
#include "apiserver/status_json.h"
#include "net/http.h"

namespace kubepp::apiserver {

// The answered TokenRequest for `request` (decoded body) to the service
// account ns/name; `warnings` receives what the client should be told, and
// on failure `details` what the error Status names.
StatusOr<boost::json::object> IssueToken(Registry& registry, const authn::ServiceAccountTokens& tokens,
                                         const std::string& ns, const std::string& name, boost::json::object request,
                                         std::vector<std::string>* warnings, StatusDetails* details);

// REQUIRES: info addresses serviceaccounts/<name>/token.
void HandleTokenRequest(Registry& registry, const authn::ServiceAccountTokens& tokens, const RequestInfo& info,
                        const net::HttpRequest& req, std::shared_ptr<net::Responder> out);

}  // namespace kubepp::apiserver
