// The parts of a Node's status a kubelet sets from facts about its machine
// and runtime, one function per upstream setter (pkg/kubelet/nodestatus):
// addresses, capacity/allocatable with the machine ids, version info, daemon
// endpoints, images, OS and architecture. The conditions are in
// conditions.h; node_status.h runs them all in upstream's order.
//
// Each takes the whole Node object and changes only the fields it owns.
// Thread safety: functions on caller-owned values.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "kubelet/nodestatus/machine_info.h"
#include "kubelet/nodestatus/node_config.h"
#include "kubelet/nodestatus/node_inputs.h"

namespace kubepp::kubelet {

// At most this many names (digests first, then tags) per image, as upstream.
inline constexpr size_t kMaxNamesPerImageInNodeStatus = 5;

// status.addresses = [InternalIP `node_ip`, Hostname `hostname`]; a failed
// `node_ip` leaves them as they were and is returned.
Status SetNodeAddresses(boost::json::object& node, const StatusOr<std::string>& node_ip, std::string_view hostname);

// Capacity (resources of the machine; others already there, e.g. extended
// resources, are kept), allocatable, machineID, systemUUID and bootID. A
// bootID different from the one already reported records a Warning
// "NodeRebooted" event ("Node <name> has been rebooted, boot id: <id>").
void SetMachineInfo(boost::json::object& node, const NodeConfig& config, const MachineInfo& info,
                    const EventSink& events);

// kernelVersion, osImage, containerRuntimeVersion ("<type>://<version>",
// version "Unknown" when empty), kubeletVersion and kubeProxyVersion (both
// kubepp's gitVersion, as upstream 1.32 reports its own for both).
void SetVersionInfo(boost::json::object& node, const MachineInfo& info, const RuntimeVersion& runtime);

// status.daemonEndpoints.kubeletEndpoint.Port.
void SetDaemonEndpoints(boost::json::object& node, int kubelet_port);

// status.images from `images` (largest first, at most `max_images` unless
// -1); an error clears the list and is returned.
Status SetImages(boost::json::object& node, int max_images, const StatusOr<std::vector<ContainerImage>>& images);

// nodeInfo.operatingSystem ("linux") and nodeInfo.architecture.
void SetOperatingSystem(boost::json::object& node, std::string_view architecture);

}  // namespace kubepp::kubelet
