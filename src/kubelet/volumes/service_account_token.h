// Service account tokens for projected volumes (serviceAccountToken
// sources), obtained through the TokenRequest API — POST
// /api/v1/namespaces/<ns>/serviceaccounts/<name>/token — bound to the pod,
// and cached the way upstream's kubelet token manager caches them: a token
// is reused until 80% of its lifetime has passed or it is 24 hours old, so
// that the periodic volume refresh does not mint a token every minute.
//
// Thread safety: TokenRequester implementations and TokenCache may be
// called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "base/clock.h"
#include "base/status.h"
#include "client/api_client.h"

namespace kubepp::kubelet::volumes {

struct TokenRequest {
  std::string ns;
  std::string service_account;
  std::string audience;  // "" = the apiserver's default audiences
  int64_t expiration_seconds = 3600;
  std::string pod_name;  // the token is bound to this pod
  std::string pod_uid;
};

struct ServiceAccountToken {
  std::string token;
  Clock::TimePoint expiration;
  int64_t expiration_seconds = 0;  // the lifetime the server granted
};

class TokenRequester {
 public:
  virtual ~TokenRequester() = default;
  virtual StatusOr<ServiceAccountToken> RequestToken(const TokenRequest& request) = 0;
};

// Creates authentication.k8s.io/v1 TokenRequests through `client` (which
// must outlive it). Errors are the server's (e.g. 404 for a service account
// that does not exist, 409 for a pod recreated under the same name).
std::unique_ptr<TokenRequester> NewApiTokenRequester(client::ApiClient& client);

// Caches the tokens of another requester.
class TokenCache : public TokenRequester {
 public:
  TokenCache(TokenRequester& upstream, Clock& clock = Clock::Real());

  // TokenRequester
  StatusOr<ServiceAccountToken> RequestToken(const TokenRequest& request) override;

  // Forgets the tokens bound to a pod (after the pod is gone).
  void ForgetPod(const std::string& pod_uid);

 private:
  using Key = std::tuple<std::string, std::string, std::string, int64_t, std::string, std::string>;
  bool RequiresRefresh(const ServiceAccountToken& token) const;

  TokenRequester& upstream_;
  Clock& clock_;
  std::mutex mu_;
  std::map<Key, ServiceAccountToken> tokens_;  // guarded by mu_
};

}  // namespace kubepp::kubelet::volumes
