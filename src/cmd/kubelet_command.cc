// `kubepp kubelet`: the node agent alone — a kubelet (and, without
// --container-runtime-endpoint, its own containerd) joining the cluster of
// --kubeconfig. Runs until SIGINT or SIGTERM.

#include <cstdio>

#include "base/flags.h"
#include "base/log.h"
#include "base/stop_signals.h"
#include "cmd/agent.h"
#include "cmd/agent_flags.h"
#include "cmd/commands.h"

namespace kubepp::cmd {

int RunKubelet(const std::vector<std::string>& args) {
  std::string kubeconfig, data_dir = "/var/lib/kubepp";
  int64_t verbosity = 0;
  bool help = false;
  FlagSet flags("kubelet");
  flags.String("kubeconfig", &kubeconfig, "kubeconfig of the cluster to join");
  flags.String("data-dir", &data_dir, "where containerd and the kubelet keep their state");
  AgentFlags agent_flags(flags);
  flags.Int("v", &verbosity, "log verbosity");
  flags.Bool("help", &help, "print this help");
  Status st = flags.Parse(args);
  if (st.ok() && kubeconfig.empty() && !help) st = Status::Invalid("--kubeconfig is required");
  StatusOr<AgentOptions> options = st.ok() ? agent_flags.Options() : StatusOr<AgentOptions>(st);
  if (!options.ok() || help) {
    if (!options.ok()) std::fprintf(stderr, "Error: %s\n", options.status().message().c_str());
    std::fputs(flags.Usage().c_str(), stderr);
    return options.ok() ? 0 : 2;
  }
  log::SetVerbosity(static_cast<int>(verbosity));
  options->kubeconfig = kubeconfig;
  options->data_dir = data_dir;

  StopSignals stop_signals;
  auto agent = Agent::Start(std::move(*options));
  if (!agent.ok()) {
    KLOG(ERROR) << "kubepp kubelet failed to start: " << agent.status().ToString();
    return 1;
  }
  int sig = stop_signals.Wait();
  KLOG(INFO) << "received signal " << sig << ", shutting down";
  (*agent)->Stop();
  KLOG(INFO) << "stopped";
  return 0;
}

}  // namespace kubepp::cmd
