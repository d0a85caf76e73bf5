#include "apiserver/version.h"

#include "base/version.h"

namespace kubepp::apiserver {

const VersionInfo& Version() {
  static const VersionInfo kInfo{
      .major = std::string(version::kMajor),
      .minor = std::string(version::kMinor),
      .git_version = std::string(version::kGitVersion),
      .git_commit = "kubepp",
      .git_tree_state = "clean",
      .build_date = "2026-11-21T00:00:00Z",
      .go_version = "none (C++20)",
      .compiler = "gcc",
      .platform = "linux/amd64",
  };
  return kInfo;
}

}  // namespace kubepp::apiserver
