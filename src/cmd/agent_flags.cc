#include "cmd/agent_flags.h"

#include <algorithm>
#include <limits>
#include <sstream>

#include "cmd/duration_flag.h"
#include "kubelet/containerd/containerd_config.h"

namespace kubepp::cmd {
namespace {

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

AgentFlags::AgentFlags(FlagSet& flags)
    : pod_infra_container_image_(kubelet::containerd::kSandboxImage),
      minimum_image_ttl_(FormatDurationFlag(std::chrono::minutes(2))),
      image_gc_period_(FormatDurationFlag(std::chrono::minutes(5))),
      volume_stats_agg_period_(FormatDurationFlag(std::chrono::minutes(1))),
      eviction_(flags) {
  flags.String("container-runtime-endpoint", &runtime_endpoint_,
               "CRI endpoint of the container runtime (unix:///path); empty: kubepp starts its own containerd");
  flags.String("cni-conf-dir", &cni_conf_dir_,
               "where the kubelet writes the pod network's CNI config: the runtime's CNI conf_dir "
               "(default with --container-runtime-endpoint: /etc/cni/net.d; else kubepp's containerd's)");
  flags.String("image-dir", &image_dir_, "docker-archive images imported into kubepp's containerd at start");
  flags.String("root-dir", &root_dir_, "the kubelet's directory (pods' volumes, logs); default <data-dir>/kubelet");
  flags.String("hostname-override", &hostname_override_, "the node's name instead of the hostname");
  flags.String("node-ip", &node_ip_, "the node's InternalIP; empty: the address of the default route's interface");
  flags.String("pod-cidr", &pod_cidr_, "pods' address range when the Node has no spec.podCIDR");
  flags.String("cluster-dns", &cluster_dns_, "nameserver IPs for pods with dnsPolicy ClusterFirst, comma-separated");
  flags.String("cluster-domain", &cluster_domain_, "the cluster's DNS domain");
  flags.String("resolv-conf", &resolv_conf_, "the node's resolv.conf, for dnsPolicy Default");
  flags.String("pod-manifest-path", &pod_manifest_path_, "directory of static pod manifests");
  flags.String("node-labels", &node_labels_, "labels the node registers with: k=v,k2=v2");
  flags.String("register-with-taints", &taints_, "taints the node registers with: k=v:NoSchedule,...");
  flags.Int("max-pods", &max_pods_, "pods this node takes");
  flags.Int("kubelet-port", &port_, "the kubelet's HTTPS port");
  flags.String("insecure-registries", &insecure_registries_,
               "registries kubepp's containerd pulls from over plain HTTP: host:port,host2:port (loopback "
               "registries always are)");
  flags.String("pod-infra-container-image", &pod_infra_container_image_,
               "the sandbox (pause) image of kubepp's containerd; never removed by image garbage collection");
  flags.Int("image-gc-high-threshold", &image_gc_high_,
            "percent of the image filesystem in use that starts image garbage collection (100 disables it)");
  flags.Int("image-gc-low-threshold", &image_gc_low_, "percent of the image filesystem image garbage collection frees down to");
  flags.String("minimum-image-ttl-duration", &minimum_image_ttl_,
               "minimum age of an unused image before garbage collection may remove it (e.g. 2m)");
  flags.String("image-gc-period", &image_gc_period_,
               "how often image garbage collection runs (kubepp's own; upstream is fixed at 5m)");
  flags.String("volume-stats-agg-period", &volume_stats_agg_period_,
               "how often the kubelet measures the disk use of each pod's volumes (walking them as du "
               "does); 0 disables it");
  flags.Bool("remove-pods-on-exit", &remove_pods_on_exit_,
             "on exit, stop and remove every pod's containers (default: leave them running, as a kubelet does)");
}

StatusOr<AgentOptions> AgentFlags::Options() const {
  if (port_ < 0 || port_ > 65535) return Status::Invalid("--kubelet-port must be between 0 and 65535");
  if (max_pods_ <= 0) return Status::Invalid("--max-pods must be positive");
  auto min_age = ParseDurationFlag("minimum-image-ttl-duration", minimum_image_ttl_);
  if (!min_age.ok()) return min_age.status();
  auto gc_period = ParseDurationFlag("image-gc-period", image_gc_period_);
  if (!gc_period.ok()) return gc_period.status();
  if (gc_period->count() == 0) return Status::Invalid("--image-gc-period must be positive");
  auto volume_stats_period = ParseDurationFlag("volume-stats-agg-period", volume_stats_agg_period_);
  if (!volume_stats_period.ok()) return volume_stats_period.status();
  AgentOptions options;
  options.container_runtime_endpoint = runtime_endpoint_;
  options.image_dir = image_dir_;
  options.insecure_registries = SplitCommas(insecure_registries_);
  kubelet::KubeletOptions& k = options.kubelet;
  auto percent = [](int64_t v) {
    return static_cast<int>(std::clamp<int64_t>(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
  };
  k.image_gc.high_threshold_percent = percent(image_gc_high_);
  k.image_gc.low_threshold_percent = percent(image_gc_low_);
  k.image_gc.min_age = *min_age;
  if (Status valid = kubelet::ValidateImageGcPolicy(k.image_gc); !valid.ok()) return valid;
  k.image_gc_period = *gc_period;
  k.volume_stats_agg_period = *volume_stats_period;
  k.pod_infra_container_image = pod_infra_container_image_;
  k.root_dir = root_dir_;
  k.cni_conf_dir = cni_conf_dir_;
  k.node_name = hostname_override_;
  k.node_ip = node_ip_;
  k.pod_cidr = pod_cidr_;
  k.cluster_dns = SplitCommas(cluster_dns_);
  k.cluster_domain = cluster_domain_;
  k.resolv_conf = resolv_conf_;
  k.pod_manifest_path = pod_manifest_path_;
  k.max_pods = static_cast<int>(max_pods_);
  k.port = static_cast<uint16_t>(port_);
  if (!node_labels_.empty()) k.node_labels = {node_labels_};
  if (!taints_.empty()) k.register_with_taints = {taints_};
  k.remove_pods_on_exit = remove_pods_on_exit_;
  if (Status st = eviction_.Apply(k); !st.ok()) return st;
  return options;
}

}  // namespace kubepp::cmd
