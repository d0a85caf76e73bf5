// A Pod's QoS class, as upstream's GetPodQOS / ComputePodQOS (v1.32):
//
//   BestEffort  no container or init container requests or limits cpu or memory
//   Guaranteed  every container and init container has cpu and memory limits,
//               and the summed requests equal the summed limits
//   Burstable   everything else
//
// Only cpu and memory count; zero amounts count as unset. A class already
// recorded in status.qosClass is returned as recorded, because a running
// pod's class never changes. Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

namespace kubepp::kubelet::qos {

enum class QosClass { kGuaranteed, kBurstable, kBestEffort };

// The status.qosClass string: "Guaranteed", "Burstable", "BestEffort".
std::string_view QosClassName(QosClass c);

// status.qosClass when set, else ComputePodQos.
QosClass GetPodQos(const boost::json::object& pod);
// From the spec alone.
QosClass ComputePodQos(const boost::json::object& pod);

}  // namespace kubepp::kubelet::qos
