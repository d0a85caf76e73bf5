// Where the kubelet keeps a pod's files under its root directory
// (--root-dir, /var/lib/kubelet), laid out as upstream's kubelet does so
// that tools and people find them in the usual places:
//
//   <root>/pods/<uid>/volumes/kubernetes.io~configmap/<volume>/   a volume
//   <root>/pods/<uid>/plugins/                                    plugin state
//   <root>/pods/<uid>/containers/<container>/<id>                 termination logs
//   <root>/pods/<uid>/etc-hosts                                   the pod's /etc/hosts
//
// A plugin name's '/' becomes '~' ("kubernetes.io/empty-dir" ->
// "kubernetes.io~empty-dir"). Thread safety: an immutable value.
#pragma once

#include <string>
#include <string_view>

namespace kubepp::kubelet::volumes {

inline constexpr std::string_view kEmptyDirPlugin = "kubernetes.io/empty-dir";
inline constexpr std::string_view kHostPathPlugin = "kubernetes.io/host-path";
inline constexpr std::string_view kConfigMapPlugin = "kubernetes.io/configmap";
inline constexpr std::string_view kSecretPlugin = "kubernetes.io/secret";
inline constexpr std::string_view kDownwardApiPlugin = "kubernetes.io/downward-api";
inline constexpr std::string_view kProjectedPlugin = "kubernetes.io/projected";
inline constexpr std::string_view kLocalVolumePlugin = "kubernetes.io/local-volume";

// "kubernetes.io/empty-dir" -> "kubernetes.io~empty-dir".
std::string EscapePluginName(std::string_view plugin);

class KubeletDirs {
 public:
  explicit KubeletDirs(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string PodsDir() const { return root_ + "/pods"; }
  std::string PodDir(std::string_view uid) const { return PodsDir() + "/" + std::string(uid); }
  std::string PodVolumesDir(std::string_view uid) const { return PodDir(uid) + "/volumes"; }
  std::string PodPluginsDir(std::string_view uid) const { return PodDir(uid) + "/plugins"; }
  std::string PodVolumeDir(std::string_view uid, std::string_view plugin,
                           std::string_view volume) const {
    return PodVolumesDir(uid) + "/" + EscapePluginName(plugin) + "/" + std::string(volume);
  }
  std::string PodContainerDir(std::string_view uid, std::string_view container) const {
    return PodDir(uid) + "/containers/" + std::string(container);
  }
  std::string EtcHostsPath(std::string_view uid) const { return PodDir(uid) + "/etc-hosts"; }

 private:
  std::string root_;
};

}  // namespace kubepp::kubelet::volumes
