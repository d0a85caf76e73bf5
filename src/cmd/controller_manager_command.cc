// `kubepp controller-manager`: the reconcile loops, talking to an apiserver
// through a kubeconfig, in the foreground until SIGINT or SIGTERM (or, with
// leader election, until leadership is lost: exit 1, as upstream, so a
// supervisor restarts a fresh candidate).
#include <signal.h>
#include <unistd.h>

#include <atomic>

#include <cstdio>
#include <sstream>

#include "base/flags.h"
#include "base/log.h"
#include "base/stop_signals.h"
#include "base/version.h"
#include "client/kubeconfig.h"
#include "client/rest_client.h"
#include "cmd/commands.h"
#include "cmd/duration_flag.h"
#include "controllers/manager.h"
#include "serviceaccount/keys.h"

namespace kubepp::cmd {

namespace {

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

int RunControllerManager(const std::vector<std::string>& args) {
  controllers::ControllerManagerConfig config;
  std::string kubeconfig, controllers_flag = "*";
  int64_t verbosity = 0;
  int64_t concurrent = config.options.concurrent_syncs;
  int64_t node_cidr_mask = config.options.node_cidr_mask_size;
  int64_t terminated_gc = config.options.terminated_pod_gc_threshold;
  std::string grace_period = FormatDurationFlag(config.options.node_monitor_grace_period);
  bool help = false;
  FlagSet flags("controller-manager");
  flags.String("kubeconfig", &kubeconfig, "path to a kubeconfig with the apiserver and credentials");
  flags.String("controllers", &controllers_flag,
               "controllers to run: '*' for the defaults, 'foo' to enable, '-foo' to disable, comma-separated");
  flags.Bool("leader-elect", &config.leader_elect,
             "take the lease kube-system/kube-controller-manager before running controllers");
  flags.String("cluster-cidr", &config.options.cluster_cidr, "CIDR range of pods in the cluster");
  flags.Bool("allocate-node-cidrs", &config.options.allocate_node_cidrs, "allocate pod CIDRs to nodes");
  flags.Int("node-cidr-mask-size", &node_cidr_mask, "mask size of each node's pod CIDR");
  flags.String("service-cluster-ip-range", &config.options.service_cluster_ip_range, "CIDR range of Services");
  flags.Int("concurrent-syncs", &concurrent, "workers per controller");
  flags.Int("terminated-pod-gc-threshold", &terminated_gc, "terminated pods kept before the pod GC deletes them");
  flags.String("node-monitor-grace-period", &grace_period,
               "how long a node may go without a heartbeat before it is marked NotReady (e.g. 40s)");
  std::string private_key_file, root_ca_file;
  flags.String("service-account-private-key-file", &private_key_file,
               "PEM private key that signs legacy service account token Secrets");
  flags.String("root-ca-file", &root_ca_file,
               "CA bundle put in token Secrets and kube-root-ca.crt (default: the kubeconfig's CA)");
  flags.Int("v", &verbosity, "log verbosity");
  flags.Bool("help", &help, "print this help");
  Status st = flags.Parse(args);
  if (st.ok()) {
    auto grace = ParseDurationFlag("node-monitor-grace-period", grace_period);
    if (grace.ok() && grace->count() == 0) grace = Status::Invalid("--node-monitor-grace-period must be positive");
    if (grace.ok()) config.options.node_monitor_grace_period = *grace;
    st = grace.status();
  }
  if (!st.ok() || help) {
    if (!st.ok()) std::fprintf(stderr, "Error: %s\n", st.message().c_str());
    std::fputs(flags.Usage().c_str(), stderr);
    return st.ok() ? 0 : 2;
  }
  log::SetVerbosity(static_cast<int>(verbosity));
  config.controllers = SplitList(controllers_flag);
  config.options.concurrent_syncs = static_cast<int>(concurrent);
  config.options.node_cidr_mask_size = static_cast<int>(node_cidr_mask);
  config.options.terminated_pod_gc_threshold = static_cast<int>(terminated_gc);

  for (auto [file, target] : {std::pair{&private_key_file, &config.options.service_account_private_key_pem},
                              std::pair{&root_ca_file, &config.options.root_ca_pem}}) {
    if (file->empty()) continue;
    auto text = serviceaccount::ReadKeyFile(*file);
    if (!text.ok()) {
      std::fprintf(stderr, "Error: %s\n", text.status().message().c_str());
      return 1;
    }
    *target = std::move(*text);
  }
  auto client_config = client::LoadKubeconfig(kubeconfig);
  if (!client_config.ok()) {
    std::fprintf(stderr, "Error: %s\n", client_config.status().message().c_str());
    return 1;
  }
  // kube-root-ca.crt publishes the CA this kubeconfig trusts, as upstream's default.
  if (config.options.root_ca_pem.empty()) config.options.root_ca_pem = client_config->ca_pem;
  client::RestClientOptions rest_options;
  rest_options.user_agent = version::ComponentUserAgent("kube-controller-manager");
  auto client = client::NewRestClient(*client_config, rest_options);
  if (!client.ok()) {
    std::fprintf(stderr, "Error: %s\n", client.status().message().c_str());
    return 1;
  }

  // Before any thread starts, so only stop_signals.Wait() sees them.
  StopSignals stop_signals;

  std::atomic<bool> lost{false};
  // Losing the lease wakes the main thread as a signal would.
  config.on_lost_leadership = [&lost] {
    lost = true;
    kill(getpid(), SIGTERM);
  };
  auto manager = controllers::ControllerManager::Create(**client, std::move(config));
  if (!manager.ok()) {
    std::fprintf(stderr, "Error: %s\n", manager.status().message().c_str());
    return 2;
  }
  std::string names;
  for (const auto& n : (*manager)->EnabledControllers()) names += (names.empty() ? "" : ",") + n;
  KLOG(INFO) << "controller-manager: enabled controllers: " << names;
  st = (*manager)->Start();
  if (!st.ok()) {
    KLOG(ERROR) << "controller-manager failed to start: " << st.ToString();
    return 1;
  }
  int sig = stop_signals.Wait();
  KLOG(INFO) << "received signal " << sig << ", shutting down";
  (*manager)->Stop();
  KLOG(INFO) << "stopped";
  return lost.load() ? 1 : 0;
}

}  // namespace kubepp::cmd
