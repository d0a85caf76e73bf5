#include "kubelet/nodestatus/node_ip.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace kubepp::kubelet {
namespace {

// An address parsed once: family and raw bytes.
struct Ip {
  int family = 0;  // AF_INET or AF_INET6
  unsigned char bytes[16] = {};

  std::string Text() const {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(family, bytes, buf, sizeof(buf));
    return buf;
  }
  bool operator==(const Ip& o) const {
    return family == o.family && std::memcmp(bytes, o.bytes, family == AF_INET ? 4 : 16) == 0;
  }
  bool IsLoopback() const { return family == AF_INET ? bytes[0] == 127 : IsV6LastByte(1); }
  bool IsMulticast() const { return family == AF_INET ? (bytes[0] & 0xf0) == 0xe0 : bytes[0] == 0xff; }
  bool IsLinkLocalUnicast() const {
    return family == AF_INET ? bytes[0] == 169 && bytes[1] == 254 : bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;
  }
  bool IsUnspecified() const { return family == AF_INET ? AllZero(4) : AllZero(16); }
  bool IsGlobalUnicast() const {
    bool broadcast = family == AF_INET && bytes[0] == 255 && bytes[1] == 255 && bytes[2] == 255 && bytes[3] == 255;
    return !IsUnspecified() && !IsLoopback() && !IsMulticast() && !IsLinkLocalUnicast() && !broadcast;
  }

 private:
  bool AllZero(int n) const {
    for (int i = 0; i < n; ++i) {
      if (bytes[i] != 0) return false;
    }
    return true;
  }
  // The IPv6 address ::N.
  bool IsV6LastByte(int last) const {
    for (int i = 0; i < 15; ++i) {
      if (bytes[i] != 0) return false;
    }
    return bytes[15] == last;
  }
};

std::optional<Ip> ParseIp(std::string_view text) {
  std::string s(text);
  Ip ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes) == 1) {
    ip.family = AF_INET;
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes) == 1) {
    ip.family = AF_INET6;
    return ip;
  }
  return std::nullopt;
}

Status ValidateParsed(const Ip& ip, const std::vector<InterfaceAddress>& interfaces) {
  if (ip.IsLoopback()) return Status::Invalid("nodeIP can't be loopback address");
  if (ip.IsMulticast()) return Status::Invalid("nodeIP can't be a multicast address");
  if (ip.IsLinkLocalUnicast()) return Status::Invalid("nodeIP can't be a link-local unicast address");
  if (ip.IsUnspecified()) return Status::Invalid("nodeIP can't be an all zeros address");
  for (const auto& a : interfaces) {
    auto local = ParseIp(a.ip);
    if (local && *local == ip) return Status::Ok();
  }
  return Status::Invalid("node IP: \"" + ip.Text() + "\" not found in the host's network interfaces");
}

// Interfaces that carry a default route, IPv4 routes first.
std::vector<std::pair<std::string, int>> DefaultRouteInterfaces(const std::string& proc) {
  std::vector<std::pair<std::string, int>> out;
  std::ifstream v4(proc + "/net/route");
  std::string line;
  std::getline(v4, line);  // header
  while (std::getline(v4, line)) {
    std::istringstream f(line);
    std::string iface, dest, gateway, flags, refcnt, use, metric, mask;
    f >> iface >> dest >> gateway >> flags >> refcnt >> use >> metric >> mask;
    if (dest == "00000000" && (mask.empty() || mask == "00000000")) out.emplace_back(iface, AF_INET);
  }
  std::ifstream v6(proc + "/net/ipv6_route");
  while (std::getline(v6, line)) {
    std::istringstream f(line);
    std::string dest, dest_len, src, src_len, next_hop, metric, refcnt, use, flags, iface;
    f >> dest >> dest_len >> src >> src_len >> next_hop >> metric >> refcnt >> use >> flags >> iface;
    if (dest == std::string(32, '0') && dest_len == "00" && !iface.empty()) out.emplace_back(iface, AF_INET6);
  }
  return out;
}

}  // namespace

NetworkFacts NetworkFacts::System() {
  NetworkFacts facts;
  facts.interface_addresses = [] {
    std::vector<InterfaceAddress> out;
    struct ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return out;
    for (struct ifaddrs* a = list; a; a = a->ifa_next) {
      if (!a->ifa_addr) continue;
      int family = a->ifa_addr->sa_family;
      if (family != AF_INET && family != AF_INET6) continue;
      Ip ip;
      ip.family = family;
      if (family == AF_INET) {
        std::memcpy(ip.bytes, &reinterpret_cast<const sockaddr_in*>(a->ifa_addr)->sin_addr, 4);
      } else {
        std::memcpy(ip.bytes, &reinterpret_cast<const sockaddr_in6*>(a->ifa_addr)->sin6_addr, 16);
      }
      out.push_back({a->ifa_name, ip.Text()});
    }
    freeifaddrs(list);
    return out;
  };
  facts.lookup_host = [](const std::string& name) {
    std::vector<std::string> out;
    struct addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    struct addrinfo* res = nullptr;
    if (getaddrinfo(name.c_str(), nullptr, &hints, &res) != 0) return out;
    for (struct addrinfo* r = res; r; r = r->ai_next) {
      Ip ip;
      ip.family = r->ai_family;
      if (r->ai_family == AF_INET) {
        std::memcpy(ip.bytes, &reinterpret_cast<const sockaddr_in*>(r->ai_addr)->sin_addr, 4);
      } else if (r->ai_family == AF_INET6) {
        std::memcpy(ip.bytes, &reinterpret_cast<const sockaddr_in6*>(r->ai_addr)->sin6_addr, 16);
      } else {
        continue;
      }
      std::string text = ip.Text();
      bool seen = false;
      for (const auto& s : out) seen |= s == text;
      if (!seen) out.push_back(text);
    }
    freeaddrinfo(res);
    return out;
  };
  return facts;
}

Status ValidateNodeIp(std::string_view ip, const std::vector<InterfaceAddress>& interfaces) {
  auto parsed = ParseIp(ip);
  if (!parsed) return Status::Invalid("nodeIP must be a valid IP address");
  return ValidateParsed(*parsed, interfaces);
}

StatusOr<std::string> ChooseNodeIp(std::string_view node_ip, std::string_view hostname, std::string_view node_name,
                                   const NetworkFacts& facts) {
  std::vector<InterfaceAddress> interfaces =
      facts.interface_addresses ? facts.interface_addresses() : std::vector<InterfaceAddress>();
  auto parsed_node_ip = ParseIp(node_ip);
  // "0.0.0.0" and "::" mean "any": detect, as if no --node-ip was given.
  if (!node_ip.empty() && !(parsed_node_ip && parsed_node_ip->IsUnspecified())) {
    Status valid = ValidateNodeIp(node_ip, interfaces);
    if (!valid.ok()) return Status::Invalid("failed to validate nodeIP: " + valid.message());
    return parsed_node_ip->Text();
  }
  if (auto from_hostname = ParseIp(hostname)) return from_hostname->Text();

  Status last_error = Status::Ok();
  if (facts.lookup_host) {
    std::optional<Ip> chosen;
    for (const auto& text : facts.lookup_host(std::string(node_name))) {
      auto ip = ParseIp(text);
      if (!ip) continue;
      Status valid = ValidateParsed(*ip, interfaces);
      if (!valid.ok()) {
        last_error = valid;
        continue;
      }
      if (ip->family == AF_INET) {
        chosen = ip;
        break;
      }
      if (!chosen) chosen = ip;
    }
    if (chosen) return chosen->Text();
  }

  for (const auto& [iface, family] : DefaultRouteInterfaces(facts.proc)) {
    for (const auto& a : interfaces) {
      if (a.interface != iface) continue;
      auto ip = ParseIp(a.ip);
      if (ip && ip->family == family && ip->IsGlobalUnicast()) return ip->Text();
    }
  }
  std::string why = last_error.ok() ? "unable to select an IP from default routes." : last_error.message();
  return Status::Invalid("can't get ip address of node " + std::string(node_name) + ". error: " + why);
}

}  // namespace kubepp::kubelet
