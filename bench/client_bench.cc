// client_bench: the client runtime against an in-process kubepp apiserver
// (temp data dir, free loopback port, fsync on), measuring what the
// scheduler and controllers lean on:
//   (a) pod creates through RestClient from many threads;
//   (b) an informer's first sync of those pods;
//   (c) pods/binding through RestClient (the scheduler's hot write), and the
//       time until the informer has seen every bind;
//   (d) Informer::List() and ByIndex() on the synced cache.
// Every figure is one line "client <metric> <value> <unit>"; targets follow as
// "target ..." lines. --quick scales down for CI.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "apiserver/apiserver.h"
#include "client/informer.h"
#include "client/kubeconfig.h"
#include "client/rest_client.h"

namespace kubepp::bench {
namespace {

using Steady = std::chrono::steady_clock;
using client::ObjectPtr;

void Print(const char* metric, double value, const char* unit) {
  std::printf("client %s %.1f %s\n", metric, value, unit);
  std::fflush(stdout);
}

double Seconds(Steady::time_point since) { return std::chrono::duration<double>(Steady::now() - since).count(); }

// Runs fn(i) for i in [0, n) on `threads` threads; returns failures.
template <typename F>
int Parallel(int n, int threads, F fn) {
  std::atomic<int> next{0}, failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i; (i = next.fetch_add(1)) < n;) {
        if (!fn(i)) failures++;
      }
    });
  }
  for (auto& t : pool) t.join();
  return failures.load();
}

boost::json::object Pod(int i) {
  auto pod = boost::json::parse(R"({"metadata":{"labels":{"app":"bench"}},
    "spec":{"schedulerName":"default-scheduler","containers":[{"name":"app","image":"busybox",
    "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}})").as_object();
  pod["metadata"].as_object()["name"] = "pod-" + std::to_string(i);
  return pod;
}

int Run(bool quick) {
  const int pods = quick ? 300 : 3000;
  const int threads = 16;
  auto dir = std::filesystem::temp_directory_path() / ("kubepp-client-bench-" + std::to_string(::getpid()));
  apiserver::ApiServerOptions options;
  options.data_dir = dir.string();
  options.bind_address = "127.0.0.1";
  options.secure_port = 0;
  auto server = apiserver::ApiServer::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "apiserver: %s\n", server.status().ToString().c_str());
    return 1;
  }
  auto config = client::LoadKubeconfig((*server)->kubeconfig_path());
  if (!config.ok()) return 1;
  client::RestClientOptions rest_options;
  rest_options.connections = threads;
  auto api = client::NewRestClient(*config, rest_options);
  if (!api.ok()) return 1;
  auto& c = **api;
  const auto pods_r = client::Resource::Of("", "pods");
  // ServiceAccount admission needs the namespace's "default" ServiceAccount,
  // which the controller-manager (not running here) would make.
  auto sa = c.Create(client::Resource::Of("", "serviceaccounts"), "default",
                     boost::json::object{{"metadata", boost::json::object{{"name", "default"}}}});
  if (!sa.ok()) {
    std::fprintf(stderr, "serviceaccount: %s\n", sa.status().ToString().c_str());
    return 1;
  }

  auto start = Steady::now();
  int failed = Parallel(pods, threads, [&](int i) { return c.Create(pods_r, "default", Pod(i)).ok(); });
  Print("pod_creates_per_second", pods / Seconds(start), "1/s");
  if (failed) std::printf("client pod_create_failures %d\n", failed);

  auto factory = client::InformerFactory::Create(c);
  auto& informer = factory->For(pods_r);
  informer.AddIndex("node", [](const boost::json::object& o) {
    const auto* spec = o.if_contains("spec");
    const auto* node = spec && spec->is_object() ? spec->get_object().if_contains("nodeName") : nullptr;
    if (!node || !node->is_string()) return std::vector<std::string>{};
    return std::vector<std::string>{std::string(node->get_string())};
  });
  std::atomic<int> bound_seen{0};
  informer.AddEventHandler({nullptr,
                            [&](const ObjectPtr& old_obj, const ObjectPtr& new_obj) {
                              auto has_node = [](const ObjectPtr& o) {
                                const auto* spec = o->if_contains("spec");
                                return spec && spec->is_object() && spec->get_object().contains("nodeName");
                              };
                              if (!has_node(old_obj) && has_node(new_obj)) bound_seen++;
                            },
                            nullptr});
  start = Steady::now();
  factory->Start();
  if (!factory->WaitForSync(std::chrono::seconds(120))) return 1;
  Print("informer_sync_ms", Seconds(start) * 1000, "ms");

  start = Steady::now();
  failed = Parallel(pods, threads, [&](int i) {
    boost::json::object binding{{"apiVersion", "v1"},
                                {"kind", "Binding"},
                                {"metadata", {{"name", "pod-" + std::to_string(i)}}},
                                {"target", {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", "node-" + std::to_string(i % 50)}}}};
    return c.CreateSubresource(pods_r, "default", "pod-" + std::to_string(i), "binding", binding).ok();
  });
  double bind_s = Seconds(start);
  Print("binds_per_second", pods / bind_s, "1/s");
  if (failed) std::printf("client bind_failures %d\n", failed);
  auto deadline = Steady::now() + std::chrono::seconds(60);
  while (bound_seen.load() < pods - failed && Steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  Print("binds_seen_by_informer_per_second", bound_seen.load() / Seconds(start), "1/s");

  const int rounds = 200;
  start = Steady::now();
  size_t total = 0;
  for (int i = 0; i < rounds; ++i) total += informer.List().size();
  Print("informer_list_us", Seconds(start) * 1e6 / rounds, "us");
  start = Steady::now();
  for (int i = 0; i < rounds * 10; ++i) total += informer.ByIndex("node", "node-" + std::to_string(i % 50)).size();
  Print("informer_by_index_us", Seconds(start) * 1e6 / (rounds * 10), "us");
  if (total == 0) std::printf("client empty_cache 1\n");

  factory->Stop();
  (*server)->Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::printf("target client binds_per_second 3000 1/s\n");
  return 0;
}

}  // namespace
}  // namespace kubepp::bench

int main(int argc, char** argv) {
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--quick") quick = true;
  }
  return kubepp::bench::Run(quick);
}
