// The version kubepp reports everywhere a Kubernetes component reports its
// own: the apiserver's /version, a Node's kubeletVersion and
// kubeProxyVersion, the probes' User-Agent ("kube-probe/1.32"). Clients
// compare major.minor for version skew, so those say 1.32, the release whose
// behaviour kubepp implements; gitVersion carries kubepp's own suffix.
//
// Thread safety: constants.
#pragma once

#include <string_view>

namespace kubepp::version {

inline constexpr std::string_view kMajor = "1";
inline constexpr std::string_view kMinor = "32";
inline constexpr std::string_view kGitVersion = "v1.32.0-kubepp.0.1.0";

}  // namespace kubepp::version
