#include "controllers/endpoints/service_pods.h"

#include "client/object.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {

bool HasSelector(const boost::json::object& service) {
  const auto* sel = util::ObjectAt(service, {"spec", "selector"});
  return sel != nullptr && !sel->empty();
}

bool SelectorMatches(const boost::json::object& service, const boost::json::object& pod) {
  const auto* sel = util::ObjectAt(service, {"spec", "selector"});
  if (!sel || sel->empty()) return false;
  const auto* labels = util::LabelsOf(pod);
  for (const auto& kv : *sel) {
    const auto* v = labels ? labels->if_contains(kv.key()) : nullptr;
    if (!v || *v != kv.value()) return false;
  }
  return true;
}

bool ShouldPodBeInEndpoints(const boost::json::object& pod, bool include_terminating) {
  if (util::StringAt(pod, {"status", "podIP"}).empty()) return false;
  if (!include_terminating && util::HasDeletionTimestamp(pod)) return false;
  auto phase = util::StringAt(pod, {"status", "phase"});
  // A finished pod never serves again, whatever its restart policy says.
  return phase != "Succeeded" && phase != "Failed";
}

std::optional<int64_t> FindPort(const boost::json::object& pod, const boost::json::object& service_port) {
  const auto* target = service_port.if_contains("targetPort");
  if (!target) return util::IntAt(service_port, {"port"}, 0);
  if (target->is_int64() || target->is_uint64()) return util::IntAt(service_port, {"targetPort"}, 0);
  if (!target->is_string()) return std::nullopt;
  std::string_view name = target->get_string();
  std::string_view protocol = util::StringAt(service_port, {"protocol"});
  if (protocol.empty()) protocol = "TCP";
  if (const auto* containers = util::ArrayAt(pod, {"spec", "containers"})) {
    for (const auto& c : *containers) {
      const auto* ports = c.is_object() ? util::ArrayAt(c.get_object(), {"ports"}) : nullptr;
      if (!ports) continue;
      for (const auto& p : *ports) {
        const auto* po = p.if_object();
        if (!po || util::StringAt(*po, {"name"}) != name) continue;
        std::string_view proto = util::StringAt(*po, {"protocol"});
        if (proto.empty()) proto = "TCP";
        if (proto == protocol) return util::IntAt(*po, {"containerPort"}, 0);
      }
    }
  }
  return std::nullopt;
}

std::string EndpointHostname(const boost::json::object& pod, const boost::json::object& service) {
  auto hostname = util::StringAt(pod, {"spec", "hostname"});
  if (hostname.empty()) return "";
  if (util::StringAt(pod, {"spec", "subdomain"}) != client::NameOf(service)) return "";
  if (client::NamespaceOf(pod) != client::NamespaceOf(service)) return "";
  return std::string(hostname);
}

bool IsHeadless(const boost::json::object& service) {
  return util::StringAt(service, {"spec", "clusterIP"}) == "None";
}

}  // namespace kubepp::controllers
