// `kubepp scheduler`: kube-scheduler against a cluster's kubeconfig, in the
// foreground until SIGINT or SIGTERM. With --leader-elect only the holder of
// the kube-system/kube-scheduler Lease schedules. --config reads a
// KubeSchedulerConfiguration (profiles, plugin args, back-off, parallelism,
// leader election, clientConnection.kubeconfig); an invalid one is reported
// and the command exits 1 before connecting anywhere. As upstream, leader
// election flags given on the command line override the file's.
#include <unistd.h>

#include <cstdio>
#include <random>

#include "base/flags.h"
#include "base/log.h"
#include "base/stop_signals.h"
#include "base/version.h"
#include "client/event_recorders.h"
#include "client/informer.h"
#include "client/kubeconfig.h"
#include "client/leader_election.h"
#include "client/rest_client.h"
#include "cmd/commands.h"
#include "scheduler/config/configuration.h"
#include "scheduler/log_event_recorder.h"
#include "scheduler/plugins/registry.h"
#include "scheduler/scheduler.h"

namespace kubepp::cmd {

int RunScheduler(const std::vector<std::string>& args) {
  std::string kubeconfig, config_file;
  bool leader_elect = false, no_events = false;
  int64_t verbosity = 0, connections = 16, bind_threads = 16, percentage = 0;
  FlagSet flags("scheduler");
  flags.String("kubeconfig", &kubeconfig, "kubeconfig of the cluster to schedule for");
  flags.String("config", &config_file,
               "KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1, YAML or JSON): profiles, plugins, "
               "pluginConfig, percentageOfNodesToScore, back-off, parallelism, leaderElection");
  flags.Bool("leader-elect", &leader_elect, "schedule only while holding the kube-system/kube-scheduler Lease");
  flags.Int("percentage-of-nodes-to-score", &percentage,
            "share of nodes to find feasible before scoring (0: upstream's adaptive default)");
  flags.Int("bind-threads", &bind_threads, "binds in flight at once");
  flags.Int("connections", &connections, "concurrent API requests");
  flags.Bool("no-events", &no_events, "log Events instead of writing them (benchmarks)");
  flags.Int("v", &verbosity, "log verbosity (10: every node's filter verdict and scores)");
  bool help = false;
  flags.Bool("help", &help, "print this help");
  Status st = flags.Parse(args);
  if (st.ok() && (percentage < 0 || percentage > 100 || bind_threads <= 0 || connections <= 0)) {
    st = Status::Invalid("--percentage-of-nodes-to-score must be 0..100, --bind-threads and --connections > 0");
  }
  if (st.ok() && !config_file.empty() && flags.Changed("percentage-of-nodes-to-score")) {
    st = Status::Invalid("--percentage-of-nodes-to-score cannot be used with --config: set percentageOfNodesToScore "
                         "in the file");
  }
  if (!st.ok() || help) {
    if (!st.ok()) std::fprintf(stderr, "Error: %s\n", st.message().c_str());
    std::fputs(flags.Usage().c_str(), stderr);
    return st.ok() ? 0 : 2;
  }
  log::SetVerbosity(static_cast<int>(verbosity));

  scheduler::SchedulerOptions options;
  options.bind_threads = static_cast<int>(bind_threads);
  client::LeaderElectionConfig le;
  le.lease_name = "kube-scheduler";
  if (config_file.empty()) {
    options.profiles.push_back(scheduler::plugins::DefaultProfile());
    options.profiles.back().percentage_of_nodes_to_score = static_cast<int>(percentage);
  } else {
    StatusOr<scheduler::config::Configuration> cfg = scheduler::config::LoadFile(config_file);
    if (!cfg.ok()) {
      std::fprintf(stderr, "Error: %s\n", cfg.status().message().c_str());
      return 1;
    }
    scheduler::config::ApplyTo(*cfg, &options);
    if (Status checked = scheduler::Scheduler::CheckProfiles(options); !checked.ok()) {
      std::fprintf(stderr, "Error: %s\n", checked.message().c_str());
      return 1;
    }
    if (!flags.Changed("kubeconfig") && !cfg->client_connection.kubeconfig.empty()) {
      kubeconfig = cfg->client_connection.kubeconfig;
    }
    const scheduler::config::LeaderElection& elect = cfg->leader_election;
    if (!flags.Changed("leader-elect")) leader_elect = elect.leader_elect;
    le.lease_name = elect.resource_name;
    le.lease_namespace = elect.resource_namespace;
    le.lease_duration = elect.lease_duration;
    le.renew_deadline = elect.renew_deadline;
    le.retry_period = elect.retry_period;
  }

  // Before any thread starts, so only stop_signals.Wait() sees them.
  StopSignals stop_signals;

  auto config = client::LoadKubeconfig(kubeconfig);
  if (!config.ok()) {
    KLOG(ERROR) << "scheduler: " << config.status().ToString();
    return 1;
  }
  client::RestClientOptions rest;
  rest.connections = static_cast<int>(connections);
  rest.user_agent = version::ComponentUserAgent("kube-scheduler");
  auto api = client::NewRestClient(*config, rest);
  if (!api.ok()) {
    KLOG(ERROR) << "scheduler: " << api.status().ToString();
    return 1;
  }
  std::unique_ptr<client::EventRecorders> recorders;
  if (no_events) {
    recorders = std::make_unique<client::EventRecorders>(
        [](std::string_view) { return std::make_unique<scheduler::LogEventRecorder>(); });
  } else {
    recorders = std::make_unique<client::EventRecorders>(**api);
  }

  std::unique_ptr<client::InformerFactory> informers = client::InformerFactory::Create(**api);
  auto sched = scheduler::Scheduler::Create(**api, *informers, *recorders, Clock::Real(), options);
  if (!sched.ok()) {
    KLOG(ERROR) << "scheduler: " << sched.status().ToString();
    return 1;
  }
  informers->Start();

  std::unique_ptr<client::LeaderElector> elector;
  if (leader_elect) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    le.identity = std::string(host) + "_" + std::to_string(std::random_device{}());
    scheduler::Scheduler* s = sched->get();
    le.on_started_leading = [s] {
      KLOG(INFO) << "became leader; scheduling";
      s->Start();
    };
    le.on_stopped_leading = [] {
      // As upstream: a scheduler that lost its lease exits rather than risk two leaders.
      KLOG(FATAL) << "leader election lost";
    };
    elector = client::LeaderElector::Create(**api, le);
    elector->Run();
  } else {
    (*sched)->Start();
  }
  KLOG(INFO) << "scheduler running";
  int sig = stop_signals.Wait();
  KLOG(INFO) << "received signal " << sig << ", stopping the scheduler";
  if (elector) elector->Stop();
  (*sched)->Stop();
  recorders->Flush();
  informers->Stop();
  return 0;
}

}  // namespace kubepp::cmd
