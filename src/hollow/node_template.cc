#include "hollow/node_template.h"

#include <array>

#include "hollow/timestamps.h"

namespace kubepp::hollow {
namespace json = boost::json;
namespace {

struct ConditionText {
  const char* type;
  const char* status;
  const char* reason;
  const char* message;
};

// Upstream kubelet's texts (pkg/kubelet/nodestatus), so `kubectl describe
// node` reads the same.
constexpr std::array<ConditionText, 4> kConditions = {{
    {"MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"},
    {"DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
    {"PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"},
    {"Ready", "True", "KubeletReady", "kubelet is posting ready status"},
}};

const json::object* FindCondition(const json::array* conditions, std::string_view type) {
  if (!conditions) return nullptr;
  for (const auto& c : *conditions) {
    const json::object* o = c.if_object();
    if (!o) continue;
    const json::value* t = o->if_contains("type");
    if (t && t->is_string() && t->get_string() == type) return o;
  }
  return nullptr;
}

std::string_view StringAt(const json::object* o, std::string_view key) {
  if (!o) return {};
  const json::value* v = o->if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

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
  std::string now_text = TimeText(now);
  json::array out;
  for (const auto& c : kConditions) {
    const json::object* old = FindCondition(previous, c.type);
    std::string_view transition = StringAt(old, "lastTransitionTime");
    bool keep = old && StringAt(old, "status") == c.status && !transition.empty();
    out.push_back(json::object{{"type", c.type},
                               {"status", c.status},
                               {"lastHeartbeatTime", now_text},
                               {"lastTransitionTime", keep ? json::string(transition) : json::string(now_text)},
                               {"reason", c.reason},
                               {"message", c.message}});
  }
  return out;
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
  json::object metadata{{"name", node_name}, {"namespace", kNodeLeaseNamespace}};
  if (!node_uid.empty()) {
    metadata["ownerReferences"] = json::array{json::object{
        {"apiVersion", "v1"}, {"kind", "Node"}, {"name", node_name}, {"uid", node_uid}}};
  }
  return json::object{{"apiVersion", "coordination.k8s.io/v1"},
                      {"kind", "Lease"},
                      {"metadata", std::move(metadata)},
                      {"spec", json::object{{"holderIdentity", node_name},
                                            {"leaseDurationSeconds", lease_duration_seconds},
                                            {"renewTime", MicroTimeText(now)}}}};
}

}  // namespace kubepp::hollow
