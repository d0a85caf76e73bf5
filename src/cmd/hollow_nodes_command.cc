// `kubepp hollow-nodes`: N fake kubelets (hollow nodes) in one process,
// talking to a cluster through a kubeconfig, until SIGINT or SIGTERM. The
// Nodes stay registered after it stops, as a stopped kubelet's do.

#include <cstdio>

#include "base/flags.h"
#include "base/log.h"
#include "base/stop_signals.h"
#include "client/kubeconfig.h"
#include "client/rest_client.h"
#include "cmd/commands.h"
#include "hollow/hollow_nodes.h"

namespace kubepp::cmd {
namespace {

// "k=v,k2=v2" as kubelet's --node-labels.
Status ParseLabels(const std::string& text, std::map<std::string, std::string>* out) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string pair = text.substr(start, end - start);
    size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) return Status::Invalid("--node-labels: \"" + pair + "\" is not key=value");
    (*out)[pair.substr(0, eq)] = pair.substr(eq + 1);
    start = end + 1;
  }
  return Status::Ok();
}

}  // namespace

int RunHollowNodes(const std::vector<std::string>& args) {
  hollow::HollowNodesOptions options;
  std::string kubeconfig, labels;
  int64_t count = 1, lease_duration = options.lease_duration.count(), renew_seconds = 10,
          report_seconds = 300, workers = options.workers, zones = 0, connections = 16, verbosity = 0;
  FlagSet flags("hollow-nodes");
  flags.String("kubeconfig", &kubeconfig, "kubeconfig of the cluster to join");
  flags.Int("count", &count, "how many hollow nodes to run");
  flags.String("name-prefix", &options.name_prefix, "node names are <prefix>0, <prefix>1, ...");
  flags.String("cpu", &options.cpu, "cpu capacity of every node");
  flags.String("memory", &options.memory, "memory capacity of every node");
  flags.String("ephemeral-storage", &options.ephemeral_storage, "ephemeral-storage capacity of every node");
  flags.String("pods", &options.pods, "pod capacity of every node");
  flags.String("node-labels", &labels, "extra labels for every node: k=v,k2=v2");
  flags.Int("zones", &zones, "spread nodes over this many topology.kubernetes.io/zone values (0: no zone label)");
  flags.Int("lease-duration", &lease_duration, "leaseDurationSeconds of the node leases");
  flags.Int("lease-renew-interval", &renew_seconds, "seconds between lease renewals of one node");
  flags.Int("node-status-report-frequency", &report_seconds, "seconds between node status heartbeats");
  flags.Int("workers", &workers, "threads writing node, lease and pod status");
  flags.Int("connections", &connections, "concurrent API requests");
  flags.Bool("run-pods", &options.run_pods,
             "report the pods bound to the nodes Running, as kubelets would (false: nodes only, as "
             "upstream's scheduler_perf)");
  flags.Int("v", &verbosity, "log verbosity");
  bool help = false;
  flags.Bool("help", &help, "print this help");
  Status st = flags.Parse(args);
  if (st.ok()) st = ParseLabels(labels, &options.node_labels);
  if (st.ok() && (count < 0 || lease_duration <= 0 || renew_seconds <= 0 || report_seconds <= 0 || workers <= 0 ||
                  connections <= 0 || zones < 0)) {
    st = Status::Invalid("--count and --zones must be >= 0, the periods, --workers and --connections > 0");
  }
  if (!st.ok() || help) {
    if (!st.ok()) std::fprintf(stderr, "Error: %s\n", st.message().c_str());
    std::fputs(flags.Usage().c_str(), stderr);
    return st.ok() ? 0 : 2;
  }
  log::SetVerbosity(static_cast<int>(verbosity));
  options.count = static_cast<int>(count);
  options.zones = static_cast<int>(zones);
  options.lease_duration = std::chrono::seconds(lease_duration);
  options.lease_renew_interval = std::chrono::seconds(renew_seconds);
  options.status_report_frequency = std::chrono::seconds(report_seconds);
  options.workers = static_cast<int>(workers);

  // Before any thread starts, so only stop_signals.Wait() sees them.
  StopSignals stop_signals;

  auto config = client::LoadKubeconfig(kubeconfig);
  if (!config.ok()) {
    KLOG(ERROR) << "hollow-nodes: " << config.status().ToString();
    return 1;
  }
  client::RestClientOptions rest;
  rest.connections = static_cast<int>(connections);
  rest.user_agent = "kubepp-hollow-nodes";
  auto api = client::NewRestClient(*config, rest);
  if (!api.ok()) {
    KLOG(ERROR) << "hollow-nodes: " << api.status().ToString();
    return 1;
  }
  hollow::HollowNodes nodes(**api, options);
  if (Status started = nodes.Start(); !started.ok()) {
    KLOG(ERROR) << "hollow-nodes: " << started.ToString();
    return 1;
  }
  // Wait for a stop signal, logging once every node is registered.
  int sig = 0;
  bool announced = false;
  while (true) {
    sig = stop_signals.WaitFor(std::chrono::seconds(1));
    if (sig > 0) break;
    if (!announced && nodes.Registered() >= options.count) {
      KLOG(INFO) << options.count << " hollow nodes registered";
      announced = true;
    }
  }
  KLOG(INFO) << "received signal " << sig << ", stopping hollow nodes (their Nodes stay)";
  nodes.Stop();
  return 0;
}

}  // namespace kubepp::cmd
