// Where the apiserver reaches a node's kubelet, read from the Node object as
// upstream's NodeConnectionInfoGetter reads it: the first address of the
// preferred types (InternalIP, ExternalIP, then Hostname — kubeadm's order
// for --kubelet-preferred-address-types; a Hostname may also come from the
// kubernetes.io/hostname label), and status.daemonEndpoints.kubeletEndpoint.Port
// (10250 when unset).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "base/status.h"

namespace kubepp::apiserver {

inline constexpr uint16_t kDefaultKubeletPort = 10250;

struct KubeletEndpoint {
  std::string host;  // an address or a name
  uint16_t port = kDefaultKubeletPort;
};

// Fails (reason Unknown, as upstream's plain error) with "no preferred
// addresses found; known addresses: [{Hostname x} ...]".
StatusOr<KubeletEndpoint> KubeletEndpointFor(const boost::json::object& node);

// Whether the apiserver may proxy to `host`: never to loopback or link-local
// addresses (upstream's proxyutil.IsProxyableHostname; names are resolved).
// Fails with BadRequest "address not allowed".
Status CheckProxyableHost(const std::string& host);

}  // namespace kubepp::apiserver
