// Figures read from the machine for the eviction manager, the way upstream's
// kubelet gets them (through cadvisor and its stats providers):
//
//   CgroupWorkingSet   usage minus inactive file pages (memory that cannot
//                      be dropped), from cgroup v1 (<root>/memory/<path>:
//                      memory.usage_in_bytes, memory.stat total_inactive_file)
//                      or v2 (<root>/<path>: memory.current, memory.stat
//                      inactive_file; the v2 root, which has neither, from
//                      /proc/meminfo: MemTotal - MemFree - Inactive(file))
//   CgroupProcessCount pids.current of the pids controller
//   FilesystemStats    statvfs: available = blocks free to unprivileged
//                      users, capacity, used, inodes, free inodes
//   DirectoryUsage     what a directory tree holds on disk (allocated blocks
//                      and inodes, not following links, staying on its
//                      filesystem), as `du` counts it
//   ReadRlimit         max pid = min(kernel.pid_max, kernel.threads-max);
//                      running = the task count of /proc/loadavg
//
// Roots are parameters so tests point them at fixture directories.
// Thread safety: pure (file-reading) functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "kubelet/eviction/summary.h"

namespace kubepp::kubelet::eviction {

// nullopt when the cgroup does not exist (or is unreadable). `path` is
// cgroupfs-style: "/" or "/kubepods/burstable/pod<uid>".
std::optional<uint64_t> CgroupWorkingSet(const std::string& cgroup_root,
                                         const std::string& proc_root, std::string_view path);
std::optional<uint64_t> CgroupProcessCount(const std::string& cgroup_root, std::string_view path);
std::optional<FsStats> FilesystemStats(const std::string& path, Clock::TimePoint now);
// used_bytes and inodes_used only; zeros for a missing directory.
FsStats DirectoryUsage(const std::string& path, Clock::TimePoint now);
std::optional<RlimitStats> ReadRlimit(const std::string& proc_root, Clock::TimePoint now);
// The device of the filesystem holding `path` (nullopt when it cannot be stat'ed).
std::optional<uint64_t> DeviceOf(const std::string& path);

}  // namespace kubepp::kubelet::eviction
