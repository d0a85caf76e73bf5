// The objects a hollow node writes about itself: its Node (as a kubelet
// registers it, status included), its Ready/pressure conditions, and its
// Lease in kube-node-lease. Pure functions of the options and the node's
// ordinal, so every node of a run is alike except for name and addresses.
// Safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "base/clock.h"
#include "hollow/hollow_nodes.h"

namespace kubepp::hollow {

inline constexpr std::string_view kNodeLeaseNamespace = "kube-node-lease";
inline constexpr std::string_view kKubeletVersion = "v1.32.0-kubepp";

std::string NodeName(const HollowNodesOptions& options, int ordinal);
// Dotted IPv4 text of a host-order address.
std::string Ipv4Text(uint32_t address);
// A unique fake InternalIP per ordinal, in 10.128.0.0/9.
std::string NodeInternalIp(int ordinal);

// A Node as a kubelet registers it: labels, capacity, allocatable,
// addresses, nodeInfo, daemonEndpoints and conditions, all timestamps `now`.
boost::json::object BuildNode(const HollowNodesOptions& options, int ordinal, Clock::TimePoint now);
// The four conditions of a healthy kubelet. Transition times are kept from
// `previous` (a node's current status.conditions, may be null) when the
// status there is unchanged; heartbeats are `now`.
boost::json::array NodeConditions(const boost::json::array* previous, Clock::TimePoint now);

// A Lease held by `node_name`, owned by the Node (so deleting the Node
// collects it), renewed `now`.
boost::json::object BuildLease(std::string_view node_name, std::string_view node_uid,
                               int64_t lease_duration_seconds, Clock::TimePoint now);

}  // namespace kubepp::hollow
