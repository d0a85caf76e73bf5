// PodIps: hands out pod IPs per node, round-robin through the node's
// spec.podCIDR (IPv4) when it has one, else through a fake /24 of its own in
// 100.64.0.0/10 chosen by the node's ordinal. Addresses are not tracked
// after use: a node runs at most `pods` pods, far fewer than a /24 holds, so
// wrapping around reuses addresses long freed. Network and broadcast
// addresses are never handed out.
//
// Thread safety: Next may be called from any thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kubepp::hollow {

class PodIps {
 public:
  // `pod_cidr` may be "" (or IPv6): the fake range is used.
  std::string Next(std::string_view node_name, int ordinal, std::string_view pod_cidr);

 private:
  std::mutex mu_;
  std::unordered_map<std::string, uint64_t> next_;  // guarded by mu_: per node, pods handed an IP
};

// "10.244.3.0/24" -> {base 10.244.3.0, prefix 24}; false unless IPv4 CIDR.
bool ParseIpv4Cidr(std::string_view cidr, uint32_t* base, int* prefix);

}  // namespace kubepp::hollow
