#include "apiserver/kubelet_connection.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>

#include <boost/json/array.hpp>

namespace kubepp::apiserver {
namespace {

const boost::json::object* Object(const boost::json::object* o, std::string_view key) {
  if (!o) return nullptr;
  auto it = o->find(key);
  return it != o->end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}

std::string String(const boost::json::object* o, std::string_view key) {
  if (!o) return "";
  auto it = o->find(key);
  return it != o->end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

bool ProxyableIpv4(const in_addr& a) {
  uint32_t ip = ntohl(a.s_addr);
  if ((ip >> 24) == 127) return false;                 // loopback
  if ((ip >> 16) == ((169u << 8) | 254u)) return false;  // link-local unicast
  if ((ip >> 8) == (224u << 16)) return false;         // 224.0.0.0/24: link-local multicast
  return true;
}

bool ProxyableIpv6(const in6_addr& a) {
  if (IN6_IS_ADDR_LOOPBACK(&a) || IN6_IS_ADDR_LINKLOCAL(&a)) return false;
  if (IN6_IS_ADDR_V4MAPPED(&a)) {
    in_addr v4;
    std::memcpy(&v4, &a.s6_addr[12], 4);
    return ProxyableIpv4(v4);
  }
  if (a.s6_addr[0] == 0xff && ((a.s6_addr[1] & 0x0f) == 0x01 || (a.s6_addr[1] & 0x0f) == 0x02)) {
    return false;  // interface- and link-local multicast
  }
  return true;
}

}  // namespace

StatusOr<KubeletEndpoint> KubeletEndpointFor(const boost::json::object& node) {
  const boost::json::object* status = Object(&node, "status");
  std::vector<std::pair<std::string, std::string>> addresses;  // type, address
  if (status) {
    auto it = status->find("addresses");
    if (it != status->end() && it->value().is_array()) {
      for (const auto& a : it->value().as_array()) {
        if (!a.is_object()) continue;
        addresses.emplace_back(String(&a.as_object(), "type"), String(&a.as_object(), "address"));
      }
    }
  }
  KubeletEndpoint out;
  for (const char* type : {"InternalIP", "ExternalIP", "Hostname"}) {
    for (const auto& [t, address] : addresses) {
      if (t == type && !address.empty()) {
        out.host = address;
        break;
      }
    }
    if (!out.host.empty()) break;
    if (std::string_view(type) == "Hostname") {
      out.host = String(Object(Object(&node, "metadata"), "labels"), "kubernetes.io/hostname");
    }
  }
  if (out.host.empty()) {
    std::string known = "[";
    for (size_t i = 0; i < addresses.size(); ++i) {
      known += (i ? " {" : "{") + addresses[i].first + " " + addresses[i].second + "}";
    }
    known += "]";
    return Status(Reason::kUnknown, "no preferred addresses found; known addresses: " + known);
  }
  const boost::json::object* endpoint = Object(Object(status, "daemonEndpoints"), "kubeletEndpoint");
  if (endpoint) {
    auto port = endpoint->find("Port");
    if (port != endpoint->end() && port->value().is_int64() && port->value().as_int64() > 0 &&
        port->value().as_int64() <= 65535) {
      out.port = static_cast<uint16_t>(port->value().as_int64());
    }
  }
  return out;
}

Status CheckProxyableHost(const std::string& host) {
  const Status not_allowed = Status::BadRequest("address not allowed");
  in_addr v4;
  in6_addr v6;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return ProxyableIpv4(v4) ? Status::Ok() : not_allowed;
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return ProxyableIpv6(v6) ? Status::Ok() : not_allowed;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0) return Status::BadRequest("lookup " + host + ": " + gai_strerror(rc));
  Status result = found ? Status::Ok() : Status::BadRequest("no addresses found");
  for (addrinfo* a = found; a && result.ok(); a = a->ai_next) {
    if (a->ai_family == AF_INET && !ProxyableIpv4(reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)) {
      result = not_allowed;
    }
    if (a->ai_family == AF_INET6 && !ProxyableIpv6(reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr)) {
      result = not_allowed;
    }
  }
  ::freeaddrinfo(found);
  return result;
}

}  // namespace kubepp::apiserver
