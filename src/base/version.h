// The version kubepp reports everywhere a Kubernetes component reports its
// own: the apiserver's /version, a Node's kubeletVersion and
// kubeProxyVersion, the probes' User-Agent ("kube-probe/1.32"). Clients
// compare major.minor for version skew, so those say 1.32, the release whose
// behaviour kubepp implements; gitVersion carries kubepp's own suffix.
//
// Thread safety: constants.
#pragma once

#include <string>
#include <string_view>

namespace kubepp::version {

inline constexpr std::string_view kMajor = "1";
inline constexpr std::string_view kMinor = "32";
inline constexpr std::string_view kGitVersion = "v1.32.0-kubepp.0.1.0";

// A component's User-Agent as upstream's components send it:
// "kube-controller-manager/v1.32.0-kubepp.0.1.0 (linux/amd64) kubernetes/kubepp".
// The apiserver records writes without a fieldManager under what precedes
// the "/", so kubepp's components show in managedFields under upstream's
// names (kube-controller-manager, kube-scheduler, kubelet).
inline std::string ComponentUserAgent(std::string_view component) {
#if defined(__aarch64__)
  constexpr std::string_view kArch = "arm64";
#else
  constexpr std::string_view kArch = "amd64";
#endif
  return std::string(component) + "/" + std::string(kGitVersion) + " (linux/" + std::string(kArch) +
         ") kubernetes/kubepp";
}

}  // namespace kubepp::version
