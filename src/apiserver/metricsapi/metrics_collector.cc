#include "apiserver/metricsapi/metrics_collector.h"

#include <atomic>

#include "apiserver/kubelet_connection.h"
#include "apiserver/metricsapi/resource_metrics_decoder.h"
#include "base/log.h"

namespace kubepp::apiserver::metricsapi {
namespace {

namespace json = boost::json;

const json::value* At(const json::object& o, std::initializer_list<std::string_view> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (std::string_view key : path) {
    if (cur == nullptr) return nullptr;
    v = cur->if_contains(key);
    if (v == nullptr) return nullptr;
    cur = v->if_object();
  }
  return v;
}

bool IsReady(const json::object& node) {
  const json::value* conditions = At(node, {"status", "conditions"});
  if (conditions == nullptr || !conditions->is_array()) return false;
  for (const auto& c : conditions->as_array()) {
    const json::object* o = c.if_object();
    if (o == nullptr) continue;
    const json::value* type = o->if_contains("type");
    const json::value* status = o->if_contains("status");
    if (type && status && type->is_string() && status->is_string() &&
        type->as_string() == "Ready") {
      return status->as_string() == "True";
    }
  }
  return false;
}

}  // namespace

std::optional<ScrapeTarget> ScrapeTargetOf(const json::object& node) {
  if (!IsReady(node)) return std::nullopt;
  // Where the apiserver's proxies reach the kubelet, too.
  auto where = KubeletEndpointFor(node);
  if (!where.ok()) return std::nullopt;
  ScrapeTarget e;
  if (const json::value* name = At(node, {"metadata", "name"}); name && name->is_string()) {
    e.node_name = std::string(name->as_string());
  }
  e.address = where->host;
  e.port = where->port;
  return e;
}

MetricsCollector::MetricsCollector(NodeLister nodes, KubeletScraper& scraper,
                                   MetricsStorage& storage, Clock& clock, CollectorOptions options)
    : nodes_(std::move(nodes)),
      scraper_(scraper),
      storage_(storage),
      clock_(clock),
      options_(options) {}

MetricsCollector::~MetricsCollector() { Stop(); }

void MetricsCollector::Start() {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void MetricsCollector::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int MetricsCollector::rounds() const {
  std::lock_guard lock(mu_);
  return rounds_;
}

void MetricsCollector::ScrapeOnce() {
  std::vector<ScrapeTarget> kubelets;
  for (const json::object& node : nodes_()) {
    if (auto e = ScrapeTargetOf(node)) kubelets.push_back(std::move(*e));
  }
  std::vector<std::optional<MetricsBatch>> results(kubelets.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < kubelets.size(); i = next++) {
      const Time started = clock_.Now();
      auto body = scraper_.ScrapeResourceMetrics(kubelets[i]);
      if (!body.ok()) {
        VLOG(2) << "metrics: scraping node " << kubelets[i].node_name << " (" << kubelets[i].address
                << ":" << kubelets[i].port << "): " << body.status().message();
        continue;
      }
      auto batch = DecodeResourceMetrics(*body, started, kubelets[i].node_name);
      if (!batch.ok()) {
        VLOG(2) << "metrics: decoding node " << kubelets[i].node_name << ": "
                << batch.status().message();
        continue;
      }
      results[i] = std::move(*batch);
    }
  };
  const size_t workers =
      std::min<size_t>(kubelets.size(), static_cast<size_t>(std::max(1, options_.workers)));
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();

  MetricsBatch merged;
  for (auto& r : results) {
    if (!r) continue;
    merged.nodes.insert(r->nodes.begin(), r->nodes.end());
    for (auto& [ref, containers] : r->pods) merged.pods.emplace(ref, std::move(containers));
  }
  storage_.Store(merged);
  std::lock_guard lock(mu_);
  ++rounds_;
}

void MetricsCollector::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const Clock::TimePoint next = clock_.Now() + options_.resolution;
    lock.unlock();
    ScrapeOnce();
    lock.lock();
    clock_.WaitUntil(lock, cv_, next, [this] { return stopping_; });
  }
}

}  // namespace kubepp::apiserver::metricsapi
