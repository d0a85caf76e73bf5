// Eviction signals: what the kubelet measures to decide that its node runs
// short of a resource (upstream's pkg/kubelet/eviction/api). Every signal is
// an amount still available; a threshold is met when the amount falls below
// it. Each signal names the resource the kubelet reclaims when it is met and
// the Node condition it reports:
//
//   memory.available, allocatableMemory.available   memory             MemoryPressure
//   nodefs.available, imagefs.available,
//   containerfs.available                           ephemeral-storage  DiskPressure
//   nodefs.inodesFree, imagefs.inodesFree,
//   containerfs.inodesFree                          inodes             DiskPressure
//   pid.available                                   pids               PIDPressure
//
// Thread safety: constants and pure functions.
#pragma once

#include <string_view>

namespace kubepp::kubelet::eviction {

inline constexpr std::string_view kSignalMemoryAvailable = "memory.available";
inline constexpr std::string_view kSignalAllocatableMemoryAvailable = "allocatableMemory.available";
inline constexpr std::string_view kSignalNodeFsAvailable = "nodefs.available";
inline constexpr std::string_view kSignalNodeFsInodesFree = "nodefs.inodesFree";
inline constexpr std::string_view kSignalImageFsAvailable = "imagefs.available";
inline constexpr std::string_view kSignalImageFsInodesFree = "imagefs.inodesFree";
inline constexpr std::string_view kSignalContainerFsAvailable = "containerfs.available";
inline constexpr std::string_view kSignalContainerFsInodesFree = "containerfs.inodesFree";
inline constexpr std::string_view kSignalPidAvailable = "pid.available";

// The resources a signal reclaims. inodes and pids are the eviction
// manager's own names (no Node reports them).
inline constexpr std::string_view kResourceMemory = "memory";
inline constexpr std::string_view kResourceEphemeralStorage = "ephemeral-storage";
inline constexpr std::string_view kResourceInodes = "inodes";
inline constexpr std::string_view kResourcePids = "pids";

inline constexpr std::string_view kMemoryPressure = "MemoryPressure";
inline constexpr std::string_view kDiskPressure = "DiskPressure";
inline constexpr std::string_view kPidPressure = "PIDPressure";

// The resource a signal reclaims; "" for an unknown signal.
std::string_view SignalResource(std::string_view signal);
// The Node condition a met threshold of `signal` sets; "" for an unknown signal.
std::string_view SignalNodeCondition(std::string_view signal);
// Memory signals: ranked first among met thresholds.
bool IsMemorySignal(std::string_view signal);

}  // namespace kubepp::kubelet::eviction
