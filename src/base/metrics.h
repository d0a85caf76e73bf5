// Prometheus metrics: counters, gauges and histograms with labels, rendered
// in the text exposition format for /metrics.
//
//   static auto& requests = metrics::Registry::Global().Counter(
//       "apiserver_request_total", "Requests by verb, resource and code.", {"verb", "resource", "code"});
//   requests.Add({"get", "pods", "200"});
//
// Thread safety: everything is safe from any thread; updates take a short
// per-family lock.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kubepp::metrics {

using LabelValues = std::vector<std::string>;

class Family {
 public:
  enum class Type { kCounter, kGauge, kHistogram };
  Family(std::string name, std::string help, std::vector<std::string> labels, Type type,
         std::vector<double> buckets = {});

  void Add(const LabelValues& values, double delta = 1);      // counters and gauges
  void Set(const LabelValues& values, double value);          // gauges
  void Observe(const LabelValues& values, double value);      // histograms
  void Render(std::string& out) const;

 private:
  struct Series {
    double value = 0;
    std::vector<uint64_t> bucket_counts;
    uint64_t count = 0;
    double sum = 0;
  };
  std::string name_, help_;
  std::vector<std::string> labels_;
  Type type_;
  std::vector<double> buckets_;
  mutable std::mutex mu_;
  std::map<LabelValues, Series> series_;  // guarded by mu_
};

class Registry {
 public:
  static Registry& Global();
  Family& Counter(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
  Family& Gauge(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
  Family& Histogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                    std::vector<double> buckets);
  // Values computed at scrape time (process memory, store size).
  void AddCollector(std::function<void(std::string& out)> collector);
  std::string Render() const;

 private:
  Family& Get(const std::string& name, std::function<std::unique_ptr<Family>()> make);
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>> families_;
  std::vector<std::function<void(std::string&)>> collectors_;
};

// Resident set size and CPU seconds of this process, read from /proc.
int64_t ProcessResidentBytes();
double ProcessCpuSeconds();

}  // namespace kubepp::metrics
