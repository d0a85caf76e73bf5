#include "kubelet/volumes/service_account_token.h"

#include <gtest/gtest.h>

#include "client/time_format.h"
#include "fakes/fake_api_client.h"
#include "fakes/fake_token_requester.h"
#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::volumes {
namespace {

using namespace std::chrono_literals;
using client::ObjectPtr;
using client::Resource;

// Answers serviceaccounts/<name>/token like an apiserver that serves
// TokenRequest, and delegates everything else to a FakeApiClient.
class TokenServingClient : public client::ApiClient {
 public:
  explicit TokenServingClient(Clock& clock)
      : clock_(clock), inner_(fakes::FakeApiClient::Create(clock)) {}

  StatusOr<ObjectPtr> CreateSubresource(const Resource& r, std::string_view ns,
                                        std::string_view name, std::string_view subresource,
                                        const boost::json::object& obj) override {
    if (r.resource != "serviceaccounts" || subresource != "token") {
      return inner_->CreateSubresource(r, ns, name, subresource, obj);
    }
    last_request = obj;
    last_path = std::string(ns) + "/" + std::string(name);
    boost::json::object response = obj;
    int64_t seconds = obj.at("spec").at("expirationSeconds").as_int64();
    response["status"] = boost::json::object{
        {"token", "jwt-for-" + std::string(name)},
        {"expirationTimestamp", client::FormatTime(clock_.Now() + std::chrono::seconds(seconds))}};
    return client::MakeObject(std::move(response));
  }
  StatusOr<ObjectPtr> Get(const Resource& r, std::string_view ns, std::string_view name) override {
    return inner_->Get(r, ns, name);
  }
  StatusOr<client::ObjectList> List(const Resource& r, std::string_view ns,
                                    const client::ListOptions& o) override {
    return inner_->List(r, ns, o);
  }
  StatusOr<ObjectPtr> Create(const Resource& r, std::string_view ns,
                             const boost::json::object& obj) override {
    return inner_->Create(r, ns, obj);
  }
  StatusOr<ObjectPtr> Update(const Resource& r, std::string_view ns, const boost::json::object& obj,
                             std::string_view sub) override {
    return inner_->Update(r, ns, obj, sub);
  }
  StatusOr<ObjectPtr> Patch(const Resource& r, std::string_view ns, std::string_view name,
                            client::PatchType t, std::string_view patch,
                            std::string_view sub) override {
    return inner_->Patch(r, ns, name, t, patch, sub);
  }
  StatusOr<ObjectPtr> Delete(const Resource& r, std::string_view ns, std::string_view name,
                             const client::DeleteOptions& o) override {
    return inner_->Delete(r, ns, name, o);
  }
  StatusOr<std::unique_ptr<client::WatchHandle>> Watch(const Resource& r, std::string_view ns,
                                                       const client::ListOptions& o,
                                                       client::WatchCallbacks cb) override {
    return inner_->Watch(r, ns, o, std::move(cb));
  }

  boost::json::object last_request;
  std::string last_path;

 private:
  Clock& clock_;
  std::unique_ptr<fakes::FakeApiClient> inner_;
};

TEST(ServiceAccountTokenTest, RequestsABoundTokenThroughTheApi) {
  FakeClock clock;
  TokenServingClient api(clock);
  auto requester = NewApiTokenRequester(api);
  TokenRequest request{"ns", "builder", "vault", 600, "web-0", "uid-1"};
  auto token = requester->RequestToken(request);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(token->token, "jwt-for-builder");
  EXPECT_EQ(token->expiration, clock.Now() + 600s);
  EXPECT_EQ(token->expiration_seconds, 600);
  EXPECT_EQ(api.last_path, "ns/builder");
  EXPECT_EQ(boost::json::value(api.last_request),
            boost::json::parse(R"({"apiVersion":"authentication.k8s.io/v1",
      "kind":"TokenRequest","spec":{"audiences":["vault"],"expirationSeconds":600,
      "boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"web-0","uid":"uid-1"}}})"));

  request.audience = "";
  ASSERT_TRUE(requester->RequestToken(request).ok());
  EXPECT_FALSE(api.last_request.at("spec").as_object().contains("audiences"));
}

TEST(ServiceAccountTokenTest, ServerWithoutTokenRequestFails) {
  FakeClock clock;
  auto api = fakes::FakeApiClient::Create(clock);
  auto requester = NewApiTokenRequester(*api);
  EXPECT_FALSE(requester->RequestToken({"ns", "default", "", 3600, "p", "u"}).ok());
}

TEST(ServiceAccountTokenTest, CacheRefreshesAfterEightyPercentOfTheLifetime) {
  FakeClock clock;
  fakes::FakeTokenRequester upstream(clock);
  TokenCache cache(upstream, clock);
  TokenRequest request{"ns", "sa", "", 1000, "p", "u"};
  EXPECT_EQ(cache.RequestToken(request)->token, "token-1");
  clock.Advance(799s);
  EXPECT_EQ(cache.RequestToken(request)->token, "token-1");
  clock.Advance(2s);  // 801s: within the last 20%
  EXPECT_EQ(cache.RequestToken(request)->token, "token-2");

  // Different audiences or pods are different tokens.
  TokenRequest other = request;
  other.audience = "x";
  EXPECT_EQ(cache.RequestToken(other)->token, "token-3");
  EXPECT_EQ(upstream.Requests().size(), 3u);

  // A failing apiserver: the cached token is used while it is still valid.
  clock.Advance(900s);  // token-2 is past 80% but not expired
  upstream.FailWith(Status::ServiceUnavailable("down"));
  EXPECT_EQ(cache.RequestToken(request)->token, "token-2");
  clock.Advance(200s);  // now expired
  EXPECT_FALSE(cache.RequestToken(request).ok());

  upstream.FailWith(Status::Ok());
  cache.ForgetPod("u");
  EXPECT_EQ(cache.RequestToken(request)->token, "token-6");
}

TEST(ServiceAccountTokenTest, CacheRefreshesTokensOlderThanADay) {
  FakeClock clock;
  fakes::FakeTokenRequester upstream(clock);
  TokenCache cache(upstream, clock);
  TokenRequest request{"ns", "sa", "", 7 * 24 * 3600, "p", "u"};
  EXPECT_EQ(cache.RequestToken(request)->token, "token-1");
  clock.Advance(23h);
  EXPECT_EQ(cache.RequestToken(request)->token, "token-1");
  clock.Advance(2h);
  EXPECT_EQ(cache.RequestToken(request)->token, "token-2");
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
