// Image references as the kubelet reads them (upstream's parsers.ParseImageName
// over the docker reference grammar): "busybox" names the repository
// docker.io/library/busybox with tag "latest"; "127.0.0.1:5000/team/app:1"
// names 127.0.0.1:5000/team/app with tag "1"; "app@sha256:<hex>" names a
// digest and no tag. The first path component is a registry host only when it
// contains '.' or ':' or is "localhost"; Docker Hub's "index.docker.io" is
// "docker.io".
//
// The repository is what registry credentials are looked up by
// (images/docker_keyring.h); the runtime is given the image as written, with
// ":latest" added when it names neither tag nor digest.
//
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::kubelet {

struct ImageReference {
  std::string repository;  // "docker.io/library/busybox", "127.0.0.1:5000/team/app"
  std::string tag;         // "latest" when neither tag nor digest is given; "" with a digest alone
  std::string digest;      // "sha256:<hex>" or ""
};

// Invalid ("couldn't parse image name ...") for what the grammar rejects:
// empty names, upper case in the repository path, bad tags or digests.
StatusOr<ImageReference> ParseImageReference(std::string_view image);

// `image` with ":latest" appended when it names neither tag nor digest
// (upstream's applyDefaultImageTag), keeping the name otherwise as written.
// Invalid with ParseImageReference's message when `image` does not parse.
StatusOr<std::string> WithDefaultTag(std::string_view image);

}  // namespace kubepp::kubelet
