#include "kubelet/logs/log_paths.h"

namespace kubepp::kubelet::logs {

std::string PodLogsRoot(std::string_view root_dir) { return std::string(root_dir) + "/logs/pods"; }

std::string PodLogsDirectoryIn(std::string_view logs_root, std::string_view pod_namespace, std::string_view pod_name,
                               std::string_view pod_uid) {
  return std::string(logs_root) + "/" + std::string(pod_namespace) + "_" + std::string(pod_name) + "_" +
         std::string(pod_uid);
}

std::string PodLogsDirectory(std::string_view root_dir, std::string_view pod_namespace, std::string_view pod_name,
                             std::string_view pod_uid) {
  return PodLogsDirectoryIn(PodLogsRoot(root_dir), pod_namespace, pod_name, pod_uid);
}

std::string ContainerLogsDirectory(std::string_view pod_logs_directory, std::string_view container) {
  return std::string(pod_logs_directory) + "/" + std::string(container);
}

std::string ContainerLogRelativePath(std::string_view container, int64_t restart_count) {
  return std::string(container) + "/" + std::to_string(restart_count) + ".log";
}

std::string ContainerLogPath(std::string_view pod_logs_directory, std::string_view container,
                             int64_t restart_count) {
  return std::string(pod_logs_directory) + "/" + ContainerLogRelativePath(container, restart_count);
}

}  // namespace kubepp::kubelet::logs
