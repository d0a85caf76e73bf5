// Finding and removing the mounts containerd leaves under its directories (overlay rootfs of
// containers, sandbox /dev/shm, network namespaces) when a data dir is to be removed.
//
// Thread safety: pure functions over /proc/self/mountinfo and umount2.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace kubepp::kubelet::containerd {

// Mount points at `dir` or below it, deepest first, from mountinfo text (octal escapes such as
// "\040" decoded).
std::vector<std::string> MountPointsUnder(const std::string& mountinfo, const std::string& dir);

// Lazily unmounts (MNT_DETACH) every mount at or below `dir`, deepest first. Returns how many.
StatusOr<int> UnmountUnder(const std::string& dir);

}  // namespace kubepp::kubelet::containerd
