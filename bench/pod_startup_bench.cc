// pod_startup_bench: pods through a real kubelet and containerd on this
// machine.
//
//   - Pod start-up latency as upstream's SLI defines it: from the pod's
//     creation to all its containers running, observed through a watch
//     (images already present, no init containers), for N pods created at
//     once, or --rate pods per second (upstream's density tests pace their
//     creates the same way, so the figure is the path of one pod rather
//     than the queue behind a burst): p50, p90, p99 and pods/s. Upstream's
//     SLO: p99 <= 5 s.
//   - The kubelet's resident memory and CPU at idle with 0 pods and with
//     half of them still running (the kubelet process alone; its
//     containerd is reported apart), measured over a window.
//
// The control plane is `kubepp server --disable-agent`; the node is a
// separate `kubepp kubelet` with its own containerd, so its figures are
// its own. Needs root (containers). Prints "kubelet <metric> <value> <unit>".
//
//   pod_startup_bench [--pods=100] [--rate=0] [--window=10] [--kubepp=PATH] [--keep]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

#include "cluster_processes.h"

namespace kubepp::bench {
namespace {

using namespace std::chrono_literals;

struct Config {
  std::string kubepp;
  int pods = 100;
  double rate = 0;  // pods created per second; 0: all at once
  int window_seconds = 10;
  bool keep = false;
};

void Print(const std::string& metric, double value, const std::string& unit) {
  int decimals = value >= 100 || value == std::floor(value) ? 0 : 2;
  std::printf("kubelet %s %.*f %s\n", metric.c_str(), decimals, value, unit.c_str());
  std::fflush(stdout);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// RSS (MiB) at the end of, and CPU (% of one core) over, a window.
std::pair<double, double> Measure(pid_t pid, int seconds) {
  double cpu0 = CpuSeconds(pid);
  auto t0 = SteadyClock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  double cpu1 = CpuSeconds(pid);
  double wall = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  return {RssMiB(pid), 100.0 * (cpu1 - cpu0) / wall};
}

bool AllRunning(const boost::json::object& pod) {
  const auto* status = pod.if_contains("status");
  if (!status || !status->is_object()) return false;
  const auto* phase = status->as_object().if_contains("phase");
  if (!phase || !phase->is_string() || phase->as_string() != "Running") return false;
  const auto* cs = status->as_object().if_contains("containerStatuses");
  if (!cs || !cs->is_array() || cs->as_array().empty()) return false;
  for (const auto& c : cs->as_array()) {
    const auto* state = c.as_object().if_contains("state");
    if (!state || !state->is_object() || !state->as_object().contains("running")) return false;
  }
  return true;
}

// Records when each pod was first seen with all containers running.
class RunningWatch {
 public:
  RunningWatch(const net::HttpsClientOptions& options, std::string path) {
    auto c = net::HttpsClient::Create(options);
    if (!c.ok()) return;
    client_ = std::move(*c);
    thread_ = std::thread([this, path = std::move(path)] {
      (void)client_->Watch(path, [this](std::string_view line) {
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(line, ec);
        if (ec || !v.is_object()) return true;
        const auto* obj = v.as_object().if_contains("object");
        if (!obj || !obj->is_object() || !AllRunning(obj->as_object())) return true;
        std::string name(obj->as_object().at("metadata").at("name").as_string());
        std::lock_guard lock(mu_);
        running_.try_emplace(name, SteadyClock::now());
        return true;
      });
    });
  }
  ~RunningWatch() {
    if (client_) client_->Cancel();
    if (thread_.joinable()) thread_.join();
  }
  std::map<std::string, SteadyClock::time_point> Running() const {
    std::lock_guard lock(mu_);
    return running_;
  }

 private:
  std::unique_ptr<net::HttpsClient> client_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::map<std::string, SteadyClock::time_point> running_;
};

std::string PodBody(const std::string& name) {
  boost::json::object pod{
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata", {{"name", name}, {"labels", {{"app", "startup-bench"}}}}},
      {"spec",
       {{"terminationGracePeriodSeconds", 0},
        {"containers", boost::json::array{boost::json::object{{"name", "main"},
                                                              {"image", "kubepp.local/pause:3.9"},
                                                              {"imagePullPolicy", "IfNotPresent"}}}}}}};
  return boost::json::serialize(pod);
}

Status Run(const Config& cfg) {
  TempDir dir("pod-startup-bench-", cfg.keep);
  ChildProcess control_plane, node;
  auto api = StartApiServer(control_plane, cfg.kubepp, "server", dir.path());
  if (!api.ok()) return api.status();
  std::string node_dir = dir.path() + "/node";
  // Port 0: the kubelet's server takes any free port.
  int port = 0;
  KUBEPP_RETURN_IF_ERROR(node.Start("kubelet",
                                    {cfg.kubepp, "kubelet", "--kubeconfig", dir.path() + "/admin.kubeconfig",
                                     "--data-dir", node_dir, "--hostname-override", "bench-node",
                                     "--remove-pods-on-exit", "--kubelet-port", std::to_string(port)},
                                    dir.path() + "/kubelet.log"));
  auto client = net::HttpsClient::Create(*api);
  if (!client.ok()) return client.status();
  // The node registers and turns Ready (its containerd starts and imports images first).
  auto deadline = SteadyClock::now() + 180s;
  for (;;) {
    auto r = (*client)->Request("GET", "/api/v1/nodes/bench-node", "");
    if (r.ok() && r->code == 200 && r->body.find("\"type\":\"Ready\",\"status\":\"True\"") != std::string::npos) break;
    if (!node.Running()) return Status::Unavailable("the kubelet exited:\n" + node.LogTail());
    if (SteadyClock::now() > deadline) return Status::Timeout("the node did not become Ready:\n" + node.LogTail());
    std::this_thread::sleep_for(100ms);
  }
  pid_t containerd_pid = std::atoi(ReadFile(node_dir + "/containerd/containerd.pid").c_str());

  auto [idle_rss, idle_cpu] = Measure(node.pid(), cfg.window_seconds);
  Print("idle_0_pods_rss", idle_rss, "MiB");
  Print("idle_0_pods_rss_anon", AnonRssMiB(node.pid()), "MiB");
  Print("idle_0_pods_cpu", idle_cpu, "%");
  if (containerd_pid > 0) Print("containerd_idle_0_pods_rss", RssMiB(containerd_pid), "MiB");

  auto list = (*client)->Request("GET", "/api/v1/namespaces/default/pods", "");
  if (!list.ok()) return list.status();
  boost::json::value listed = boost::json::parse(list->body);
  std::string rv(listed.at("metadata").at("resourceVersion").as_string());
  RunningWatch watch(*api, "/api/v1/namespaces/default/pods?watch=true&resourceVersion=" + rv);

  std::map<std::string, SteadyClock::time_point> created;
  const double kubelet_cpu0 = CpuSeconds(node.pid()), machine_cpu0 = MachineBusySeconds();
  auto first = SteadyClock::now();
  for (int i = 0; i < cfg.pods; ++i) {
    if (cfg.rate > 0) {
      std::this_thread::sleep_until(first + std::chrono::duration_cast<SteadyClock::duration>(
                                                std::chrono::duration<double>(i / cfg.rate)));
    }
    std::string name = "startup-" + std::to_string(i);
    created[name] = SteadyClock::now();
    KUBEPP_RETURN_IF_ERROR(Post(**client, "/api/v1/namespaces/default/pods", PodBody(name)));
  }
  deadline = SteadyClock::now() + 300s;
  while (watch.Running().size() < created.size()) {
    if (SteadyClock::now() > deadline) {
      return Status::Timeout(std::to_string(watch.Running().size()) + " of " + std::to_string(created.size()) +
                             " pods running after 300 s:\n" + node.LogTail());
    }
    if (!node.Running()) return Status::Unavailable("the kubelet exited:\n" + node.LogTail());
    std::this_thread::sleep_for(50ms);
  }
  // Where the CPU went while the pods started: the kubelet's share of all
  // the machine's (containerd, its shims, runc and the CNI plugins do the rest).
  const double kubelet_cpu = CpuSeconds(node.pid()) - kubelet_cpu0, machine_cpu = MachineBusySeconds() - machine_cpu0;
  auto running = watch.Running();
  std::vector<double> latencies;
  SteadyClock::time_point last = first;
  for (const auto& [name, at] : running) {
    latencies.push_back(std::chrono::duration<double>(at - created[name]).count());
    last = std::max(last, at);
  }
  Print("pods", cfg.pods, "pods");
  Print("startup_latency_p50", Percentile(latencies, 50), "s");
  Print("startup_latency_p90", Percentile(latencies, 90), "s");
  Print("startup_latency_p99", Percentile(latencies, 99), "s");
  Print("startup_throughput", cfg.pods / std::chrono::duration<double>(last - first).count(), "pods/s");
  Print("startup_machine_cpu", machine_cpu, "s");
  Print("startup_kubelet_cpu", kubelet_cpu, "s");

  // Half of them go; the kubelet settles with the rest running.
  int keep = cfg.pods / 2;
  for (int i = keep; i < cfg.pods; ++i) {
    auto r = (*client)->Request("DELETE", "/api/v1/namespaces/default/pods/startup-" + std::to_string(i), "");
    if (!r.ok()) return r.status();
  }
  deadline = SteadyClock::now() + 180s;
  for (;;) {
    auto n = CountList(**client, "/api/v1/namespaces/default/pods");
    if (n.ok() && n->first == static_cast<size_t>(keep)) break;
    if (SteadyClock::now() > deadline) return Status::Timeout("deleted pods did not go");
    std::this_thread::sleep_for(200ms);
  }
  std::this_thread::sleep_for(std::chrono::seconds(cfg.window_seconds));  // let it settle
  auto [busy_rss, busy_cpu] = Measure(node.pid(), cfg.window_seconds);
  Print("idle_" + std::to_string(keep) + "_pods_rss", busy_rss, "MiB");
  Print("idle_" + std::to_string(keep) + "_pods_rss_anon", AnonRssMiB(node.pid()), "MiB");
  Print("idle_" + std::to_string(keep) + "_pods_cpu", busy_cpu, "%");
  if (containerd_pid > 0) Print("containerd_idle_" + std::to_string(keep) + "_pods_rss", RssMiB(containerd_pid), "MiB");
  std::printf("# reference: k3s's agent (kubelet, proxy, containerd and flannel) is published at 275 MB\n");

  for (int i = 0; i < keep; ++i) {
    (void)(*client)->Request("DELETE", "/api/v1/namespaces/default/pods/startup-" + std::to_string(i), "");
  }
  node.Stop();  // --remove-pods-on-exit: containers and sandboxes go with it
  control_plane.Stop();
  return Status::Ok();
}

int Main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* flag) -> std::optional<std::string> {
      std::string f = std::string(flag) + "=";
      if (a.rfind(f, 0) == 0) return a.substr(f.size());
      return std::nullopt;
    };
    if (a == "--keep") {
      cfg.keep = true;
    } else if (auto v = value("--kubepp")) {
      cfg.kubepp = *v;
    } else if (auto v = value("--pods")) {
      cfg.pods = std::max(2, std::atoi(v->c_str()));
    } else if (auto v = value("--rate")) {
      cfg.rate = std::max(0.0, std::atof(v->c_str()));
    } else if (auto v = value("--window")) {
      cfg.window_seconds = std::max(1, std::atoi(v->c_str()));
    } else {
      std::fprintf(stderr, "usage: pod_startup_bench [--pods=100] [--rate=0] [--window=10] [--kubepp=PATH] [--keep]\n");
      return 2;
    }
  }
  cfg.kubepp = FindKubepp(cfg.kubepp);
  if (cfg.kubepp.empty()) {
    std::fprintf(stderr, "kubepp binary not found; pass --kubepp=PATH\n");
    return 1;
  }
  if (::geteuid() != 0) {
    std::printf("# pod_startup_bench: skipped: running containers needs root\n");
    return 0;
  }
  ::signal(SIGPIPE, SIG_IGN);
  std::printf("# pod_startup_bench: %s, %d pods, %s, %d s windows\n", cfg.kubepp.c_str(), cfg.pods,
              cfg.rate > 0 ? (std::to_string(cfg.rate) + " pods/s").c_str() : "all at once", cfg.window_seconds);
  // The CNI bridge plugin makes cni0 for the node's pods and leaves it after them.
  const char* kBridge = "/sys/class/net/cni0";
  bool had_bridge = ::access(kBridge, F_OK) == 0;
  Status st = Run(cfg);
  if (!had_bridge && ::access(kBridge, F_OK) == 0 && std::system("ip link del cni0") != 0) {
    std::printf("# could not remove the cni0 bridge this run made\n");
  }
  if (!st.ok()) {
    std::printf("# FAILED: %s\n", st.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace kubepp::bench

int main(int argc, char** argv) { return kubepp::bench::Main(argc, argv); }
