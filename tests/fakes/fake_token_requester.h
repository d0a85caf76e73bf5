// FakeTokenRequester: a TokenRequester for unit tests of the kubelet's
// projected volumes. Each request gets a new token ("token-1", "token-2",
// ...) that expires expiration_seconds after the clock's now; tests read
// back the requests made and can make the next requests fail.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "kubelet/volumes/service_account_token.h"

namespace kubepp::fakes {

class FakeTokenRequester : public kubelet::volumes::TokenRequester {
 public:
  explicit FakeTokenRequester(Clock& clock) : clock_(clock) {}

  // TokenRequester
  StatusOr<kubelet::volumes::ServiceAccountToken> RequestToken(
      const kubelet::volumes::TokenRequest& request) override {
    std::lock_guard<std::mutex> l(mu_);
    requests_.push_back(request);
    if (!fail_with_.ok()) return fail_with_;
    kubelet::volumes::ServiceAccountToken token;
    token.token = "token-" + std::to_string(requests_.size());
    token.expiration_seconds = request.expiration_seconds;
    token.expiration = clock_.Now() + std::chrono::seconds(request.expiration_seconds);
    return token;
  }

  std::vector<kubelet::volumes::TokenRequest> Requests() const {
    std::lock_guard<std::mutex> l(mu_);
    return requests_;
  }
  // OK again lets requests succeed.
  void FailWith(Status status) {
    std::lock_guard<std::mutex> l(mu_);
    fail_with_ = std::move(status);
  }

 private:
  Clock& clock_;
  mutable std::mutex mu_;
  std::vector<kubelet::volumes::TokenRequest> requests_;
  Status fail_with_;
};

}  // namespace kubepp::fakes
