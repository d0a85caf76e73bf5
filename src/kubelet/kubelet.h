// Kubelet: the node agent. It registers its Node and keeps it fresh, runs
// the Pods bound to the node through the container runtime (CRI), reports
// their status, probes their containers, configures the node's pod network
// for the CNI plugins, evicts pods when the node runs short of memory, disk
// or process ids (eviction/eviction_manager.h), and serves logs and streams
// on its HTTPS port.
//
// It talks to the cluster only through the apiserver (client::ApiClient) and
// to containers only through CRI; everything it needs after a restart is in
// the runtime (labels and annotations on sandboxes and containers), so a
// restarted kubelet adopts running pods without restarting them.
//
// Thread safety: Start and Stop from one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "client/api_client.h"
#include "kubelet/images/image_gc_manager.h"
#include "kubelet/eviction/thresholds.h"
#include "kubelet/nodestatus/node_config.h"

namespace kubepp::kubelet {

namespace cri {
class RuntimeService;
class ImageService;
}  // namespace cri
namespace stats {
class StatsProvider;
}  // namespace stats

struct KubeletOptions {
  std::string node_name;               // "" = the hostname
  std::string node_ip;                 // "" = the address of the default route's interface
  std::string root_dir;                // pods' volumes, logs, state
  std::string cni_conf_dir;            // where the CNI conflist goes (the runtime reads it)
  std::string pod_cidr;                // used when the Node has no spec.podCIDR
  std::vector<std::string> cluster_dns;
  std::string cluster_domain = "cluster.local";
  std::string resolv_conf = "/etc/resolv.conf";
  std::string pod_manifest_path;       // static pods
  int max_pods = 110;
  int workers = 16;  // pods synced at once (upstream runs one goroutine per pod)
  std::vector<std::string> node_labels;  // "k=v"
  std::vector<std::string> register_with_taints;  // "k=v:Effect"
  // The kubelet's HTTPS server.
  std::string bind_address = "0.0.0.0";
  uint16_t port = 10250;
  std::string client_ca_file;            // clients (the apiserver) present certificates from this CA
  std::string tls_cert_file, tls_key_file;  // "" = a self-signed certificate under root_dir
  // Image garbage collection (--image-gc-high-threshold, --image-gc-low-threshold,
  // --minimum-image-ttl-duration); a high threshold of 100 turns it off.
  ImageGcPolicy image_gc;
  // How often images are collected: upstream's fixed 5 minutes; tests shorten it.
  Clock::Duration image_gc_period = std::chrono::minutes(5);
  // How often pods' volumes are measured (--volume-stats-agg-period); zero: never.
  Clock::Duration volume_stats_agg_period = std::chrono::minutes(1);
  // The sandbox (pause) image, never collected: containerd 1.6 does not pin it.
  std::string pod_infra_container_image;
  // Other images never collected: kubepp's own preloaded images, which no registry can give
  // back (containerd 1.7 would be told to pin them at import).
  std::vector<std::string> pinned_images;
  // Node allocatable: what is held back for the system and for Kubernetes'
  // daemons (--system-reserved, --kube-reserved).
  ResourceList system_reserved, kube_reserved;
  // Node-pressure eviction (eviction/eviction_manager.h): the thresholds
  // (--eviction-hard, --eviction-soft, ...), how long a pressure condition
  // outlives its last observation, and the cap on soft evictions' grace
  // period (<= 0: the pod's own).
  std::vector<eviction::Threshold> eviction_thresholds = eviction::DefaultThresholds();
  Clock::Duration eviction_pressure_transition_period = std::chrono::minutes(5);
  int64_t eviction_max_pod_grace_period_seconds = 0;
  // On Stop, also stop and remove every pod's containers and sandboxes
  // (tests and `kubepp server --remove-pods-on-exit`).
  bool remove_pods_on_exit = false;
};

class Kubelet {
 public:
  // `client`, `runtime` and `images` must outlive the kubelet.
  static StatusOr<std::unique_ptr<Kubelet>> Start(client::ApiClient& client, cri::RuntimeService& runtime,
                                                  cri::ImageService& images, KubeletOptions options,
                                                  Clock& clock = Clock::Real());
  virtual ~Kubelet() = default;
  virtual void Stop() = 0;
  virtual const std::string& node_name() const = 0;
  // The node's and pods' resource usage, for the server's /stats/summary and
  // /metrics/resource (kubelet/stats/stats_handlers.h). Valid until Stop().
  virtual stats::StatsProvider& stats() = 0;
};

}  // namespace kubepp::kubelet
