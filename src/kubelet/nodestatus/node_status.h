// The Node a kubelet reports: InitialNode builds the object it registers,
// SetNodeStatus refreshes the status of a Node read back from the API, both
// running upstream's setters in upstream's order (addresses, machine info,
// version info, daemon endpoints, images, OS/arch, then MemoryPressure,
// DiskPressure, PIDPressure, Ready).
//
// NodeStatusSources are the kubelet's live inputs; every callback but
// machine_info and node_ip may be left empty (then: ready, no pressure,
// runtime "containerd://Unknown", images untouched).
//
// Thread safety: functions on caller-owned values; the callbacks are called
// on the caller's thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "kubelet/nodestatus/machine_info.h"
#include "kubelet/nodestatus/node_config.h"
#include "kubelet/nodestatus/node_inputs.h"
#include "kubelet/nodestatus/node_ip.h"

namespace kubepp::kubelet {

struct NodeStatusSources {
  // Called on every status computation (every 100 ms while the node is
  // starting): keep it cheap, e.g. read once (SystemNodeStatusSources).
  std::function<MachineInfo()> machine_info;
  // The InternalIP (ChooseNodeIp in node_ip.h), asked on every status update
  // as upstream does, so a changed address is reported.
  std::function<StatusOr<std::string>()> node_ip;
  std::function<NodeReadiness()> readiness;
  std::function<NodePressure()> pressure;
  std::function<RuntimeVersion()> runtime_version;
  std::function<StatusOr<std::vector<ContainerImage>>()> images;
};

// This machine's facts, read once, and its node IP chosen on every call
// (ChooseNodeIp with config.node_ip); readiness, pressure, runtime version
// and images are left for the kubelet to fill in.
NodeStatusSources SystemNodeStatusSources(const NodeConfig& config);

// Runs every setter on `node`; a setter that fails leaves its fields alone
// and is logged, as upstream.
void SetNodeStatus(boost::json::object& node, const NodeConfig& config, const NodeStatusSources& sources,
                   Clock::TimePoint now, const EventSink& events);

// The Node to register: name, the kubelet's own labels then --node-labels
// (which win), spec.unschedulable and taints (--register-with-taints, plus
// node.kubernetes.io/unschedulable:NoSchedule when registering
// unschedulable), the controller-managed attach/detach annotation, the
// providerID, and a full status.
boost::json::object InitialNode(const NodeConfig& config, const NodeStatusSources& sources, Clock::TimePoint now,
                                const EventSink& events);

inline constexpr std::string_view kControllerManagedAttachAnnotation =
    "volumes.kubernetes.io/controller-managed-attach-detach";

}  // namespace kubepp::kubelet
