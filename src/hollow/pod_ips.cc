#include "hollow/pod_ips.h"

#include <charconv>

#include "hollow/node_template.h"

namespace kubepp::hollow {

bool ParseIpv4Cidr(std::string_view cidr, uint32_t* base, int* prefix) {
  size_t slash = cidr.find('/');
  if (slash == std::string_view::npos) return false;
  uint32_t addr = 0;
  std::string_view ip = cidr.substr(0, slash);
  for (int part = 0; part < 4; ++part) {
    size_t dot = part < 3 ? ip.find('.') : ip.size();
    if (dot == std::string_view::npos) return false;
    unsigned octet = 0;
    auto [end, ec] = std::from_chars(ip.data(), ip.data() + dot, octet);
    if (ec != std::errc() || end != ip.data() + dot || octet > 255) return false;
    addr = (addr << 8) | octet;
    ip = part < 3 ? ip.substr(dot + 1) : std::string_view();
  }
  std::string_view bits = cidr.substr(slash + 1);
  int p = 0;
  auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), p);
  if (ec != std::errc() || end != bits.data() + bits.size() || p < 0 || p > 32) return false;
  uint32_t mask = p == 0 ? 0 : ~uint32_t{0} << (32 - p);
  *base = addr & mask;
  *prefix = p;
  return true;
}

std::string PodIps::Next(std::string_view node_name, int ordinal, std::string_view pod_cidr) {
  uint64_t n;
  {
    std::lock_guard lock(mu_);
    n = next_[std::string(node_name)]++;
  }
  uint32_t base = 0;
  int prefix = 0;
  if (!ParseIpv4Cidr(pod_cidr, &base, &prefix) || prefix > 30) {
    // 100.64.0.0/10 holds 16384 /24s: one per node ordinal, wrapping.
    base = (100u << 24) + (64u << 16) + ((static_cast<uint32_t>(ordinal) % 16384u) << 8);
    prefix = 24;
  }
  uint64_t hosts = (uint64_t{1} << (32 - prefix)) - 2;  // without network and broadcast
  return Ipv4Text(base + 1 + static_cast<uint32_t>(n % hosts));
}

}  // namespace kubepp::hollow
