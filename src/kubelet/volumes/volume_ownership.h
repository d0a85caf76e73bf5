// fsGroup: the group a pod's volumes belong to (upstream's
// SetVolumeOwnership, v1.32). Every file and directory below `dir`, links
// included but never followed, gets group `fs_group`; files gain group read
// and write (mode |= 0660; 0440 for a read-only volume), directories also
// execute and setgid (|= 02770; 02550) so that what a container creates there
// inherits the group. Links keep their mode: chmod would reach their target.
//
// With `only_on_root_mismatch` (fsGroupChangePolicy OnRootMismatch) nothing
// is done when `dir` is a directory that already has the group, those
// permissions and setgid.
//
// Entries that cannot be changed are logged and skipped, as upstream does;
// an error is returned only when `dir` cannot be walked.
// Thread safety: none needed; touches only the given tree.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace kubepp::kubelet::volumes {

Status SetVolumeOwnership(const std::string& dir, int64_t fs_group, bool read_only,
                          bool only_on_root_mismatch);

}  // namespace kubepp::kubelet::volumes
