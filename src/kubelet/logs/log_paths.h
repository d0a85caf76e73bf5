// Where container logs live on a node, as upstream's kubelet lays them out
// (/var/log/pods/<namespace>_<pod>_<uid>/<container>/<restartCount>.log),
// kept under the kubelet's root directory here:
//
//   <root-dir>/logs/pods/<namespace>_<pod>_<uid>/<container>/<restartCount>.log
//
// The kubelet gives the pod directory to the runtime as the sandbox's
// log_directory and "<container>/<restartCount>.log" as each container's
// log_path (relative to it); the runtime writes the CRI log format there.
// Log rotation renames a file and the runtime reopens the same path.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kubepp::kubelet::logs {

// <root-dir>/logs/pods
std::string PodLogsRoot(std::string_view root_dir);
// <logs root>/<namespace>_<pod>_<uid>, for a logs root from PodLogsRoot.
std::string PodLogsDirectoryIn(std::string_view logs_root, std::string_view pod_namespace, std::string_view pod_name,
                               std::string_view pod_uid);
// <root-dir>/logs/pods/<namespace>_<pod>_<uid>
std::string PodLogsDirectory(std::string_view root_dir, std::string_view pod_namespace, std::string_view pod_name,
                             std::string_view pod_uid);
// <pod logs directory>/<container>
std::string ContainerLogsDirectory(std::string_view pod_logs_directory, std::string_view container);
// "<container>/<restartCount>.log": the CRI ContainerConfig.log_path.
std::string ContainerLogRelativePath(std::string_view container, int64_t restart_count);
// <pod logs directory>/<container>/<restartCount>.log
std::string ContainerLogPath(std::string_view pod_logs_directory, std::string_view container,
                             int64_t restart_count);

}  // namespace kubepp::kubelet::logs
