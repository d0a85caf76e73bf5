// Loading kubepp's own images (built into <dir of the kubepp binary>/images/ as docker-archive
// tarballs) into containerd's k8s.io namespace, where its CRI plugin sees them.
//
// Each archive's images are compared with what the runtime already has (ImageStatus of every
// name, same image ID); only archives with something missing or changed are imported, with
// `ctr images import` from the containerd package, so a restart imports nothing.
//
// Thread safety: ImportImages may run concurrently with anything but another import into the
// same containerd.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "base/status.h"
#include "kubelet/cri/image_service.h"

namespace kubepp::kubelet::containerd {

struct ImageImportOptions {
  std::string ctr_binary = "ctr";
  std::string socket;    // containerd's gRPC socket (a path)
  std::string log_file;  // ctr's output is appended here; empty: discarded
  std::chrono::milliseconds timeout_per_archive = std::chrono::minutes(5);
};

struct ImportResult {
  std::vector<std::string> imported;  // archive paths
  std::vector<std::string> skipped;   // already present
  // One name of every tagged image in the docker-archives, imported or already present: the
  // images no registry can give back, which the kubelet keeps from garbage collection.
  std::vector<std::string> image_names;
};

// Imports every *.tar under `dir` (recursively, in path order). A missing `dir` is NotFound.
StatusOr<ImportResult> ImportImages(const std::string& dir, cri::ImageService& images,
                                    const ImageImportOptions& options);

// Whether every image of the archive is present under all its names with the archive's ID.
// NotFound for archives that are not docker-archives (they are always imported).
StatusOr<bool> ArchiveIsPresent(const std::string& archive, cri::ImageService& images);

// <directory of the running kubepp binary>/images, where the build puts the images.
std::string DefaultImageDir();

}  // namespace kubepp::kubelet::containerd
