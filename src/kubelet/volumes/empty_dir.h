// emptyDir volumes, and the directories that configMap, secret, downwardAPI
// and projected volumes are written into (upstream wraps those in an
// emptyDir too), as upstream's pkg/volume/emptydir (v1.32):
//
//   medium ""       a directory with mode 0777 on the kubelet's disk
//   medium Memory   the same directory with a tmpfs mounted on it, sized
//                   by EmptyDirMemorySize
//
// SetUp is idempotent: an existing tmpfs is left as it is, so re-running
// it on a running pod never hides what containers wrote.
// Thread safety: pure functions over the file system and the Mounter.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "kubelet/volumes/mounter.h"

namespace kubepp::kubelet::volumes {

enum class StorageMedium { kDefault, kMemory };

// "" -> kDefault, "Memory" -> kMemory; error `unknown storage medium "X"`
// otherwise (HugePages media are not supported by this kubelet).
StatusOr<StorageMedium> ParseStorageMedium(std::string_view medium);

Status SetUpEmptyDir(const std::string& dir, StorageMedium medium,
                     std::optional<int64_t> tmpfs_size, Mounter& mounter);

// The size of a memory-backed emptyDir: the node's allocatable memory, or
// the pod's memory limit when smaller, or the volume's sizeLimit when
// smaller still (upstream's calculateEmptyDirMemorySize). nullopt when
// nothing bounds it (the kernel then allows half of RAM).
std::optional<int64_t> EmptyDirMemorySize(std::optional<int64_t> node_allocatable_memory,
                                          const boost::json::object& pod,
                                          std::optional<int64_t> size_limit);

}  // namespace kubepp::kubelet::volumes
