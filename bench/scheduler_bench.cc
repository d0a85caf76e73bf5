// scheduler_bench: the scheduler's throughput on hollow nodes, in the shapes
// of upstream's scheduler_perf. Per shape it starts a fresh
// `kubepp apiserver` (free loopback port, temp data dir),
// `kubepp hollow-nodes` with N nodes and `kubepp scheduler`, creates M pods
// as fast as several client threads can, and measures pods/s from the first
// create until a watch has seen every pod bound (spec.nodeName set).
//
//   basic          SchedulingBasic: 5000 nodes, 10000 small pods
//   anti-affinity  required pod anti-affinity on kubernetes.io/hostname
//                  (one pod per node: min(pods, nodes/2) pods)
//   spread         topology spreading over 10 zones, maxSkew 1
//   preemption     nodes/10 nodes filled with low-priority pods, then
//                  nodes/10 high-priority pods that each must preempt one
//
// The nodes are API objects only, as in scheduler_perf: nothing reports the
// bound pods Running. Preemption is the exception: its victims are deleted
// gracefully, and only a kubelet (here a hollow one) finishes that.
//
// --quick: 500 nodes / 1000 pods. --repeat=N runs each shape N times on fresh
// clusters and adds the median, least and greatest pods/s (these machines
// are shared: one run's figure says little). Every figure is one line
// "scheduler <shape> <metric> <value> <unit>", RSS of each process included,
// and the CPU seconds each process (and the bench's own clients) used while
// the measured pods were created and bound.
// When the build has no `kubepp scheduler` (or `hollow-nodes`) a shape says
// so and is skipped. Every process is stopped by PID and the temp dirs
// removed, also when a stage fails.
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>

#include "cluster_processes.h"

namespace kubepp::bench {
namespace {

namespace json = boost::json;

struct Config {
  std::string kubepp;
  bool quick = false;
  bool keep = false;
  int nodes = 5000;
  int pods = 10000;
  int clients = 16;
  int repeat = 1;
  int zones = 10;
  std::vector<std::string> shapes = {"basic", "anti-affinity", "spread", "preemption"};
};

void Print(const std::string& shape, const std::string& metric, double value, const std::string& unit) {
  int decimals = value >= 100 || value == std::floor(value) ? 0 : 2;
  std::printf("scheduler %s %s %.*f %s\n", shape.c_str(), metric.c_str(), decimals, value, unit.c_str());
  std::fflush(stdout);
}

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU seconds this bench used so far: its client threads and pod watch.
double SelfCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

// A pause-like pod with small requests, as scheduler_perf's pod-default.
json::object PodBody(const std::string& name, const std::string& cpu, const std::string& memory) {
  json::object container{
      {"name", "pause"},
      {"image", "registry.k8s.io/pause:3.10"},
      {"resources", json::object{{"requests", json::object{{"cpu", cpu}, {"memory", memory}}},
                                 {"limits", json::object{{"cpu", cpu}, {"memory", memory}}}}}};
  return json::object{{"apiVersion", "v1"},
                      {"kind", "Pod"},
                      {"metadata", json::object{{"name", name}, {"labels", json::object{{"app", "bench"}}}}},
                      {"spec", json::object{{"containers", json::array{container}},
                                            {"terminationGracePeriodSeconds", 0}}}};
}

std::vector<std::string> MakePods(const std::string& shape, const std::string& prefix, int count,
                                  const std::string& priority_class, const std::string& cpu) {
  std::vector<std::string> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    json::object pod = PodBody(prefix + std::to_string(i), cpu, "200Mi");
    json::object& spec = pod["spec"].as_object();
    json::object& labels = pod["metadata"].as_object()["labels"].as_object();
    if (!priority_class.empty()) spec["priorityClassName"] = priority_class;
    if (shape == "anti-affinity") {
      labels["color"] = "green";
      spec["affinity"] = json::object{
          {"podAntiAffinity",
           json::object{{"requiredDuringSchedulingIgnoredDuringExecution",
                         json::array{json::object{
                             {"labelSelector", json::object{{"matchLabels", json::object{{"color", "green"}}}}},
                             {"topologyKey", "kubernetes.io/hostname"}}}}}}};
    } else if (shape == "spread") {
      labels["app"] = "spread";
      spec["topologySpreadConstraints"] = json::array{json::object{
          {"maxSkew", 1},
          {"topologyKey", "topology.kubernetes.io/zone"},
          {"whenUnsatisfiable", "DoNotSchedule"},
          {"labelSelector", json::object{{"matchLabels", json::object{{"app", "spread"}}}}}}};
    }
    out.push_back(json::serialize(pod));
  }
  return out;
}

bool Bound(const json::object& pod) { return !StringAt(pod, {"spec", "nodeName"}).empty(); }

struct Cluster {
  explicit Cluster(bool keep) : dir("scheduler_bench", keep) {}
  TempDir dir;  // declared first: removed after the processes stop
  ChildProcess apiserver, hollow, scheduler;
  net::HttpsClientOptions api;

  Status Alive() {
    for (ChildProcess* p : {&apiserver, &hollow, &scheduler}) {
      if (p->pid() > 0 && !p->Running()) return Status::Unavailable(p->name() + " exited:\n" + p->LogTail());
    }
    return Status::Ok();
  }
  std::vector<ChildProcess*> Processes() { return {&apiserver, &hollow, &scheduler}; }
  // CPU seconds each of Processes() used so far.
  std::vector<double> Cpu() {
    std::vector<double> out;
    for (ChildProcess* p : Processes()) out.push_back(p->pid() > 0 ? CpuSeconds(p->pid()) : 0);
    return out;
  }
  void PrintRss(const std::string& shape) {
    for (ChildProcess* p : {&apiserver, &hollow, &scheduler}) {
      if (p->pid() > 0) Print(shape, "rss_" + p->name(), RssMiB(p->pid()), "MiB");
    }
  }
};

// Creates `bodies` and waits until every pod named `prefix*` is bound.
// Returns pods/s, first create to last bind.
StatusOr<double> CreateAndWaitBound(Cluster& c, const std::string& shape, const std::string& prefix,
                                    const std::vector<std::string>& bodies, const Config& cfg,
                                    const std::string& label) {
  auto probe = net::HttpsClient::Create(c.api);
  if (!probe.ok()) return probe.status();
  auto listed = CountList(**probe, "/api/v1/namespaces/bench/pods?limit=1");
  if (!listed.ok()) return listed.status();
  // The counter watches bound pods only: it has no use for a pod's creation, and the events it
  // would skip cost the apiserver a send and the bench a decode each, CPU the system under test
  // would go without.
  PodCounter counter(
      c.api,
      "/api/v1/namespaces/bench/pods?watch=1&fieldSelector=spec.nodeName%21%3D&resourceVersion=" +
          listed->second,
      prefix, bodies.size(), Bound);
  std::vector<double> cpu_before = c.Cpu();
  double self_before = SelfCpuSeconds();
  std::map<std::string, double> requests_before = RequestCounts(**probe);
  auto start = SteadyClock::now();
  KUBEPP_RETURN_IF_ERROR(CreateAll(c.api, "bench", bodies, cfg.clients));
  auto created = SteadyClock::now();
  Print(shape, label + "_create_rate", static_cast<double>(bodies.size()) / Seconds(created - start), "pods/s");
  auto deadline = start + (cfg.quick ? 300s : 1200s);
  while (!counter.done()) {
    if (SteadyClock::now() > deadline) {
      return Status::Timeout(std::to_string(counter.count()) + " of " + std::to_string(bodies.size()) +
                             " pods bound in time");
    }
    KUBEPP_RETURN_IF_ERROR(c.Alive());
    std::this_thread::sleep_for(20ms);
  }
  if (counter.count() < bodies.size()) {
    return Status::Unavailable("pod watch ended early: " + counter.error().ToString());
  }
  // Where the CPU went while these pods were created and bound.
  std::vector<double> cpu_after = c.Cpu();
  std::vector<ChildProcess*> processes = c.Processes();
  for (size_t i = 0; i < processes.size(); ++i) {
    if (processes[i]->pid() > 0) Print(shape, label + "_cpu_" + processes[i]->name(), cpu_after[i] - cpu_before[i], "s");
  }
  Print(shape, label + "_cpu_bench_clients", SelfCpuSeconds() - self_before, "s");
  if (bodies.size() >= 100) PrintRequests(RequestCounts(**probe), requests_before, bodies.size());
  return static_cast<double>(bodies.size()) / Seconds(counter.finished() - start);
}

// Runs one shape on a fresh cluster and returns its pods/s; nullopt when this
// kubepp has no scheduler to measure.
StatusOr<std::optional<double>> RunShape(const Config& cfg, const std::string& shape) {
  int nodes = shape == "preemption" ? std::max(1, cfg.nodes / 10) : cfg.nodes;
  std::printf("# %s: %d hollow nodes\n", shape.c_str(), nodes);
  Cluster c(cfg.keep);
  if (c.dir.path().empty()) return Status::Internal("mkdtemp failed");
  auto api = StartApiServer(c.apiserver, cfg.kubepp, "apiserver", c.dir.path());
  if (!api.ok()) return api.status();
  c.api = *api;
  std::string kubeconfig = c.dir.path() + "/admin.kubeconfig";
  auto start = SteadyClock::now();
  KUBEPP_RETURN_IF_ERROR(c.hollow.Start("hollow-nodes",
                                        {cfg.kubepp, "hollow-nodes", "--kubeconfig", kubeconfig, "--count",
                                         std::to_string(nodes), "--zones", std::to_string(cfg.zones),
                                         "--lease-renew-interval", "60", "--workers", "4",
                                         std::string("--run-pods=") + (shape == "preemption" ? "true" : "false")},
                                        c.dir.path() + "/hollow-nodes.log"));
  auto client = net::HttpsClient::Create(c.api);
  if (!client.ok()) return client.status();
  KUBEPP_RETURN_IF_ERROR(WaitForCount(**client, "/api/v1/nodes", nodes, 600s, [&] { return c.Alive(); }));
  Print(shape, "nodes_registered_per_second", nodes / Seconds(SteadyClock::now() - start), "nodes/s");
  // Each node's Lease comes after its Node; the figures leave the start-up out.
  KUBEPP_RETURN_IF_ERROR(
      WaitForCount(**client, "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
                   nodes, 600s, [&] { return c.Alive(); }));
  KUBEPP_RETURN_IF_ERROR(Post(**client, "/api/v1/namespaces",
                              R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}})", true));
  // ServiceAccount admission needs the namespace's "default" ServiceAccount,
  // which no controller-manager runs here to make.
  KUBEPP_RETURN_IF_ERROR(Post(**client, "/api/v1/namespaces/bench/serviceaccounts",
                              R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})", true));

  if (!HasCommand(cfg.kubepp, "scheduler")) {
    std::printf("# %s: skipped: this kubepp has no `scheduler` command yet\n", shape.c_str());
    c.PrintRss(shape);
    return std::optional<double>();
  }
  KUBEPP_RETURN_IF_ERROR(c.scheduler.Start("scheduler", {cfg.kubepp, "scheduler", "--kubeconfig", kubeconfig},
                                           c.dir.path() + "/scheduler.log"));
  // One pod through the whole path first, so the figure leaves out the
  // scheduler's start and cache sync.
  auto warm = CreateAndWaitBound(c, shape, "warmup-", {json::serialize(PodBody("warmup-0", "10m", "10Mi"))}, cfg,
                                 "warmup");
  if (!warm.ok()) return warm.status();

  int pods = cfg.pods;
  std::string priority;
  std::string cpu = "100m";
  if (shape == "anti-affinity") pods = std::min(cfg.pods, std::max(1, nodes / 2));
  if (shape == "preemption") {
    for (auto [name, value] : {std::pair{"low", 100}, std::pair{"high", 1000}}) {
      json::object pc{{"apiVersion", "scheduling.k8s.io/v1"},
                      {"kind", "PriorityClass"},
                      {"metadata", json::object{{"name", name}}},
                      {"value", value}};
      KUBEPP_RETURN_IF_ERROR(
          Post(**client, "/apis/scheduling.k8s.io/v1/priorityclasses", json::serialize(pc), true));
    }
    // Four 900m pods fill a 4-cpu node; each high pod needs one evicted.
    auto fill = CreateAndWaitBound(c, shape, "low-", MakePods(shape, "low-", nodes * 4, "low", "900m"), cfg, "fill");
    if (!fill.ok()) return fill.status();
    Print(shape, "fill_pods_per_second", *fill, "pods/s");
    pods = nodes;
    priority = "high";
    cpu = "900m";
  }
  auto rate = CreateAndWaitBound(c, shape, "pod-", MakePods(shape, "pod-", pods, priority, cpu), cfg, "measured");
  if (!rate.ok()) return rate.status();
  Print(shape, "pods", pods, "pods");
  Print(shape, "pods_per_second", *rate, "pods/s");
  c.PrintRss(shape);
  return std::optional<double>(*rate);
}

// Runs a shape cfg.repeat times; with more than one run, adds their median,
// least and greatest pods/s.
Status RunRepeated(const Config& cfg, const std::string& shape) {
  std::vector<double> rates;
  for (int run = 0; run < cfg.repeat; ++run) {
    if (cfg.repeat > 1) std::printf("# %s: run %d of %d\n", shape.c_str(), run + 1, cfg.repeat);
    auto rate = RunShape(cfg, shape);
    if (!rate.ok()) return rate.status();
    if (!rate->has_value()) return Status::Ok();
    rates.push_back(**rate);
  }
  if (rates.size() < 2) return Status::Ok();
  std::sort(rates.begin(), rates.end());
  size_t n = rates.size();
  double median = n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
  Print(shape, "pods_per_second_median", median, "pods/s");
  Print(shape, "pods_per_second_min", rates.front(), "pods/s");
  Print(shape, "pods_per_second_max", rates.back(), "pods/s");
  return Status::Ok();
}

int Main(int argc, char** argv) {
  Config cfg;
  std::optional<int> nodes, pods;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      std::string f = std::string(flag) + "=";
      if (a.rfind(f, 0) == 0) return a.substr(f.size());
      return std::nullopt;
    };
    if (a == "--quick") {
      cfg.quick = true;
    } else if (a == "--keep") {
      cfg.keep = true;
    } else if (auto v = value("--kubepp")) {
      cfg.kubepp = *v;
    } else if (auto v = value("--nodes")) {
      nodes = std::atoi(v->c_str());
    } else if (auto v = value("--pods")) {
      pods = std::atoi(v->c_str());
    } else if (auto v = value("--repeat")) {
      cfg.repeat = std::max(1, std::atoi(v->c_str()));
    } else if (auto v = value("--clients")) {
      cfg.clients = std::max(1, std::atoi(v->c_str()));
    } else if (auto v = value("--shapes")) {
      cfg.shapes.clear();
      std::stringstream ss(*v);
      for (std::string s; std::getline(ss, s, ',');) cfg.shapes.push_back(s);
    } else {
      std::fprintf(
          stderr,
          "usage: scheduler_bench [--quick] [--kubepp=PATH] [--nodes=N] [--pods=M] [--clients=C]\n"
          "                       [--shapes=basic,anti-affinity,spread,preemption] [--repeat=N] "
          "[--keep]\n");
      return 2;
    }
  }
  if (cfg.quick) {
    cfg.nodes = 500;
    cfg.pods = 1000;
  }
  if (nodes) cfg.nodes = std::max(1, *nodes);
  if (pods) cfg.pods = std::max(1, *pods);
  cfg.kubepp = FindKubepp(cfg.kubepp);
  if (cfg.kubepp.empty()) {
    std::fprintf(stderr, "kubepp binary not found; pass --kubepp=PATH\n");
    return 1;
  }
  ::signal(SIGPIPE, SIG_IGN);
  rlimit nofile{};
  if (::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
    nofile.rlim_cur = nofile.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &nofile);
  }
  if (!HasCommand(cfg.kubepp, "hollow-nodes")) {
    std::printf("# scheduler_bench: skipped: %s has no `hollow-nodes` command\n", cfg.kubepp.c_str());
    return 0;
  }
  std::printf("# scheduler_bench: %s, %d nodes, %d pods, %d client threads%s\n", cfg.kubepp.c_str(), cfg.nodes,
              cfg.pods, cfg.clients, cfg.quick ? " (quick)" : "");
  int failures = 0;
  for (const auto& shape : cfg.shapes) {
    if (shape != "basic" && shape != "anti-affinity" && shape != "spread" && shape != "preemption") {
      std::fprintf(stderr, "unknown shape %s\n", shape.c_str());
      return 2;
    }
    Status st = RunRepeated(cfg, shape);
    if (!st.ok()) {
      std::printf("# %s: FAILED: %s\n", shape.c_str(), st.ToString().c_str());
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace kubepp::bench

int main(int argc, char** argv) { return kubepp::bench::Main(argc, argv); }
