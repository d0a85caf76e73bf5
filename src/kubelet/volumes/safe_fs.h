// File-system operations on directories that pod processes can write to
// (volumes, subPaths), where a container may have planted symbolic links
// pointing anywhere on the node. None of these ever follows a link out of
// the directory it works in:
//
//   RemoveAllNoFollow  deletes a tree; a link is removed, never its target,
//                      and it refuses to descend into another mount
//   SafeMakeDir        creates missing directories below a base; existing
//                      components may be links only if they stay inside it
//   ResolveWithin      the real path of base/sub, refused if outside base
//
// Thread safety: pure functions over the file system.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::kubelet::volumes {

// OK when `path` does not exist.
Status RemoveAllNoFollow(const std::string& path);

// REQUIRES: `sub_path` is relative without ".." components. New directories
// get exactly `perm` (the umask does not apply).
Status SafeMakeDir(const std::string& base, std::string_view sub_path, mode_t perm);

// The canonical path of base/sub_path (which must exist).
StatusOr<std::string> ResolveWithin(const std::string& base, std::string_view sub_path);

// An O_PATH descriptor of `path`, a canonical path inside the canonical
// `base`, opened one component at a time without following any link; a
// link found on the way (one swapped in since `path` was resolved) is an
// error. The caller closes the descriptor.
StatusOr<int> OpenWithinNoFollow(const std::string& base, const std::string& path);

}  // namespace kubepp::kubelet::volumes
