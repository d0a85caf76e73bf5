// The labels and annotations the kubelet puts on every sandbox and
// container it creates (upstream's names, so tools that read them work),
// and reading them back: the runtime is the kubelet's memory — a restarted
// kubelet learns each container's pod, spec hash and restart count here.
//
// Pure functions; safe from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace kubepp::kubelet {

inline constexpr std::string_view kPodNameLabel = "io.kubernetes.pod.name";
inline constexpr std::string_view kPodNamespaceLabel = "io.kubernetes.pod.namespace";
inline constexpr std::string_view kPodUidLabel = "io.kubernetes.pod.uid";
inline constexpr std::string_view kContainerNameLabel = "io.kubernetes.container.name";
inline constexpr std::string_view kContainerHashAnnotation = "io.kubernetes.container.hash";
inline constexpr std::string_view kRestartCountAnnotation = "io.kubernetes.container.restartCount";
inline constexpr std::string_view kTerminationMessagePathAnnotation = "io.kubernetes.container.terminationMessagePath";
inline constexpr std::string_view kTerminationMessagePolicyAnnotation =
    "io.kubernetes.container.terminationMessagePolicy";
inline constexpr std::string_view kGracePeriodAnnotation = "io.kubernetes.pod.terminationGracePeriod";
inline constexpr std::string_view kPreStopAnnotation = "io.kubernetes.container.preStopHandler";
inline constexpr std::string_view kHostNetworkAnnotation = "kubepp.io/host-network";

using StringMap = std::map<std::string, std::string, std::less<>>;

// The pod's labels plus the three pod identity labels.
StringMap SandboxLabels(const boost::json::object& pod);
// The pod's annotations plus kubepp's bookkeeping.
StringMap SandboxAnnotations(const boost::json::object& pod);
StringMap ContainerLabels(const boost::json::object& pod, std::string_view container_name);
StringMap ContainerAnnotations(const boost::json::object& pod, const boost::json::object& container,
                               int restart_count, std::string_view termination_message_path);

// "" when absent.
std::string_view Lookup(const StringMap& map, std::string_view key);

}  // namespace kubepp::kubelet
