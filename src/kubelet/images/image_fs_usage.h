// How full the image filesystem is — the filesystem the container runtime
// keeps its images on — for image garbage collection. As upstream's CRI stats
// provider: the runtime names the filesystem (CRI ImageFsInfo: the mountpoint
// of its snapshotter, e.g. <containerd root>/io.containerd.snapshotter.v1.overlayfs)
// and the node measures it (statvfs: capacity, and what is available to
// unprivileged writers, so reserved blocks count as used).
//
// Thread safety: implementations may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"

namespace kubepp::kubelet {

namespace cri {
class ImageService;
}

struct FsUsage {
  std::string mountpoint;
  uint64_t capacity_bytes = 0;
  uint64_t available_bytes = 0;
};

class ImageFsUsageSource {
 public:
  virtual ~ImageFsUsageSource() = default;
  virtual StatusOr<FsUsage> Usage() = 0;
};

// The usage of the filesystem holding `path` (statvfs).
StatusOr<FsUsage> StatFilesystem(const std::string& path);

// The runtime's image filesystem, asked of `images` (which must outlive it) at every call.
std::unique_ptr<ImageFsUsageSource> NewCriImageFsUsage(cri::ImageService& images);

}  // namespace kubepp::kubelet
