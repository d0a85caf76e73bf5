// TokenAuthenticator: who a bearer token speaks for, when it is a service
// account JWT — upstream's two JWT token authenticators in one
// (pkg/serviceaccount/jwt.go with the validators of claims.go and
// legacy.go):
//
//  1. The token's unverified "iss" picks the kind: one of the configured
//     issuers → a bound token; "kubernetes/serviceaccount" → a legacy one;
//     anything else (or not a JWT) → not ours (nullopt: another
//     authenticator may know the token).
//  2. Its signature must verify under one of the public keys.
//  3. Its audiences (a legacy token's are the apiserver's) must share one
//     with the audiences asked for: the apiserver's own for API requests,
//     a TokenReview's spec.audiences otherwise.
//  4. Bound tokens: exp/nbf/iat hold with a minute of leeway; the service
//     account, and the pod, secret or (alone) node the token is bound to,
//     must still exist with the uid the token names and not have been
//     deleted more than a minute ago.
//     Legacy tokens: the Secret must exist, not be deleting, hold exactly
//     this token and not carry kubernetes.io/legacy-token-invalid-since;
//     the service account must exist with the uid the token names.
//
// A token that fails any check is an error whose message is upstream's;
// the apiserver answers 401 whatever the message, TokenReview shows it.
//
// Thread safety: Authenticate may be called from any thread; the getter
// must allow that too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "serviceaccount/claims.h"
#include "serviceaccount/keys.h"

namespace kubepp::serviceaccount {

// Reads the objects tokens refer to, as stored now. NotFound when absent.
class ObjectGetter {
 public:
  virtual ~ObjectGetter() = default;
  virtual StatusOr<boost::json::object> GetServiceAccount(const std::string& ns, const std::string& name) = 0;
  virtual StatusOr<boost::json::object> GetPod(const std::string& ns, const std::string& name) = 0;
  virtual StatusOr<boost::json::object> GetSecret(const std::string& ns, const std::string& name) = 0;
  virtual StatusOr<boost::json::object> GetNode(const std::string& name) = 0;
};

struct AuthenticatorOptions {
  std::vector<std::string> issuers;        // accepted "iss" of bound tokens
  std::vector<PublicKey> keys;             // accepted signers
  std::vector<std::string> api_audiences;  // the apiserver's own audiences
  bool accept_legacy = true;               // Secret-based tokens
};

class TokenAuthenticator {
 public:
  // `getter` and `clock` must outlive the authenticator.
  TokenAuthenticator(AuthenticatorOptions options, ObjectGetter& getter, Clock& clock = Clock::Real());

  struct Result {
    ServiceAccountInfo info;
    std::vector<std::string> audiences;  // those the token was accepted for
  };
  // `audiences` empty = the apiserver's own. nullopt: not a service account
  // token. Error (Unauthorized): a service account token that is not valid.
  StatusOr<std::optional<Result>> Authenticate(std::string_view token,
                                               const std::vector<std::string>& audiences = {}) const;

  const std::vector<std::string>& api_audiences() const { return options_.api_audiences; }

 private:
  StatusOr<ServiceAccountInfo> ValidateBound(const boost::json::object& claims) const;
  StatusOr<ServiceAccountInfo> ValidateLegacy(std::string_view token, const boost::json::object& claims) const;

  // Constant after construction.
  const AuthenticatorOptions options_;
  ObjectGetter& getter_;
  Clock& clock_;
};

}  // namespace kubepp::serviceaccount
