// The file behind a container's terminationMessagePath (default
// /dev/termination-log): the container writes why it ended there and the
// kubelet reads it back into the container status. As upstream's kuberuntime
// does, each container start gets a fresh empty file
// <pod>/containers/<container>/<8 hex digits> with mode 0666, mounted
// read-write at the message path. Upstream treats a failure here as
// non-fatal (the container runs without the file); callers may do the same.
// Thread safety: pure functions over the file system.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "base/status.h"
#include "kubelet/volumes/container_mount.h"

namespace kubepp::kubelet::volumes {

// nullopt when the container has no terminationMessagePath.
// `pod_container_dir` is KubeletDirs::PodContainerDir(uid, name); it is
// created (0750) when missing.
StatusOr<std::optional<Mount>> MakeTerminationLogMount(const std::string& pod_container_dir,
                                                       const boost::json::object& container);

}  // namespace kubepp::kubelet::volumes
