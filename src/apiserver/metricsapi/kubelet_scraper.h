// KubeletScraper: fetches one kubelet's /metrics/resource. The apiserver
// scrapes with its kubelet client identity (apiserver-kubelet-client, the
// one it proxies with) over HTTPS to the node's InternalIP and the port the
// node publishes in status.daemonEndpoints.kubeletEndpoint; the serving
// certificate is not verified, as upstream's apiserver does not verify it
// without --kubelet-certificate-authority. Tests substitute a fake.
//
// Thread safety: implementations are safe from any thread, concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"

namespace kubepp::apiserver::metricsapi {

// One kubelet to scrape: its node and where it serves.
struct ScrapeTarget {
  std::string node_name;
  std::string address;  // an IP address or host name
  uint16_t port = 10250;
};

class KubeletScraper {
 public:
  virtual ~KubeletScraper() = default;
  // The response body of GET /metrics/resource; an error for a failed
  // connection or a status other than 200.
  virtual StatusOr<std::string> ScrapeResourceMetrics(const ScrapeTarget& kubelet) = 0;
};

struct HttpsScraperOptions {
  std::string client_cert_file, client_key_file;
  std::chrono::milliseconds timeout{10000};
};

std::unique_ptr<KubeletScraper> NewHttpsKubeletScraper(HttpsScraperOptions options);

}  // namespace kubepp::apiserver::metricsapi
