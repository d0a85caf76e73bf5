// The inputs of a Node's status that change while the kubelet runs, each
// filled by the part of the kubelet that knows it:
//   - NodeReadiness: why the node cannot run pods (the runtime status check,
//     the CNI configuration watch, ...); Ready is True only when all are empty;
//   - NodePressure: what the eviction manager observes;
//   - RuntimeVersion and ContainerImage: from CRI Version and ListImages.
// EventSink is how the status code records Node events ("NodeReady",
// "NodeHasSufficientMemory", "NodeRebooted") without knowing the recorder.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kubepp::kubelet {

struct NodeReadiness {
  // Upstream's texts, e.g. "container runtime is down", "container runtime
  // status check may not have completed yet", "container runtime not ready:
  // RuntimeReady=false reason:... message:...".
  std::vector<std::string> runtime_errors;
  // E.g. "container runtime network not ready: NetworkReady=false
  // reason:NetworkPluginNotReady message:Network plugin returns error: cni
  // plugin not initialized".
  std::vector<std::string> network_errors;
  std::vector<std::string> storage_errors;
  std::vector<std::string> shutdown_errors;
};

struct NodePressure {
  bool memory = false;
  bool disk = false;
  bool pid = false;
};

struct RuntimeVersion {
  std::string type = "containerd";  // CRI VersionResponse.runtime_name
  std::string version;              // runtime_version; "" when unknown ("containerd://Unknown")
};

struct ContainerImage {
  std::vector<std::string> repo_digests;
  std::vector<std::string> repo_tags;
  int64_t size_bytes = 0;
};

// type is "Normal" or "Warning".
using EventSink = std::function<void(std::string_view type, std::string_view reason, std::string_view message)>;

}  // namespace kubepp::kubelet
