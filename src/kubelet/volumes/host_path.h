// hostPath volumes: a file or directory of the node, bind-mounted as is,
// after the check its `type` asks for (upstream's pkg/volume/hostpath,
// v1.32, messages included):
//
//   ""                 no check
//   DirectoryOrCreate  created with mode 0755 (and parents) when missing
//   Directory          must be a directory
//   FileOrCreate       created empty with mode 0644 when missing (the
//                      parent must exist)
//   File, Socket, CharDevice, BlockDevice   must be one
//
// e.g. "hostPath type check failed: /data is not a directory, it's a File".
// Links are followed, as upstream's stat does. Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::kubelet::volumes {

// The kind of file at `path` as upstream names it ("Directory", "File",
// "Socket", "CharDevice", "BlockDevice").
StatusOr<std::string> HostFileType(const std::string& path);

// Validates `path` (no ".." element: "invalid HostPath `p`: must not contain '..'")
// and applies the check of `type` (creating the path where it says so).
Status SetUpHostPath(const std::string& path, std::string_view type);

}  // namespace kubepp::kubelet::volumes
