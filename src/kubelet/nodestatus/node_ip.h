// The node's InternalIP, chosen as upstream's kubelet chooses it without a
// cloud provider:
//   1. --node-ip when given (it must be assigned to one of this machine's
//      interfaces, and be neither loopback, multicast, link-local nor
//      unspecified);
//   2. the hostname, when it is an IP address;
//   3. the node name's DNS addresses that pass the same check (IPv4 first);
//   4. the address of the interface that carries the default route (IPv4
//      routes in /proc/net/route first, then IPv6 in /proc/net/ipv6_route).
// NetworkFacts carries the machine's interfaces, its resolver and /proc so
// that tests can supply their own.
//
// Thread safety: pure functions of their inputs.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::kubelet {

struct InterfaceAddress {
  std::string interface;  // "eth0"
  std::string ip;         // "10.0.0.5", "fd00::5"
};

struct NetworkFacts {
  std::function<std::vector<InterfaceAddress>()> interface_addresses;
  std::function<std::vector<std::string>(const std::string& name)> lookup_host;
  std::string proc = "/proc";

  // This machine's getifaddrs, getaddrinfo and /proc.
  static NetworkFacts System();
};

// Errors: Invalid "nodeIP can't be loopback address" etc. (upstream's texts).
Status ValidateNodeIp(std::string_view ip, const std::vector<InterfaceAddress>& interfaces);

// Errors: for an explicit `node_ip`, "failed to validate nodeIP: ..."; when
// nothing fits, "can't get ip address of node <name>. error: ...".
StatusOr<std::string> ChooseNodeIp(std::string_view node_ip, std::string_view hostname, std::string_view node_name,
                                   const NetworkFacts& facts);

}  // namespace kubepp::kubelet
