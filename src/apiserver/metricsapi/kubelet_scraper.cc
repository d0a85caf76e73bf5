#include "apiserver/metricsapi/kubelet_scraper.h"

#include "net/https_client.h"

namespace kubepp::apiserver::metricsapi {
namespace {

class HttpsKubeletScraper : public KubeletScraper {
 public:
  explicit HttpsKubeletScraper(HttpsScraperOptions options) : options_(std::move(options)) {}

  StatusOr<std::string> ScrapeResourceMetrics(const ScrapeTarget& kubelet) override {
    net::HttpsClientOptions o;
    o.host = kubelet.address;
    o.port = kubelet.port;
    o.cert_file = options_.client_cert_file;
    o.key_file = options_.client_key_file;
    o.timeout = options_.timeout;
    o.user_agent = "kubepp-apiserver/resource-metrics";
    o.max_body_bytes = size_t{64} << 20;
    auto client = net::HttpsClient::Create(o);
    if (!client.ok()) return client.status();
    auto result = (*client)->Request("GET", "/metrics/resource", {}, {}, "text/plain");
    if (!result.ok()) return result.status();
    if (result->code != 200) {
      return Status::Unavailable("request failed, status: \"" + std::to_string(result->code) +
                                 "\"");
    }
    return std::move(result->body);
  }

 private:
  const HttpsScraperOptions options_;
};

}  // namespace

std::unique_ptr<KubeletScraper> NewHttpsKubeletScraper(HttpsScraperOptions options) {
  return std::make_unique<HttpsKubeletScraper>(std::move(options));
}

}  // namespace kubepp::apiserver::metricsapi
