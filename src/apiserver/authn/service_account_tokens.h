// ServiceAccountTokens: the apiserver's service account token machinery —
// the key that signs bound tokens, the issuer and audiences they carry, and
// the authenticator that accepts them (and legacy Secret tokens) back,
// configured as upstream's --service-account-* flags configure it:
//
//   --service-account-issuer (repeatable; the first one signs, all are
//     accepted; default https://kubernetes.default.svc.cluster.local),
//   --api-audiences (default: the issuers),
//   --service-account-signing-key-file (default <data-dir>/pki/sa.key,
//     created on first start), --service-account-key-file (more keys that
//     verify tokens; the signing key's public half always does),
//   --service-account-max-token-expiration (0 = no maximum),
//   --service-account-extend-token-expiration (default true).
//
// It also renders the issuer's OpenID discovery documents
// (/.well-known/openid-configuration and /openid/v1/jwks).
//
// The objects tokens refer to (service accounts, pods, secrets, nodes) are
// read from the store, which the apiserver alone may do.
//
// Thread safety: immutable after Create; every method may be called from
// any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "serviceaccount/authenticator.h"
#include "serviceaccount/claims.h"
#include "serviceaccount/keys.h"
#include "store/store.h"

namespace kubepp::apiserver::authn {

struct ServiceAccountTokenOptions {
  std::vector<std::string> issuers;        // empty = {kDefaultIssuer}
  std::vector<std::string> api_audiences;  // empty = issuers
  std::string signing_key_file;            // required
  std::vector<std::string> key_files;      // PEM files of more verifying keys
  int64_t max_expiration_seconds = 0;      // 0 = no maximum
  bool extend_expiration = true;
};

class ServiceAccountTokens {
 public:
  // `store` and `clock` must outlive the result.
  static StatusOr<std::unique_ptr<ServiceAccountTokens>> Create(ServiceAccountTokenOptions options,
                                                                store::Store* store, Clock& clock = Clock::Real());
  ~ServiceAccountTokens();

  const std::string& issuer() const { return options_.issuers.front(); }
  const std::vector<std::string>& api_audiences() const { return options_.api_audiences; }
  int64_t max_expiration_seconds() const { return options_.max_expiration_seconds; }
  bool extend_expiration() const { return options_.extend_expiration; }
  Clock& clock() const { return clock_; }

  // A signed bound token.
  StatusOr<std::string> Sign(const serviceaccount::BoundToken& token) const;
  const serviceaccount::TokenAuthenticator& authenticator() const { return *authenticator_; }

  // The OpenID provider configuration of the issuer; `jwks_uri` is where
  // clients fetch the keys.
  std::string OpenIdConfiguration(const std::string& jwks_uri) const;
  // Every verifying key as a JSON Web Key Set.
  std::string Jwks() const;

 private:
  ServiceAccountTokens(ServiceAccountTokenOptions options, serviceaccount::PrivateKey signer, Clock& clock)
      : options_(std::move(options)), signer_(std::move(signer)), clock_(clock) {}

  // Constant after construction.
  ServiceAccountTokenOptions options_;
  serviceaccount::PrivateKey signer_;
  std::vector<serviceaccount::PublicKey> keys_;
  Clock& clock_;
  std::unique_ptr<serviceaccount::ObjectGetter> getter_;
  std::unique_ptr<serviceaccount::TokenAuthenticator> authenticator_;
};

}  // namespace kubepp::apiserver::authn
