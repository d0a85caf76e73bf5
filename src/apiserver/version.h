// The /version document. kubectl reads major/minor for skew warnings, so they
// say 1.32; gitVersion carries the kubepp suffix.
#pragma once

#include <string>

namespace kubepp::apiserver {

struct VersionInfo {
  std::string major, minor, git_version, git_commit, git_tree_state, build_date, go_version,
      compiler, platform;
};

const VersionInfo& Version();

}  // namespace kubepp::apiserver
