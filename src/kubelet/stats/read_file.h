// Reading the small kernel files stats come from (/proc, /sys/fs/cgroup).
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

namespace kubepp::kubelet::stats {

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> ReadSmallFile(const std::string& path);

}  // namespace kubepp::kubelet::stats
