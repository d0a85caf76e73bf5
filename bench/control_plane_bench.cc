// control_plane_bench: the whole control plane at work. Starts the control
// plane — `kubepp server` (controller-manager and scheduler inside), or with
// --separate (the default while `kubepp server` does not run them yet)
// `kubepp apiserver`, `kubepp controller-manager` and `kubepp scheduler` as
// three processes — and `kubepp hollow-nodes` with 1000 nodes, then creates
// one Deployment of 10000 replicas and measures the time until every pod is
// Running (as the hollow kubelets report it), plus the summed RSS of the
// control-plane processes, the CPU seconds each used during the rollout and
// the requests the apiserver served meanwhile. Then it scales the Deployment
// to --hold pods (30000: 30 per node) and prints the control plane's RSS
// while it holds them: at once, and settled after 5 s of quiet.
// --quick: 100 nodes, 1000 replicas, 3000 held. --uncompressed: the store
// keeps whole values (kubepp's --store-compress-values=false), for comparison.
//
// Every figure is one line "control_plane <metric> <value> <unit>". Every
// process is stopped by PID and the temp dir removed, also on failure.
#include <sys/resource.h>

#include <cmath>
#include <map>
#include <optional>
#include <sstream>

#include "cluster_processes.h"

namespace kubepp::bench {
namespace {

namespace json = boost::json;

void Print(const std::string& metric, double value, const std::string& unit) {
  int decimals = value >= 100 || value == std::floor(value) ? 0 : 2;
  std::printf("control_plane %s %.*f %s\n", metric.c_str(), decimals, value, unit.c_str());
  std::fflush(stdout);
}

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Config {
  std::string kubepp;
  bool quick = false;
  bool keep = false;
  std::optional<bool> separate;  // unset: separate processes when the build has them
  int nodes = 1000;
  int replicas = 10000;
  int hold = 30000;  // then scaled to this many pods for the memory figure; 0: not
  bool compress_values =
      true;  // the store keeps values compressed (kubepp's --store-compress-values)
};

std::string DeploymentJson(int replicas) {
  json::object container{{"name", "pause"},
                         {"image", "registry.k8s.io/pause:3.10"},
                         {"resources", json::object{{"requests", json::object{{"cpu", "10m"}, {"memory", "10Mi"}}}}}};
  json::object labels{{"app", "cp-bench"}};
  json::object d{
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", json::object{{"name", "cp-bench"}, {"labels", labels}}},
      {"spec", json::object{{"replicas", replicas},
                            {"selector", json::object{{"matchLabels", labels}}},
                            {"template", json::object{{"metadata", json::object{{"labels", labels}}},
                                                      {"spec", json::object{{"containers", json::array{container}},
                                                                            {"terminationGracePeriodSeconds", 0}}}}}}}};
  return json::serialize(d);
}

// Scales the Deployment to cfg.hold pods, waits until all of them run, and
// prints the control plane's RSS while it holds them.
Status ScaleAndHold(const Config& cfg, const net::HttpsClientOptions& api, net::HttpsClient& client,
                    const std::vector<ChildProcess*>& control_plane, const std::function<Status()>& alive) {
  auto listed = CountList(client, "/api/v1/namespaces/cp-bench/pods?limit=1");
  if (!listed.ok()) return listed.status();
  auto want = static_cast<size_t>(cfg.hold);
  PodCounter running(api, "/api/v1/namespaces/cp-bench/pods?watch=1&resourceVersion=" + listed->second, "cp-bench-",
                     want - static_cast<size_t>(cfg.replicas),
                     [](const json::object& pod) { return StringAt(pod, {"status", "phase"}) == "Running"; });
  auto start = SteadyClock::now();
  auto scaled = client.Request("PATCH", "/apis/apps/v1/namespaces/cp-bench/deployments/cp-bench/scale",
                               "application/merge-patch+json",
                               "{\"spec\":{\"replicas\":" + std::to_string(cfg.hold) + "}}");
  if (!scaled.ok()) return scaled.status();
  if (scaled->code != 200) return Status::Internal("scaling the Deployment: " + std::to_string(scaled->code));
  auto deadline = start + (cfg.quick ? 300s : 1800s);
  while (!running.done()) {
    if (SteadyClock::now() > deadline) return Status::Timeout("scaling to " + std::to_string(want) + " pods");
    KUBEPP_RETURN_IF_ERROR(alive());
    std::this_thread::sleep_for(20ms);
  }
  if (running.count() < want - static_cast<size_t>(cfg.replicas)) {
    return Status::Unavailable("pod watch ended early: " + running.error().ToString());
  }
  Print("scale_to_" + std::to_string(cfg.hold) + "_running", Seconds(running.finished() - start), "s");
  auto rss = [&] {
    double total = 0;
    for (ChildProcess* p : control_plane) total += RssMiB(p->pid());
    return total;
  };
  // At once, with what the burst left behind (the allocator hands freed pages
  // back within about a second), and once the cluster has been quiet a while.
  Print("rss_control_plane_holding_" + std::to_string(cfg.hold) + "_pods", rss(), "MiB");
  std::this_thread::sleep_for(5s);
  KUBEPP_RETURN_IF_ERROR(alive());
  std::string held = "holding_" + std::to_string(cfg.hold) + "_pods";
  Print("rss_control_plane_" + held + "_settled", rss(), "MiB");
  for (ChildProcess* p : control_plane)
    Print("rss_" + p->name() + "_" + held + "_settled", RssMiB(p->pid()), "MiB");
  return Status::Ok();
}

Status Run(const Config& cfg) {
  TempDir dir("control_plane_bench", cfg.keep);
  if (dir.path().empty()) return Status::Internal("mkdtemp failed");
  bool has_separate = HasCommand(cfg.kubepp, "controller-manager") && HasCommand(cfg.kubepp, "scheduler");
  bool separate = cfg.separate.value_or(has_separate);
  if (separate && !has_separate) {
    return Status::Unavailable("this kubepp has no `controller-manager` and `scheduler` commands");
  }
  // Control-plane processes first in this list; the hollow nodes are last.
  ChildProcess apiserver, controller_manager, scheduler, hollow;
  std::vector<ChildProcess*> control_plane{&apiserver};
  std::vector<std::string> extra;
  if (!cfg.compress_values) extra.push_back("--store-compress-values=false");
  auto api =
      StartApiServer(apiserver, cfg.kubepp, separate ? "apiserver" : "server", dir.path(), extra);
  if (!api.ok()) return api.status();
  std::string kubeconfig = dir.path() + "/admin.kubeconfig";
  if (separate) {
    KUBEPP_RETURN_IF_ERROR(controller_manager.Start("controller-manager",
                                                    {cfg.kubepp, "controller-manager", "--kubeconfig", kubeconfig},
                                                    dir.path() + "/controller-manager.log"));
    KUBEPP_RETURN_IF_ERROR(scheduler.Start("scheduler", {cfg.kubepp, "scheduler", "--kubeconfig", kubeconfig},
                                           dir.path() + "/scheduler.log"));
    control_plane.push_back(&controller_manager);
    control_plane.push_back(&scheduler);
  }
  std::printf("# control_plane_bench: %s, %s, %d hollow nodes, %d replicas%s\n", cfg.kubepp.c_str(),
              separate ? "apiserver + controller-manager + scheduler" : "kubepp server", cfg.nodes, cfg.replicas,
              cfg.quick ? " (quick)" : "");
  auto alive = [&]() -> Status {
    for (ChildProcess* p : {&apiserver, &controller_manager, &scheduler, &hollow}) {
      if (p->pid() > 0 && !p->Running()) return Status::Unavailable(p->name() + " exited:\n" + p->LogTail());
    }
    return Status::Ok();
  };
  KUBEPP_RETURN_IF_ERROR(hollow.Start("hollow-nodes",
                                      {cfg.kubepp, "hollow-nodes", "--kubeconfig", kubeconfig, "--count",
                                       std::to_string(cfg.nodes), "--workers", "16"},
                                      dir.path() + "/hollow-nodes.log"));
  auto client = net::HttpsClient::Create(*api);
  if (!client.ok()) return client.status();
  KUBEPP_RETURN_IF_ERROR(WaitForCount(**client, "/api/v1/nodes", cfg.nodes, 600s, alive));
  double idle = 0;
  for (ChildProcess* p : control_plane) idle += RssMiB(p->pid());
  Print("rss_control_plane_idle", idle, "MiB");

  KUBEPP_RETURN_IF_ERROR(Post(**client, "/api/v1/namespaces",
                              R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"cp-bench"}})", true));
  auto listed = CountList(**client, "/api/v1/namespaces/cp-bench/pods?limit=1");
  if (!listed.ok()) return listed.status();
  auto want = static_cast<size_t>(cfg.replicas);
  PodCounter running(*api, "/api/v1/namespaces/cp-bench/pods?watch=1&resourceVersion=" + listed->second, "cp-bench-",
                     want, [](const json::object& pod) { return StringAt(pod, {"status", "phase"}) == "Running"; },
                     {{"created", [](const json::object&) { return true; }},
                      {"bound", [](const json::object& pod) { return !StringAt(pod, {"spec", "nodeName"}).empty(); }}});
  std::map<std::string, double> requests_before = RequestCounts(**client);
  std::vector<double> cpu_before;
  for (ChildProcess* p : control_plane) cpu_before.push_back(CpuSeconds(p->pid()));
  auto start = SteadyClock::now();
  KUBEPP_RETURN_IF_ERROR(Post(**client, "/apis/apps/v1/namespaces/cp-bench/deployments", DeploymentJson(cfg.replicas)));
  auto deadline = start + (cfg.quick ? 300s : 1800s);
  auto first_pod_deadline = start + 60s;
  while (!running.done()) {
    auto now = SteadyClock::now();
    if (now > deadline) {
      return Status::Timeout(std::to_string(running.count()) + " of " + std::to_string(want) + " pods Running");
    }
    if (running.count() == 0 && now > first_pod_deadline) {
      auto pods = CountList(**client, "/api/v1/namespaces/cp-bench/pods");
      if (pods.ok() && pods->first == 0) {
        return Status::Unavailable("no pod exists 60s after the Deployment: no controller-manager runs in " +
                                   std::string(separate ? "controller-manager" : "`kubepp server`") + " yet");
      }
      first_pod_deadline = deadline;
    }
    KUBEPP_RETURN_IF_ERROR(alive());
    std::this_thread::sleep_for(20ms);
  }
  if (running.count() < want) return Status::Unavailable("pod watch ended early: " + running.error().ToString());
  double seconds = Seconds(running.finished() - start);
  // The stages on the way: every pod created (controllers), bound (scheduler), Running (hollow kubelets).
  for (const char* stage : {"created", "bound"}) {
    if (auto at = running.StageFinished(stage)) Print(std::string("deployment_all_") + stage, Seconds(*at - start), "s");
  }
  Print("deployment_all_running", seconds, "s");
  Print("pods_running_per_second", static_cast<double>(want) / seconds, "pods/s");
  // Where the work went: CPU of each control-plane process and the requests
  // the apiserver served during the rollout (those seen at least once per 100 pods).
  for (size_t i = 0; i < control_plane.size(); ++i) {
    Print("cpu_" + control_plane[i]->name(), CpuSeconds(control_plane[i]->pid()) - cpu_before[i], "s");
  }
  PrintRequests(RequestCounts(**client), requests_before, want);
  double total = 0;
  for (ChildProcess* p : control_plane) {
    double rss = RssMiB(p->pid());
    total += rss;
    Print("rss_" + p->name(), rss, "MiB");
  }
  Print("rss_control_plane_total", total, "MiB");
  Print("rss_hollow_nodes", RssMiB(hollow.pid()), "MiB");
  if (cfg.hold > cfg.replicas) KUBEPP_RETURN_IF_ERROR(ScaleAndHold(cfg, *api, **client, control_plane, alive));
  // Stop the hollow nodes before the apiserver so they do not log its absence.
  hollow.Stop();
  return Status::Ok();
}

int Main(int argc, char** argv) {
  Config cfg;
  std::optional<int> nodes, replicas, hold;
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
    } else if (a == "--separate") {
      cfg.separate = true;
    } else if (a == "--server") {
      cfg.separate = false;
    } else if (a == "--uncompressed") {
      cfg.compress_values = false;
    } else if (auto v = value("--kubepp")) {
      cfg.kubepp = *v;
    } else if (auto v = value("--nodes")) {
      nodes = std::atoi(v->c_str());
    } else if (auto v = value("--replicas")) {
      replicas = std::atoi(v->c_str());
    } else if (auto v = value("--hold")) {
      hold = std::atoi(v->c_str());
    } else {
      std::fprintf(
          stderr,
          "usage: control_plane_bench [--quick] [--kubepp=PATH] [--server|--separate] [--nodes=N]\n"
          "                           [--replicas=R] [--hold=H] [--uncompressed] "
          "[--keep]\n");
      return 2;
    }
  }
  if (cfg.quick) {
    cfg.nodes = 100;
    cfg.replicas = 1000;
    cfg.hold = 3000;
  }
  if (nodes) cfg.nodes = std::max(1, *nodes);
  if (replicas) cfg.replicas = std::max(1, *replicas);
  if (hold) cfg.hold = std::max(0, *hold);
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
    std::printf("# control_plane_bench: skipped: %s has no `hollow-nodes` command\n", cfg.kubepp.c_str());
    return 0;
  }
  Status st = Run(cfg);
  if (!st.ok()) {
    std::printf("# control_plane_bench: FAILED: %s\n", st.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace kubepp::bench

int main(int argc, char** argv) { return kubepp::bench::Main(argc, argv); }
