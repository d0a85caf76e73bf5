// The collector scrapes every Ready node's kubelet each round and stores one batch.
#include "apiserver/metricsapi/metrics_collector.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace kubepp::apiserver::metricsapi {
namespace {

namespace json = boost::json;

class FakeScraper : public KubeletScraper {
 public:
  StatusOr<std::string> ScrapeResourceMetrics(const ScrapeTarget& kubelet) override {
    std::lock_guard lock(mu_);
    calls_.push_back(kubelet.node_name + "@" + kubelet.address + ":" +
                     std::to_string(kubelet.port));
    auto it = answers_.find(kubelet.node_name);
    if (it == answers_.end())
      return Status::Unavailable("dial tcp " + kubelet.address + ": connection refused");
    return it->second;
  }
  void Answer(const std::string& node, std::string text) {
    std::lock_guard lock(mu_);
    answers_[node] = std::move(text);
  }
  std::vector<std::string> Calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> answers_;
  std::vector<std::string> calls_;
};

json::object Node(const std::string& name, const std::string& ready, const std::string& ip,
                  int port = 10250) {
  json::object node =
      json::parse(
          R"({"metadata":{},"status":{"conditions":[{"type":"MemoryPressure","status":"False"},
      {"type":"Ready"}],"addresses":[{"type":"Hostname","address":"host"}],
      "daemonEndpoints":{"kubeletEndpoint":{"Port":0}}}})")
          .as_object();
  node["metadata"].as_object()["name"] = name;
  json::object& status = node["status"].as_object();
  status["conditions"].as_array()[1].as_object()["status"] = ready;
  if (!ip.empty())
    status["addresses"].as_array().push_back(json::object{{"type", "InternalIP"}, {"address", ip}});
  status["daemonEndpoints"].as_object()["kubeletEndpoint"].as_object()["Port"] = port;
  return node;
}

std::string Text(double node_cpu_seconds, int64_t ms, double container_cpu_seconds) {
  return "node_cpu_usage_seconds_total " + std::to_string(node_cpu_seconds) + " " +
         std::to_string(ms) + "\n" + "node_memory_working_set_bytes 1000 " + std::to_string(ms) +
         "\n" +
         "container_cpu_usage_seconds_total{container=\"c\",namespace=\"default\",pod=\"p\"} " +
         std::to_string(container_cpu_seconds) + " " + std::to_string(ms) + "\n" +
         "container_memory_working_set_bytes{container=\"c\",namespace=\"default\",pod=\"p\"} "
         "500 " +
         std::to_string(ms) + "\n";
}

TEST(MetricsCollectorTest, ScrapeTargets) {
  auto e = ScrapeTargetOf(Node("n1", "True", "10.0.0.5", 10255));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->node_name, "n1");
  EXPECT_EQ(e->address, "10.0.0.5");  // InternalIP before Hostname, as the proxies choose
  EXPECT_EQ(e->port, 10255);
  e = ScrapeTargetOf(Node("n2", "True", "", 0));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->address, "host");
  EXPECT_EQ(e->port, 10250);  // no port published: the default
  EXPECT_FALSE(ScrapeTargetOf(Node("n3", "False", "10.0.0.6")).has_value());
  EXPECT_FALSE(ScrapeTargetOf(Node("n4", "Unknown", "10.0.0.7")).has_value());
  EXPECT_FALSE(ScrapeTargetOf(json::object{}).has_value());
}

TEST(MetricsCollectorTest, ScrapesReadyNodesAndStoresOneBatch) {
  FakeClock clock;
  FakeScraper scraper;
  MetricsStorage storage;
  std::vector<json::object> nodes = {Node("a", "True", "10.0.0.1"), Node("b", "True", "10.0.0.2"),
                                     Node("down", "False", "10.0.0.3"),
                                     Node("gone", "True", "10.0.0.4")};
  MetricsCollector collector([&] { return nodes; }, scraper, storage, clock);
  scraper.Answer("a", Text(10, 1767225600000, 1));
  scraper.Answer("b", Text(20, 1767225600000, 2));
  collector.ScrapeOnce();
  auto calls = scraper.Calls();
  std::sort(calls.begin(), calls.end());
  EXPECT_EQ(calls, (std::vector<std::string>{"a@10.0.0.1:10250", "b@10.0.0.2:10250",
                                             "gone@10.0.0.4:10250"}));
  EXPECT_FALSE(storage.Node("a").has_value());  // one point so far

  scraper.Answer("a", Text(11.5, 1767225615000, 1.15));
  scraper.Answer("b", "garbage{\n");
  collector.ScrapeOnce();
  auto a = storage.Node("a");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->usage.cpu_nano_cores, 100'000'000u);  // 1.5 s in 15 s
  EXPECT_FALSE(storage.Node("b").has_value());       // its answer could not be read
  // Pods of two nodes share one namespace: both are stored.
  auto pod = storage.Pod(PodRef{"default", "p"});
  ASSERT_TRUE(pod.has_value());
  EXPECT_EQ(pod->containers.at(0).usage.cpu_nano_cores, 10'000'000u);
  EXPECT_EQ(collector.rounds(), 2);
}

TEST(MetricsCollectorTest, LoopScrapesEveryResolution) {
  FakeClock clock;
  FakeScraper scraper;
  MetricsStorage storage;
  MetricsCollector collector(
      [] { return std::vector<json::object>{Node("a", "True", "10.0.0.1")}; }, scraper, storage,
      clock);
  collector.Start();
  auto wait = [&](int rounds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while ((collector.rounds() < rounds || clock.Waiters() == 0) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_EQ(collector.rounds(), rounds);
  };
  wait(1);  // a loop that did not wait for the clock would be past 1 already
  clock.Advance(kMetricResolution);
  wait(2);
  collector.Stop();
  EXPECT_EQ(scraper.Calls().size(), 2u);
}

}  // namespace
}  // namespace kubepp::apiserver::metricsapi
