#include "kubelet/images/image_fs_usage.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

#include "kubelet/cri/image_service.h"

namespace kubepp::kubelet {

namespace {

class CriImageFsUsage : public ImageFsUsageSource {
 public:
  explicit CriImageFsUsage(cri::ImageService& images) : images_(images) {}

  StatusOr<FsUsage> Usage() override {
    auto info = images_.ImageFsInfo(runtime::v1::ImageFsInfoRequest());
    if (!info.ok()) return info.status();
    for (const auto& fs : info->image_filesystems()) {
      if (!fs.fs_id().mountpoint().empty()) return StatFilesystem(fs.fs_id().mountpoint());
    }
    return Status::Unavailable("the container runtime reported no image filesystem");
  }

 private:
  cri::ImageService& images_;
};

}  // namespace

StatusOr<FsUsage> StatFilesystem(const std::string& path) {
  struct statvfs fs {};
  if (statvfs(path.c_str(), &fs) != 0) {
    return Status::Unavailable("statvfs " + path + ": " + std::strerror(errno));
  }
  FsUsage usage;
  usage.mountpoint = path;
  usage.capacity_bytes = static_cast<uint64_t>(fs.f_frsize) * fs.f_blocks;
  usage.available_bytes = static_cast<uint64_t>(fs.f_frsize) * fs.f_bavail;
  return usage;
}

std::unique_ptr<ImageFsUsageSource> NewCriImageFsUsage(cri::ImageService& images) {
  return std::make_unique<CriImageFsUsage>(images);
}

}  // namespace kubepp::kubelet
