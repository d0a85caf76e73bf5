#include "apiserver/service_allocation.h"

#include <arpa/inet.h>

#include <algorithm>
#include <random>
#include <set>

#include "apiserver/object_meta.h"

namespace kubepp::apiserver {

using boost::json::object;

namespace {

constexpr uint32_t kServiceNet = (10u << 24) | (96u << 16);  // 10.96.0.0
constexpr uint32_t kServiceSize = 1u << 20;                  // /12
constexpr int kNodePortMin = 30000, kNodePortMax = 32767;
const std::string kIpPrefix = "/registry/ranges/serviceips/";
const std::string kPortPrefix = "/registry/ranges/servicenodeports/";

std::string IpText(uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." + std::to_string((ip >> 8) & 255) +
         "." + std::to_string(ip & 255);
}

bool ParseIp(const std::string& text, uint32_t* ip) {
  in_addr addr{};
  if (inet_pton(AF_INET, text.c_str(), &addr) != 1) return false;
  *ip = ntohl(addr.s_addr);
  return true;
}

bool Exists(store::Store* s, const std::string& key) {
  store::RangeRequest req;
  req.key = key;
  req.count_only = true;
  auto r = s->Range(req);
  return r.ok() && r->count > 0;
}

std::mt19937& Rng() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return rng;
}

bool NeedsNodePorts(const std::string& type) { return type == "NodePort" || type == "LoadBalancer"; }

Status InvalidField(const std::string& field, const std::string& value, const std::string& detail) {
  std::string msg = "Invalid value: \"" + value + "\": " + detail;
  return Status::Invalid(field + ": " + msg, {{"FieldValueInvalid", msg, field}});
}

}  // namespace

std::vector<std::string> ServiceClaimKeys(const object& svc) {
  std::vector<std::string> keys;
  std::string ip = StringAt(svc, {"spec", "clusterIP"});
  uint32_t parsed;
  if (!ip.empty() && ip != "None" && ParseIp(ip, &parsed)) keys.push_back(kIpPrefix + ip);
  auto spec = svc.find("spec");
  if (spec != svc.end() && spec->value().is_object()) {
    auto ports = spec->value().as_object().find("ports");
    if (ports != spec->value().as_object().end() && ports->value().is_array()) {
      for (const auto& p : ports->value().as_array()) {
        if (!p.is_object()) continue;
        auto np = p.as_object().find("nodePort");
        if (np != p.as_object().end() && np->value().is_int64() && np->value().as_int64() > 0) {
          keys.push_back(kPortPrefix + std::to_string(np->value().as_int64()));
        }
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

StatusOr<ServiceClaims> AllocateServiceAddresses(store::Store* store, object& svc, const object* old) {
  ServiceClaims claims;
  auto& spec_v = svc["spec"];
  if (!spec_v.is_object()) spec_v = object();
  auto& spec = spec_v.as_object();
  std::string type = spec.contains("type") && spec.at("type").is_string() ? std::string(spec.at("type").as_string())
                                                                         : "ClusterIP";
  std::set<std::string> held;
  if (old) {
    for (auto& k : ServiceClaimKeys(*old)) held.insert(k);
    // An update that leaves out allocated values keeps them.
    auto old_it = old->find("spec");
    if (old_it != old->end() && old_it->value().is_object()) {
      const auto& old_spec = old_it->value().as_object();
      for (const char* f : {"clusterIP", "clusterIPs"}) {
        if ((!spec.contains(f) || (spec.at(f).is_string() && spec.at(f).as_string().empty())) && old_spec.contains(f)) {
          spec[f] = old_spec.at(f);
        }
      }
    }
  }

  if (type != "ExternalName") {
    std::string ip = spec.contains("clusterIP") && spec.at("clusterIP").is_string()
                         ? std::string(spec.at("clusterIP").as_string()) : "";
    if (ip.empty()) {
      for (int attempt = 0; attempt < 256 && ip.empty(); ++attempt) {
        // Skip the network address and 10.96.0.1, which the kubernetes Service holds.
        uint32_t offset = 2 + Rng()() % (kServiceSize - 3);
        std::string candidate = IpText(kServiceNet + offset);
        if (!Exists(store, kIpPrefix + candidate)) ip = candidate;
      }
      if (ip.empty()) return Status::Internal("failed to allocate a serviceIP: range is full");
      claims.claim.push_back(kIpPrefix + ip);
    } else if (ip != "None") {
      uint32_t parsed;
      if (!ParseIp(ip, &parsed)) {
        return InvalidField("spec.clusterIPs[0]", ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
      }
      if (parsed < kServiceNet || parsed >= kServiceNet + kServiceSize) {
        return InvalidField("spec.clusterIPs", ip,
                            "failed to allocate IP " + ip + ": the provided IP (" + ip +
                                ") is not in the valid range. The range of valid IPs is 10.96.0.0/12");
      }
      std::string key = kIpPrefix + ip;
      if (!held.count(key)) {
        if (Exists(store, key)) {
          return InvalidField("spec.clusterIPs", ip, "failed to allocate IP " + ip + ": provided IP is already allocated");
        }
        claims.claim.push_back(key);
      }
    }
    spec["clusterIP"] = ip;
    boost::json::array ips;
    ips.emplace_back(ip);
    spec["clusterIPs"] = std::move(ips);
  }

  if (spec.contains("ports") && spec.at("ports").is_array()) {
    const object* old_spec = nullptr;
    if (old) {
      auto old_it = old->find("spec");
      if (old_it != old->end() && old_it->value().is_object()) old_spec = &old_it->value().as_object();
    }
    std::set<int64_t> used;
    for (auto& p : spec["ports"].as_array()) {
      if (!p.is_object()) continue;
      auto& port = p.as_object();
      int64_t node_port = port.contains("nodePort") && port.at("nodePort").is_int64() ? port.at("nodePort").as_int64() : 0;
      if (!NeedsNodePorts(type)) {
        if (node_port != 0 && type != "ClusterIP") {
          // Only NodePort and LoadBalancer Services hold node ports.
        }
        port.erase("nodePort");
        continue;
      }
      if (node_port == 0 && old_spec && old_spec->contains("ports") && old_spec->at("ports").is_array()) {
        // Keep the node port the same port had before.
        for (const auto& op : old_spec->at("ports").as_array()) {
          if (!op.is_object()) continue;
          const auto& o = op.as_object();
          if (o.contains("port") && port.contains("port") && o.at("port") == port.at("port") && o.contains("nodePort")) {
            node_port = o.at("nodePort").as_int64();
          }
        }
      }
      if (node_port == 0) {
        for (int attempt = 0; attempt < 512 && node_port == 0; ++attempt) {
          int64_t candidate = kNodePortMin + static_cast<int64_t>(Rng()() % (kNodePortMax - kNodePortMin + 1));
          if (used.count(candidate) || Exists(store, kPortPrefix + std::to_string(candidate))) continue;
          node_port = candidate;
        }
        if (node_port == 0) return Status::Internal("failed to allocate a nodePort: range is full");
      } else if (node_port < kNodePortMin || node_port > kNodePortMax) {
        return InvalidField("spec.ports[0].nodePort", std::to_string(node_port),
                            "provided port is not in the valid range. The range of valid ports is 30000-32767");
      }
      std::string key = kPortPrefix + std::to_string(node_port);
      if (!held.count(key) && !used.count(node_port)) {
        if (Exists(store, key)) {
          std::string msg = "Invalid value: " + std::to_string(node_port) + ": provided port is already allocated";
          return Status::Invalid("spec.ports[0].nodePort: " + msg, {{"FieldValueInvalid", msg, "spec.ports[0].nodePort"}});
        }
        claims.claim.push_back(key);
      }
      used.insert(node_port);
      port["nodePort"] = node_port;
    }
  }
  if (old) {
    auto now = ServiceClaimKeys(svc);
    for (const auto& k : held) {
      if (!std::binary_search(now.begin(), now.end(), k)) claims.release.push_back(k);
    }
  }
  return claims;
}

}  // namespace kubepp::apiserver
