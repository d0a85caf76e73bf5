// Reading what a docker-archive tarball (`docker save`, images/build_images.py) contains
// without unpacking it: manifest.json names the image's config blob, whose sha256 is the
// image ID containerd reports, and the names (RepoTags) the image is imported under.
//
// The tar reader understands ustar names with prefixes, GNU long names and pax path records,
// enough for archives written by docker, skopeo and Python's tarfile.
//
// Thread safety: pure functions.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "base/status.h"

namespace kubepp::kubelet::containerd {

struct DockerArchiveImage {
  std::string id;                      // "sha256:<config digest>"
  std::vector<std::string> repo_tags;  // as written: "kubepp.local/busybox:1.35", "mysql:5.7"
};

// The images of a docker-archive. NotFound when the tar has no manifest.json (e.g. an OCI
// layout archive); BadRequest when the tar or the manifest is malformed.
StatusOr<std::vector<DockerArchiveImage>> ReadDockerArchive(std::istream& tar);
StatusOr<std::vector<DockerArchiveImage>> ReadDockerArchiveFile(const std::string& path);

// The images listed by a manifest.json document.
StatusOr<std::vector<DockerArchiveImage>> ParseDockerArchiveManifest(const std::string& manifest_json);

}  // namespace kubepp::kubelet::containerd
