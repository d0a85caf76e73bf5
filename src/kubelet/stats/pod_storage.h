// A pod's use of the node's filesystem, as upstream sums it:
//
//   logs               the files directly in a log directory (a container's
//                      <log root>/<ns>_<name>_<uid>/<container>/, or the
//                      pod's own), on the node filesystem
//   ephemeral-storage  every container's writable layer and logs, the
//                      ephemeral volumes, the pod's own log files and its
//                      etc-hosts file (calcEphemeralStorage)
//
// Capacity, availability and inode totals are those of the node filesystem
// (the kubelet's root directory).
//
// Thread safety: pure functions (the first reads the filesystem).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kubelet/stats/fs_usage.h"
#include "kubelet/stats/summary.h"

namespace kubepp::kubelet::stats {

// The node filesystem's figures as FsStats at `time`, without usage.
FsStats NodeFsTemplate(const FsCapacity& nodefs, Time time);

// Usage of the regular files directly in `dir` (not in its subdirectories);
// nullopt when `dir` cannot be read.
std::optional<FsStats> FilesInDirStats(const std::string& dir, const FsCapacity& nodefs, Time time);
// Usage of one file; nullopt when it does not exist.
std::optional<FsStats> FileStats(const std::string& path, const FsCapacity& nodefs, Time time);

FsStats EphemeralStorage(const std::vector<ContainerStats>& containers,
                         const std::vector<VolumeStats>& ephemeral_volumes,
                         const FsCapacity& nodefs, Time time,
                         const std::optional<FsStats>& pod_logs,
                         const std::optional<FsStats>& etc_hosts);

}  // namespace kubepp::kubelet::stats
