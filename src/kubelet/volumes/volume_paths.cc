#include "kubelet/volumes/volume_paths.h"

#include <algorithm>

namespace kubepp::kubelet::volumes {

std::string EscapePluginName(std::string_view plugin) {
  std::string out(plugin);
  std::replace(out.begin(), out.end(), '/', '~');
  return out;
}

}  // namespace kubepp::kubelet::volumes
