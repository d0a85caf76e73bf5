// Filesystem figures for the Summary API: the capacity of the filesystem a
// path lives on (statvfs, as cadvisor's GetDirFsInfo), and what a directory
// tree uses on it (bytes and inodes, as upstream's MetricsDu walks it).
//
// Thread safety: pure functions (they read the filesystem).
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace kubepp::kubelet::stats {

struct FsCapacity {
  uint64_t capacity_bytes = 0;   // f_blocks * f_frsize
  uint64_t available_bytes = 0;  // f_bavail * f_frsize (what unprivileged writers may use)
  uint64_t used_bytes = 0;       // (f_blocks - f_bfree) * f_frsize
  uint64_t inodes = 0;
  uint64_t inodes_free = 0;
  bool tmpfs = false;  // the path is on a memory-backed filesystem
};

// NotFound when the path does not exist.
StatusOr<FsCapacity> StatFs(const std::string& path);

struct DiskUsage {
  uint64_t bytes = 0;   // allocated blocks, like `du`
  uint64_t inodes = 0;  // every file and directory, the root included
};

// Walks the tree under `path` without following symbolic links or crossing
// into other filesystems; hard links count once. NotFound when `path` is missing.
StatusOr<DiskUsage> MeasureDiskUsage(const std::string& path);

}  // namespace kubepp::kubelet::stats
