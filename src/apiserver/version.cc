#include "apiserver/version.h"

namespace kubepp::apiserver {

const VersionInfo& Version() {
  static const VersionInfo kInfo{
      .major = "1",
      .minor = "32",
      .git_version = "v1.32.0-kubepp.0.1.0",
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
