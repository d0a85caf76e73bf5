// `kubepp server` and `kubepp apiserver`: run the control plane in the
// foreground until SIGINT or SIGTERM, then shut down cleanly.

#include <atomic>
#include <cstdio>
#include <sstream>

#include "apiserver/apiserver.h"
#include "base/flags.h"
#include "base/log.h"
#include "base/stop_signals.h"
#include "cmd/agent.h"
#include "cmd/agent_flags.h"
#include "cmd/commands.h"
#include "cmd/control_plane.h"
#include "cmd/duration_flag.h"
#include "scheduler/scheduler.h"
#include "serviceaccount/keys.h"

namespace kubepp::cmd {

int RunServer(const std::string& command, const std::vector<std::string>& args) {
  apiserver::ApiServerOptions options;
  int64_t port = options.secure_port;
  int64_t verbosity = 0;
  int64_t threads = options.threads;
  FlagSet flags(command);
  flags.String("data-dir", &options.data_dir, "where the store, certificates and kubeconfig live");
  flags.String("bind-address", &options.bind_address, "address to serve HTTPS on");
  flags.Int("secure-port", &port, "port to serve HTTPS on (0 picks a free one)");
  flags.Int("v", &verbosity, "log verbosity");
  flags.Int("threads", &threads, "I/O threads of the HTTPS server");
  flags.Int("store-commit-linger-us", &options.store_commit_linger_us,
            "under write load, how long (microseconds) the store waits for more writes to share a "
            "group's fsync (0 = never waits)");
  flags.Bool(
      "store-compress-values", &options.compress_store_values,
      "keep each object's newest value compressed with a zstd dictionary trained on its resource "
      "(pods: a twentieth of the memory; LISTs decompress each item where they render it)");
  flags.StringList("service-account-issuer", &options.service_account_issuers,
                   "identifier of the service account token issuer (repeatable; the first signs tokens; default "
                   "https://kubernetes.default.svc.cluster.local)");
  flags.StringList("api-audiences", &options.api_audiences,
                   "audiences a token must name to be accepted by the API (default: the issuers)");
  flags.String("service-account-signing-key-file", &options.service_account_signing_key_file,
               "PEM private key (ECDSA P-256 or RSA) that signs service account tokens (default "
               "<data-dir>/pki/sa.key, created on first start)");
  flags.StringList("service-account-key-file", &options.service_account_key_files,
                   "PEM files with more public keys that verify service account tokens (repeatable)");
  std::string max_token_expiration = "0s";
  flags.String("service-account-max-token-expiration", &max_token_expiration,
               "longest lifetime a TokenRequest may ask for (0 = no limit)");
  flags.Bool("service-account-extend-token-expiration", &options.service_account_extend_token_expiration,
             "issue the kubelet's projected tokens for a year, warning after their requested lifetime");
  // The rest of the control plane (`server` only).
  ControlPlaneOptions plane;
  bool disable_controller_manager = false, disable_scheduler = false;
  std::string controllers = "*";
  int64_t node_cidr_mask = plane.controller_options.node_cidr_mask_size;
  std::string grace_period = FormatDurationFlag(plane.controller_options.node_monitor_grace_period);
  bool disable_agent = false;
  std::string scheduler_config;
  std::unique_ptr<AgentFlags> agent_flags;
  if (command == "server") {
    flags.Bool("disable-agent", &disable_agent, "do not run a kubelet (and its containerd) on this machine");
    agent_flags = std::make_unique<AgentFlags>(flags);
    flags.Bool("disable-controller-manager", &disable_controller_manager, "do not run the controllers");
    flags.Bool("disable-scheduler", &disable_scheduler, "do not run the scheduler");
    flags.String("scheduler-config", &scheduler_config,
                 "KubeSchedulerConfiguration file for the scheduler (kubescheduler.config.k8s.io/v1, YAML or JSON): "
                 "profiles, plugins, pluginConfig, percentageOfNodesToScore, back-off, parallelism");
    flags.String("controllers", &controllers,
                 "controllers to run: '*' for the defaults, 'foo' to enable, '-foo' to disable, comma-separated");
    flags.String("cluster-cidr", &plane.controller_options.cluster_cidr, "CIDR range of pods in the cluster");
    flags.Int("node-cidr-mask-size", &node_cidr_mask, "mask size of each node's pod CIDR");
    flags.String("node-monitor-grace-period", &grace_period,
                 "how long a node may go without a heartbeat before it is marked NotReady (e.g. 40s)");
  }
  bool help = false;
  flags.Bool("help", &help, "print this help");
  Status st = flags.Parse(args);
  if (st.ok()) {
    auto max = ParseDurationFlag("service-account-max-token-expiration", max_token_expiration);
    if (max.ok()) options.service_account_max_token_expiration_seconds = max->count();
    st = max.status();
  }
  if (st.ok() && command == "server") {
    auto grace = ParseDurationFlag("node-monitor-grace-period", grace_period);
    if (grace.ok() && grace->count() == 0) grace = Status::Invalid("--node-monitor-grace-period must be positive");
    if (grace.ok()) plane.controller_options.node_monitor_grace_period = *grace;
    st = grace.status();
  }
  StatusOr<AgentOptions> agent_options = AgentOptions{};
  if (st.ok() && agent_flags) {
    agent_options = agent_flags->Options();
    st = agent_options.status();
  }
  if (!st.ok() || help) {
    if (!st.ok()) std::fprintf(stderr, "Error: %s\n", st.message().c_str());
    std::fputs(flags.Usage().c_str(), stderr);
    return st.ok() ? 0 : 2;
  }
  if (port < 0 || port > 65535) {
    std::fprintf(stderr, "Error: --secure-port must be between 0 and 65535\n");
    return 2;
  }
  if (!scheduler_config.empty()) {
    // Checked before anything starts: a bad file is reported and nothing runs.
    StatusOr<scheduler::config::Configuration> cfg = scheduler::config::LoadFile(scheduler_config);
    Status checked = cfg.status();
    if (checked.ok()) {
      scheduler::SchedulerOptions so;
      scheduler::config::ApplyTo(*cfg, &so);
      checked = scheduler::Scheduler::CheckProfiles(so);
    }
    if (!checked.ok()) {
      std::fprintf(stderr, "Error: %s\n", checked.message().c_str());
      return 1;
    }
    plane.scheduler_config = std::move(*cfg);
  }
  log::SetVerbosity(static_cast<int>(verbosity));
  options.secure_port = static_cast<uint16_t>(port);
  options.threads = static_cast<int>(threads);

  // Before any thread starts, so only stop_signals.Wait() sees them.
  StopSignals stop_signals;

  auto server = apiserver::ApiServer::Start(options);
  if (!server.ok()) {
    KLOG(ERROR) << "kubepp " << command << " failed to start: " << server.status().ToString();
    return 1;
  }
  std::unique_ptr<ControlPlane> control_plane;
  auto control_plane_running = std::make_shared<std::atomic<bool>>(true);
  if (command == "server" && !(disable_controller_manager && disable_scheduler)) {
    plane.kubeconfig = (*server)->kubeconfig_path();
    plane.controller_manager = !disable_controller_manager;
    plane.scheduler = !disable_scheduler;
    plane.controllers.clear();
    std::stringstream list(controllers);
    for (std::string item; std::getline(list, item, ',');) {
      if (!item.empty()) plane.controllers.push_back(item);
    }
    plane.controller_options.node_cidr_mask_size = static_cast<int>(node_cidr_mask);
    // The controller-manager signs legacy token Secrets with the apiserver's key.
    std::string key_file = options.service_account_signing_key_file.empty()
                               ? options.data_dir + "/pki/sa.key"
                               : options.service_account_signing_key_file;
    auto key = serviceaccount::ReadKeyFile(key_file);
    if (key.ok()) plane.controller_options.service_account_private_key_pem = std::move(*key);
    auto started = ControlPlane::Start(std::move(plane));
    if (!started.ok()) {
      KLOG(ERROR) << "kubepp server: the control plane failed to start: " << started.status().ToString();
      (*server)->Stop();
      return 1;
    }
    control_plane = std::move(*started);
    // The components in this process answer componentstatuses themselves: they serve no
    // healthz port of their own to probe.
    for (const auto& [name, runs] : {std::pair{"controller-manager", !disable_controller_manager},
                                     std::pair{"scheduler", !disable_scheduler}}) {
      if (!runs) continue;
      (*server)->SetComponentHealth(name, [running = control_plane_running] {
        if (running->load())
          return apiserver::ComponentHealth{apiserver::ComponentHealth::Result::kSuccess, "ok", ""};
        return apiserver::ComponentHealth{apiserver::ComponentHealth::Result::kFailure, "",
                                          "stopped"};
      });
    }
  }
  std::unique_ptr<Agent> agent;
  if (command == "server" && !disable_agent) {
    agent_options->kubeconfig = (*server)->kubeconfig_path();
    agent_options->data_dir = options.data_dir;
    auto started = Agent::Start(std::move(*agent_options));
    if (!started.ok()) {
      KLOG(ERROR) << "kubepp server: the agent failed to start: " << started.status().ToString();
      if (control_plane) control_plane->Stop();
      (*server)->Stop();
      return 1;
    }
    agent = std::move(*started);
  }
  int sig = stop_signals.Wait();
  KLOG(INFO) << "received signal " << sig << ", shutting down";
  if (agent) agent->Stop();
  control_plane_running->store(false);
  if (control_plane) control_plane->Stop();
  (*server)->Stop();
  KLOG(INFO) << "stopped";
  return 0;
}

}  // namespace kubepp::cmd
