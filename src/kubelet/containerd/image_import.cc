#include "kubelet/containerd/image_import.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "base/log.h"
#include "kubelet/containerd/child_process.h"
#include "kubelet/containerd/docker_archive.h"

namespace kubepp::kubelet::containerd {

namespace fs = std::filesystem;

StatusOr<bool> ArchiveIsPresent(const std::string& archive, cri::ImageService& images) {
  auto contents = ReadDockerArchiveFile(archive);
  if (!contents.ok()) return contents.status();
  for (const DockerArchiveImage& image : *contents) {
    if (image.repo_tags.empty()) return false;  // an untagged image cannot be looked up by name
    for (const std::string& tag : image.repo_tags) {
      cri::v1::ImageStatusRequest request;
      request.mutable_image()->set_image(tag);
      auto status = images.ImageStatus(request);
      if (!status.ok()) return status.status();
      if (!status->has_image() || status->image().id() != image.id) return false;
    }
  }
  return true;
}

StatusOr<ImportResult> ImportImages(const std::string& dir, cri::ImageService& images,
                                    const ImageImportOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("image directory " + dir + " does not exist");
  std::vector<std::string> archives;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".tar") archives.push_back(it->path().string());
  }
  if (ec) return Status::Internal("listing " + dir + ": " + ec.message());
  std::sort(archives.begin(), archives.end());

  ImportResult result;
  for (const std::string& archive : archives) {
    if (auto contents = ReadDockerArchiveFile(archive); contents.ok()) {
      for (const DockerArchiveImage& image : *contents) {
        if (!image.repo_tags.empty()) result.image_names.push_back(image.repo_tags.front());
      }
    }
    auto present = ArchiveIsPresent(archive, images);
    if (present.ok() && *present) {
      result.skipped.push_back(archive);
      continue;
    }
    if (!present.ok() && !present.status().IsNotFound()) {
      KLOG(WARNING) << "images: cannot compare " << archive << " with the runtime's images ("
                    << present.status().ToString() << "); importing it";
    }
    auto ctr = ChildProcess::Spawn({{options.ctr_binary, "--address", options.socket, "--namespace", "k8s.io",
                                     "images", "import", archive},
                                    options.log_file});
    if (!ctr.ok()) return ctr.status();
    std::optional<int> status = (*ctr)->WaitFor(options.timeout_per_archive);
    if (!status) {
      return Status::Timeout("ctr images import " + archive + " did not finish within " +
                             std::to_string(options.timeout_per_archive.count()) + " ms");
    }
    if (*status != 0) {
      return Status::Internal("ctr images import " + archive + " " + ChildProcess::DescribeWaitStatus(*status) +
                              (options.log_file.empty() ? "" : " (see " + options.log_file + ")"));
    }
    VLOG(1) << "images: imported " << archive;
    result.imported.push_back(archive);
  }
  return result;
}

std::string DefaultImageDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "images";
  return (exe.parent_path() / "images").string();
}

}  // namespace kubepp::kubelet::containerd
