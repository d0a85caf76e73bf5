// The HTTPS scraper against a kubelet stand-in on loopback: it presents the
// apiserver's kubelet client certificate and takes the body of a 200 only.
#include "apiserver/metricsapi/kubelet_scraper.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <mutex>

#include "net/http_server.h"
#include "net/pki.h"

namespace kubepp::apiserver::metricsapi {
namespace {

class KubeletScraperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "kubelet_scraper_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto pki = net::EnsurePki({dir_ + "/pki", {}});
    ASSERT_TRUE(pki.ok()) << pki.status().ToString();
    pki_ = *pki;
    net::HttpServerOptions o;
    o.bind_address = "127.0.0.1";
    o.port = 0;
    o.cert_file = pki_.serving_cert;
    o.key_file = pki_.serving_key;
    o.client_ca_file = pki_.ca_cert;
    auto server = net::HttpServer::Start(
        o, [this](net::HttpRequest& req, std::shared_ptr<net::Responder> out) {
          {
            std::lock_guard lock(mu_);
            seen_.push_back(req.method + " " + req.path + " as " +
                            (req.peer.verified ? req.peer.common_name : "-"));
          }
          net::HttpResponse r;
          r.status = req.path == "/metrics/resource" ? status_.load() : 404;
          r.content_type = "text/plain";
          r.body = r.status == 200 ? "resource_scrape_error 0\n"
                                   : "Internal Error: the runtime is down\n";
          out->Respond(std::move(r));
        });
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
  }
  void TearDown() override {
    if (server_) server_->Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string dir_;
  net::PkiPaths pki_;
  std::unique_ptr<net::HttpServer> server_;
  std::atomic<int> status_{200};
  std::mutex mu_;
  std::vector<std::string> seen_;  // guarded by mu_
};

TEST_F(KubeletScraperTest, ScrapesWithTheKubeletClientIdentity) {
  auto scraper = NewHttpsKubeletScraper(
      {pki_.kubelet_client_cert, pki_.kubelet_client_key, std::chrono::seconds(5)});
  auto body = scraper->ScrapeResourceMetrics(ScrapeTarget{"node-1", "127.0.0.1", server_->port()});
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, "resource_scrape_error 0\n");
  std::lock_guard lock(mu_);
  EXPECT_EQ(seen_,
            (std::vector<std::string>{"GET /metrics/resource as kube-apiserver-kubelet-client"}));
}

TEST_F(KubeletScraperTest, FailuresAreErrors) {
  auto scraper = NewHttpsKubeletScraper(
      {pki_.kubelet_client_cert, pki_.kubelet_client_key, std::chrono::seconds(1)});
  const uint16_t port = server_->port();
  status_ = 500;
  auto failed = scraper->ScrapeResourceMetrics(ScrapeTarget{"node-1", "127.0.0.1", port});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message(), "request failed, status: \"500\"");
  server_->Stop();
  auto refused = scraper->ScrapeResourceMetrics(ScrapeTarget{"node-1", "127.0.0.1", port});
  EXPECT_FALSE(refused.ok());
}

}  // namespace
}  // namespace kubepp::apiserver::metricsapi
