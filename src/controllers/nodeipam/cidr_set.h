// CidrSet: the subnets of one IPv4 cluster CIDR, each taken or free — the
// bookkeeping of node IPAM. Allocation starts after the last subnet handed
// out and wraps, so a just-released subnet is not reused at once.
// Thread safety: not thread-safe; the owner locks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::controllers {

class CidrSet {
 public:
  // "10.244.0.0/16" with subnets of /24. InvalidArgument-like failures for
  // a malformed CIDR or a mask not larger than the cluster's.
  static StatusOr<CidrSet> Create(std::string_view cluster_cidr, int subnet_mask_size);

  // The next free subnet ("10.244.3.0/24"), or nullopt when all are taken.
  std::optional<std::string> AllocateNext();
  // Marks a subnet taken (false when it is not one of this set's subnets).
  bool Occupy(std::string_view cidr);
  void Release(std::string_view cidr);
  size_t Size() const { return used_.size(); }

 private:
  CidrSet(uint32_t base, int cluster_bits, int subnet_bits);
  std::optional<size_t> IndexOf(std::string_view cidr) const;
  std::string Format(size_t index) const;

  uint32_t base_;
  int cluster_bits_, subnet_bits_;
  std::vector<bool> used_;
  size_t next_ = 0;
};

// "10.1.2.3" -> host-order address; nullopt when malformed.
std::optional<uint32_t> ParseIPv4(std::string_view text);

}  // namespace kubepp::controllers
