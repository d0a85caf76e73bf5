// Agent: the node half of kubepp — a kubelet and, unless a CRI endpoint is
// given, the containerd it supervises (config under the data dir, kubepp's
// images imported at start). `kubepp server` runs one next to its control
// plane unless --disable-agent; `kubepp kubelet` runs one alone.
//
// Lifecycle: Start once the apiserver serves; Stop before it stops.
// Thread safety: Start/Stop from one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "kubelet/kubelet.h"

namespace kubepp::cmd {

struct AgentOptions {
  std::string kubeconfig;
  std::string data_dir;                    // containerd and the kubelet's root dir live here
  std::string container_runtime_endpoint;  // "" = start containerd under data_dir
  std::string image_dir;                   // "" = kubepp's own images next to the binary
  // Registries ("host:port") kubepp's containerd reaches over plain HTTP, besides
  // loopback ones (127.0.0.0/8, localhost, ::1), which containerd itself never
  // reaches over TLS.
  std::vector<std::string> insecure_registries;
  kubelet::KubeletOptions kubelet;         // root_dir and cni_conf_dir are filled in when empty
};

class Agent {
 public:
  static StatusOr<std::unique_ptr<Agent>> Start(AgentOptions options);
  virtual ~Agent() = default;
  virtual void Stop() = 0;
};

}  // namespace kubepp::cmd
