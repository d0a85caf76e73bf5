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
#include "base/version.h"
#include "hollow/hollow_nodes.h"
#include "kubelet/nodestatus/node_lease.h"

namespace kubepp::hollow {

inline constexpr std::string_view kNodeLeaseNamespace = kubelet::kNodeLeaseNamespace;
// What a real kubepp kubelet reports, so hollow nodes look like its nodes.
inline constexpr std::string_view kKubeletVersion = version::kGitVersion;

std::string NodeName(const HollowNodesOptions& options, int ordinal);
// Dotted IPv4 text of a host-order address.
std::string Ipv4Text(uint32_t address);
// A unique fake InternalIP per ordinal, in 10.128.0.0/9.
std::string NodeInternalIp(int ordinal);

// A Node as a kubelet registers it: labels, capacity, allocatable,
// addresses, nodeInfo, daemonEndpoints and conditions, all timestamps `now`.
boost::json::object BuildNode(const HollowNodesOptions& options, int ordinal, Clock::TimePoint now);
// The four conditions of a healthy kubelet, set by the kubelet's own
// condition setters (kubelet/nodestatus/conditions.h) over `previous` (a
// node's current status.conditions, may be null): transition times are kept
// where the status is unchanged, heartbeats are `now`, other conditions stay.
boost::json::array NodeConditions(const boost::json::array* previous, Clock::TimePoint now);

// A Lease held by `node_name`, owned by the Node (so deleting the Node
// collects it), renewed `now`: the kubelet's NewNodeLease.
boost::json::object BuildLease(std::string_view node_name, std::string_view node_uid,
                               int64_t lease_duration_seconds, Clock::TimePoint now);

}  // namespace kubepp::hollow
