#include "hollow/node_template.h"

#include "hollow/timestamps.h"
#include "kubelet/nodestatus/conditions.h"

namespace kubepp::hollow {
namespace json = boost::json;
namespace {

// A stable fake hex id per node, in the shape of a machine-id.
std::string HexId(std::string_view seed, uint64_t salt) {
  uint64_t h = 1469598103934665603ull ^ salt;
  for (char c : seed) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  static const char* kHex = "0123456789abcdef";
  std::string out(32, '0');
  for (size_t i = 0; i < out.size(); ++i) {
    h = h * 6364136223846793005ull + 1442695040888963407ull;
    out[i] = kHex[(h >> 60) & 0xf];
  }
  return out;
}

std::string Uuid(std::string_view seed, uint64_t salt) {
  std::string h = HexId(seed, salt);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
         h.substr(20, 12);
}

}  // namespace

std::string NodeName(const HollowNodesOptions& options, int ordinal) {
  return options.name_prefix + std::to_string(ordinal);
}

std::string Ipv4Text(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." +
         std::to_string((a >> 8) & 0xff) + "." + std::to_string(a & 0xff);
}

std::string NodeInternalIp(int ordinal) {
  // 10.128.0.0/9 holds 8M addresses; skip .0 and .255 of every /24 so no
  // address looks like a network or broadcast address.
  uint32_t n = static_cast<uint32_t>(ordinal);
  uint32_t subnet = n / 254, host = n % 254 + 1;
  return Ipv4Text((10u << 24) + (128u << 16) + (subnet << 8) + host);
}

json::array NodeConditions(const json::array* previous, Clock::TimePoint now) {
  // A hollow node always reports these four capacities (BuildNode), which is
  // what the Ready setter checks for.
  json::object node{{"status", json::object{{"capacity", json::object{{"cpu", "0"},
                                                                    {"ephemeral-storage", "0"},
                                                                    {"memory", "0"},
                                                                    {"pods", "0"}}}}}};
  if (previous) node["status"].as_object()["conditions"] = *previous;
  kubelet::SetMemoryPressureCondition(node, now, false, nullptr);
  kubelet::SetDiskPressureCondition(node, now, false, nullptr);
  kubelet::SetPIDPressureCondition(node, now, false, nullptr);
  kubelet::SetReadyCondition(node, now, kubelet::NodeReadiness(), nullptr);
  return std::move(node["status"].as_object()["conditions"].as_array());
}

json::object BuildNode(const HollowNodesOptions& options, int ordinal, Clock::TimePoint now) {
  std::string name = NodeName(options, ordinal);
  json::object labels{{"beta.kubernetes.io/arch", "amd64"},
                      {"beta.kubernetes.io/os", "linux"},
                      {"kubernetes.io/arch", "amd64"},
                      {"kubernetes.io/hostname", name},
                      {"kubernetes.io/os", "linux"}};
  if (options.zones > 0) {
    labels["topology.kubernetes.io/region"] = "hollow-region";
    labels["topology.kubernetes.io/zone"] = "zone-" + std::to_string(ordinal % options.zones);
  }
  for (const auto& [k, v] : options.node_labels) labels[k] = v;

  json::object capacity{{"cpu", options.cpu},
                        {"ephemeral-storage", options.ephemeral_storage},
                        {"memory", options.memory},
                        {"pods", options.pods}};
  json::object node_info{{"machineID", HexId(name, 1)},
                         {"systemUUID", Uuid(name, 2)},
                         {"bootID", Uuid(name, 3)},
                         {"kernelVersion", "6.1.0-hollow"},
                         {"osImage", "Debian GNU/Linux 12 (bookworm)"},
                         {"containerRuntimeVersion", "hollow://1.0.0"},
                         {"kubeletVersion", kKubeletVersion},
                         {"kubeProxyVersion", ""},
                         {"operatingSystem", "linux"},
                         {"architecture", "amd64"}};
  json::object status{
      {"capacity", capacity},
      {"allocatable", capacity},
      {"conditions", NodeConditions(nullptr, now)},
      {"addresses", json::array{json::object{{"type", "InternalIP"}, {"address", NodeInternalIp(ordinal)}},
                                json::object{{"type", "Hostname"}, {"address", name}}}},
      {"daemonEndpoints", json::object{{"kubeletEndpoint", json::object{{"Port", 10250}}}}},
      {"nodeInfo", std::move(node_info)}};
  return json::object{{"apiVersion", "v1"},
                      {"kind", "Node"},
                      {"metadata", json::object{{"name", name}, {"labels", std::move(labels)}}},
                      {"spec", json::object{}},
                      {"status", std::move(status)}};
}

json::object BuildLease(std::string_view node_name, std::string_view node_uid, int64_t lease_duration_seconds,
                        Clock::TimePoint now) {
  return kubelet::NewNodeLease(node_name, node_uid, lease_duration_seconds, now);
}

}  // namespace kubepp::hollow
