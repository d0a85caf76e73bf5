// MetricsCollector: every resolution (15 s, metrics-server's default) it
// scrapes /metrics/resource off the kubelet of every Ready node, decodes the
// answers and stores them as one batch, so the resource metrics API always
// answers from the last two rounds.
//
// Nodes are scraped concurrently by a few workers, each scrape bounded by
// the scraper's timeout; a node that fails is left out of the batch (its
// pods then have no metrics, as with metrics-server).
//
// Thread safety: Start/Stop from one thread; ScrapeOnce from one thread at a
// time (the loop, or a test when the loop is not running).
#pragma once

#include <boost/json/object.hpp>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "apiserver/metricsapi/kubelet_scraper.h"
#include "apiserver/metricsapi/metrics_storage.h"
#include "base/clock.h"

namespace kubepp::apiserver::metricsapi {

// Where a node's kubelet serves, for Ready nodes only: the address and port
// the apiserver's kubelet proxies use (apiserver/kubelet_connection.h).
std::optional<ScrapeTarget> ScrapeTargetOf(const boost::json::object& node);

struct CollectorOptions {
  Clock::Duration resolution = kMetricResolution;
  int workers = 8;
};

class MetricsCollector {
 public:
  using NodeLister = std::function<std::vector<boost::json::object>()>;

  MetricsCollector(NodeLister nodes, KubeletScraper& scraper, MetricsStorage& storage, Clock& clock,
                   CollectorOptions options = {});
  ~MetricsCollector();

  void Start();
  void Stop();
  // One round: scrape every Ready node and store the batch.
  void ScrapeOnce();
  int rounds() const;

 private:
  void Loop();

  const NodeLister nodes_;
  KubeletScraper& scraper_;
  MetricsStorage& storage_;
  Clock& clock_;
  const CollectorOptions options_;

  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  int rounds_ = 0;         // guarded by mu_
};

}  // namespace kubepp::apiserver::metricsapi
