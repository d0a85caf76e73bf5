// RequestAuthenticator: who sent a request, as upstream's union of request
// authenticators decides it, in its order:
//
//  1. a client certificate the cluster CA signed: user = CN, groups = O;
//  2. "Authorization: Bearer <token>": a service account token (bound or
//     legacy). A bearer token that no authenticator knows, or that fails
//     validation, is refused ("invalid bearer token" or the validator's
//     reason) — the request is then 401, never anonymous.
//
// Every authenticated user also gets the group system:authenticated.
// Requests with no credentials at all are refused too: kubepp runs with
// upstream's --anonymous-auth=false, except for the paths it serves to
// everyone (/healthz, /livez, /readyz, /version), which the apiserver
// answers before asking for a user.
//
// Thread safety: const methods, safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "apiserver/authn/user_info.h"
#include "base/status.h"
#include "net/http.h"
#include "serviceaccount/authenticator.h"

namespace kubepp::apiserver::authn {

class RequestAuthenticator {
 public:
  // `tokens` may be null (no token authentication); it must outlive this.
  explicit RequestAuthenticator(const serviceaccount::TokenAuthenticator* tokens) : tokens_(tokens) {}

  // The request's user; Unauthorized when it carries no credentials that
  // authenticate (the message says why, for logs; clients see "Unauthorized").
  StatusOr<UserInfo> Authenticate(const net::HttpRequest& req) const;

  // A bearer token on its own, as TokenReview checks one: `audiences`
  // empty = the apiserver's own.
  struct TokenResult {
    bool authenticated = false;
    UserInfo user;
    std::vector<std::string> audiences;
    std::string error;
  };
  TokenResult AuthenticateToken(std::string_view token, const std::vector<std::string>& audiences = {}) const;

  // The token of an "Authorization: Bearer <token>" header; "" when none.
  static std::string BearerToken(const net::HttpRequest& req);

 private:
  const serviceaccount::TokenAuthenticator* tokens_;
};

}  // namespace kubepp::apiserver::authn
