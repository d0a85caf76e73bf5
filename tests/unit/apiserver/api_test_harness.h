// ApiTestHarness: an ApiHandler over an embedded store in a temporary
// directory, driven with plain requests and answered through a recording
// Responder, so apiserver behaviour is testable without sockets or TLS.
#pragma once

#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "apiserver/api_handler.h"
#include "apiserver/authn/service_account_tokens.h"
#include "apiserver/request_info.h"
#include "base/clock.h"
#include "net/http.h"
#include "serviceaccount/keys.h"
#include "store/store.h"

namespace kubepp::apiserver::testing {

struct Response {
  int status = 0;
  boost::json::value body;
  net::Headers headers;
};

class RecordingResponder : public net::Responder {
 public:
  void Respond(net::HttpResponse response) override {
    std::lock_guard lock(mu_);
    boost::system::error_code ec;
    result_.status = response.status;
    result_.body = boost::json::parse(response.body, ec);
    result_.headers = response.headers;
    done_ = true;
    cv_.notify_all();
  }
  // A streamed response (a LIST) is recorded once it ends, as one body.
  void StartStream(int status, std::string, net::Headers) override {
    std::lock_guard lock(mu_);
    result_.status = status;
  }
  void WriteShared(std::shared_ptr<const std::string> chunk) override {
    std::lock_guard lock(mu_);
    streamed_ += *chunk;
  }
  void End() override {
    std::lock_guard lock(mu_);
    boost::system::error_code ec;
    result_.body = boost::json::parse(streamed_, ec);
    done_ = true;
    cv_.notify_all();
  }
  void EndAfter(std::chrono::milliseconds) override {}
  bool Closed() const override { return false; }
  void OnClose(std::function<void()>) override {}
  // Nothing is ever pending here (PendingBytes is 0), so producers never wait.
  void OnDrained(size_t, std::function<void()> fn) override { fn(); }

  Response Wait() {
    std::unique_lock lock(mu_);
    EXPECT_TRUE(cv_.wait_for(lock, std::chrono::seconds(30), [&] { return done_; })) << "no response";
    return result_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::string streamed_;
  Response result_;
};

class ApiTestHarness {
 public:
  // compress_values: the store keeps values compressed (EmbeddedOptions::compress_values).
  explicit ApiTestHarness(bool compress_values = false) {
    dir_ = std::filesystem::temp_directory_path() / ("kubepp-apitest-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    store::EmbeddedOptions options;
    options.dir = dir_.string();
    options.fsync = false;
    options.compress_values = compress_values;
    auto opened = store::OpenEmbedded(options);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    auto keys = serviceaccount::EnsureSigningKeyFiles(dir_.string());
    EXPECT_TRUE(keys.ok()) << keys.status().ToString();
    authn::ServiceAccountTokenOptions sa;
    sa.signing_key_file = keys->private_key;
    auto tokens = authn::ServiceAccountTokens::Create(sa, store_.get(), clock_);
    EXPECT_TRUE(tokens.ok()) << tokens.status().ToString();
    tokens_ = std::move(*tokens);
    handler_ = std::make_unique<ApiHandler>(store_.get(), tokens_.get());
  }
  ~ApiTestHarness() {
    handler_.reset();
    tokens_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  ApiHandler& handler() { return *handler_; }
  Registry& registry() { return handler_->registry(); }

  // `path` may carry a query ("/api/v1/namespaces/x?propagationPolicy=Orphan").
  Response Do(const std::string& method, const std::string& path, const std::string& body = {},
              const std::string& content_type = "application/json") {
    return DoAs(user_, method, path, body, content_type);
  }
  Response DoAs(const authn::UserInfo& user, const std::string& method, const std::string& path,
                const std::string& body = {}, const std::string& content_type = "application/json") {
    net::HttpRequest req;
    req.method = method;
    req.target = path;
    auto q = path.find('?');
    req.path = path.substr(0, q);
    req.query = q == std::string::npos ? "" : path.substr(q + 1);
    req.body = body;
    req.headers.emplace_back("accept", accept_);
    if (!body.empty()) req.headers.emplace_back("content-type", content_type);
    if (!user_agent_.empty()) req.headers.emplace_back("user-agent", user_agent_);
    RequestInfo info = ParseRequestInfo(method, req.path, false);
    auto out = std::make_shared<RecordingResponder>();
    handler_->Handle(info, user, req, out);
    return out->Wait();
  }

  FakeClock& clock() { return clock_; }
  // The User-Agent of the requests that follow; none when empty.
  void set_user_agent(std::string ua) { user_agent_ = std::move(ua); }
  // The Accept header of the requests that follow.
  void set_accept(std::string accept) { accept_ = std::move(accept); }
  store::Store& store() { return *store_; }
  const authn::UserInfo& user() const { return user_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  FakeClock clock_{std::chrono::system_clock::now()};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<authn::ServiceAccountTokens> tokens_;
  std::unique_ptr<ApiHandler> handler_;
  authn::UserInfo user_{"kubernetes-admin", "", {"system:masters", "system:authenticated"}, {}};
  std::string user_agent_;
  std::string accept_ = "application/json";
};

}  // namespace kubepp::apiserver::testing
