// scheduler_cycle_bench: the scheduling algorithm alone, without the API —
// snapshot update, PreFilter, Filter up to numFeasibleNodesToFind, PreScore,
// Score, pick, assume — for N nodes and M small pods with the default
// profile, on one thread. Prints "scheduler_cycle <metric> <value> <unit>".
//   scheduler_cycle_bench [--nodes=5000] [--pods=10000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <boost/json.hpp>

#include "scheduler/cache/cache.h"
#include "scheduler/framework/framework.h"
#include "scheduler/plugins/registry.h"

namespace kubepp::scheduler {
namespace {

using namespace framework;  // NOLINT
namespace json = boost::json;

client::ObjectPtr Node(int i) {
  json::object o{{"metadata", {{"name", "node-" + std::to_string(i)},
                               {"labels", {{"kubernetes.io/hostname", "node-" + std::to_string(i)},
                                           {"topology.kubernetes.io/zone", "zone-" + std::to_string(i % 10)}}}}},
                 {"status", {{"allocatable", {{"cpu", "4"}, {"memory", "32Gi"}, {"pods", "110"}}}}}};
  return std::make_shared<const json::object>(std::move(o));
}

client::ObjectPtr Pod(int i) {
  json::object c{{"name", "pause"},
                 {"image", "registry.k8s.io/pause:3.10"},
                 {"resources", {{"requests", {{"cpu", "100m"}, {"memory", "200Mi"}}}}}};
  json::object o{{"metadata", {{"name", "pod-" + std::to_string(i)}, {"namespace", "bench"}}},
                 {"spec", {{"containers", json::array{c}}}}};
  return std::make_shared<const json::object>(std::move(o));
}

int Main(int argc, char** argv) {
  int nodes = 5000, pods = 10000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--nodes=", 0) == 0) nodes = std::atoi(a.c_str() + 8);
    if (a.rfind("--pods=", 0) == 0) pods = std::atoi(a.c_str() + 7);
  }
  Clock& clock = Clock::Real();
  cache::Cache cache(clock);
  cache::Snapshot snap;
  Handle h;
  h.clock = &clock;
  auto fw_or = Framework::Create(plugins::InTreeRegistry(), plugins::DefaultProfile(), h);
  if (!fw_or.ok()) return 1;
  std::unique_ptr<Framework> fw = std::move(*fw_or);
  for (int i = 0; i < nodes; ++i) cache.AddNode(ParseNode(Node(i)));

  auto t0 = std::chrono::steady_clock::now();
  std::vector<PodInfoPtr> infos;
  infos.reserve(pods);
  for (int i = 0; i < pods; ++i) infos.push_back(ParsePod(Pod(i)));
  double parse_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / pods;

  auto t1 = std::chrono::steady_clock::now();
  size_t start = 0;
  int unscheduled = 0;
  std::vector<const NodeInfo*> feasible;
  std::vector<NodeScore> scores;
  for (const PodInfoPtr& pod : infos) {
    cache.UpdateSnapshot(snap);
    fw->SetSnapshot(&snap);
    CycleState st;
    PreFilterResult r;
    if (!fw->RunPreFilterPlugins(st, *pod, &r).ok()) return 1;
    const auto& all = snap.List();
    size_t want = static_cast<size_t>(NumFeasibleNodesToFind(0, static_cast<int>(all.size())));
    feasible.clear();
    size_t i = 0;
    for (; i < all.size() && feasible.size() < want; ++i) {
      const NodeInfo* n = all[(start + i) % all.size()];
      if (fw->RunFilterPlugins(st, *pod, *n).ok()) feasible.push_back(n);
    }
    start = (start + i) % all.size();
    if (feasible.empty()) {
      ++unscheduled;
      continue;
    }
    fw->RunPreScorePlugins(st, *pod, feasible);
    fw->RunScorePlugins(st, *pod, feasible, &scores, nullptr);
    size_t best = 0;
    for (size_t k = 1; k < scores.size(); ++k) {
      if (scores[k].total > scores[best].total) best = k;
    }
    if (!cache.AssumePod(WithNodeName(*pod, scores[best].node->name())).ok()) return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  std::printf("scheduler_cycle nodes %d nodes\n", nodes);
  std::printf("scheduler_cycle pods %d pods\n", pods);
  std::printf("scheduler_cycle parse_pod %.2f us\n", parse_us);
  std::printf("scheduler_cycle pods_per_second %.0f pods/s\n", (pods - unscheduled) / secs);
  std::printf("scheduler_cycle unscheduled %d pods\n", unscheduled);
  return 0;
}

}  // namespace
}  // namespace kubepp::scheduler

int main(int argc, char** argv) { return kubepp::scheduler::Main(argc, argv); }
