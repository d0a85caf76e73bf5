#include "kubelet/volumes/service_account_token.h"

#include <boost/json/object.hpp>

#include "client/resource.h"
#include "client/time_format.h"
#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::volumes {
namespace {

constexpr auto kMaxTtl = std::chrono::hours(24);

class ApiTokenRequester : public TokenRequester {
 public:
  explicit ApiTokenRequester(client::ApiClient& client) : client_(client) {}

  // TokenRequester
  StatusOr<ServiceAccountToken> RequestToken(const TokenRequest& request) override {
    boost::json::object spec;
    if (!request.audience.empty())
      spec["audiences"] = boost::json::array{boost::json::value(request.audience)};
    spec["expirationSeconds"] = request.expiration_seconds;
    spec["boundObjectRef"] = boost::json::object{{"apiVersion", "v1"},
                                                 {"kind", "Pod"},
                                                 {"name", request.pod_name},
                                                 {"uid", request.pod_uid}};
    boost::json::object body{
        {"apiVersion", "authentication.k8s.io/v1"}, {"kind", "TokenRequest"}, {"spec", spec}};
    StatusOr<client::ObjectPtr> got =
        client_.CreateSubresource(client::Resource::Of("", "serviceaccounts"), request.ns,
                                  request.service_account, "token", body);
    if (!got.ok()) return got.status();
    const boost::json::object* status = Obj(got->get(), "status");
    ServiceAccountToken token;
    token.token = Str(status, "token");
    if (token.token.empty()) return Status::Internal("the TokenRequest response carries no token");
    std::optional<Clock::TimePoint> expiration =
        client::ParseTime(Str(status, "expirationTimestamp"));
    if (!expiration)
      return Status::Internal("the TokenRequest response carries no expirationTimestamp");
    token.expiration = *expiration;
    token.expiration_seconds =
        Int(Obj(got->get(), "spec"), "expirationSeconds").value_or(request.expiration_seconds);
    return token;
  }

 private:
  client::ApiClient& client_;
};

}  // namespace

std::unique_ptr<TokenRequester> NewApiTokenRequester(client::ApiClient& client) {
  return std::make_unique<ApiTokenRequester>(client);
}

TokenCache::TokenCache(TokenRequester& upstream, Clock& clock)
    : upstream_(upstream), clock_(clock) {}

bool TokenCache::RequiresRefresh(const ServiceAccountToken& token) const {
  Clock::TimePoint now = clock_.Now();
  auto lifetime = std::chrono::seconds(token.expiration_seconds);
  Clock::TimePoint issued = token.expiration - lifetime;
  if (now > issued + kMaxTtl) return true;
  // Within the last 20% of the lifetime.
  return now > token.expiration - std::chrono::seconds(token.expiration_seconds * 20 / 100);
}

StatusOr<ServiceAccountToken> TokenCache::RequestToken(const TokenRequest& request) {
  Key key{request.ns,       request.service_account, request.audience, request.expiration_seconds,
          request.pod_name, request.pod_uid};
  {
    std::lock_guard<std::mutex> l(mu_);
    auto it = tokens_.find(key);
    if (it != tokens_.end() && !RequiresRefresh(it->second)) return it->second;
  }
  StatusOr<ServiceAccountToken> fresh = upstream_.RequestToken(request);
  if (!fresh.ok()) {
    // A still valid token beats none while the apiserver is unreachable.
    std::lock_guard<std::mutex> l(mu_);
    auto it = tokens_.find(key);
    if (it != tokens_.end() && clock_.Now() < it->second.expiration) return it->second;
    return fresh.status();
  }
  std::lock_guard<std::mutex> l(mu_);
  tokens_[key] = *fresh;
  return fresh;
}

void TokenCache::ForgetPod(const std::string& pod_uid) {
  std::lock_guard<std::mutex> l(mu_);
  std::erase_if(tokens_,
                [&pod_uid](const auto& entry) { return std::get<5>(entry.first) == pod_uid; });
}

}  // namespace kubepp::kubelet::volumes
