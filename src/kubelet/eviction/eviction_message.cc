#include "kubelet/eviction/eviction_message.h"

#include "api/quantity/quantity.h"
#include "controllers/util/object_fields.h"
#include "kubelet/eviction/signals.h"
#include "kubelet/eviction/thresholds_met.h"

namespace kubepp::kubelet::eviction {
namespace {

namespace json = boost::json;
using api::Quantity;
using controllers::util::ArrayAt;
using controllers::util::At;

// The container's request of `resource` as written in its spec; zero when unset.
Quantity Request(const json::object& container, std::string_view resource) {
  const json::value* v = At(container, {"resources", "requests", resource});
  if (!v || !v->is_string()) return Quantity();
  auto q = Quantity::Parse(v->get_string());
  return q.ok() ? *q : Quantity();
}

std::optional<Quantity> Usage(std::string_view resource, const ContainerStats& stats) {
  if (resource == kResourceMemory) {
    if (!stats.memory_working_set_bytes) return std::nullopt;
    return Quantity::FromInt64(static_cast<int64_t>(*stats.memory_working_set_bytes),
                               Quantity::Format::kBinarySI);
  }
  if (resource == kResourceEphemeralStorage) {
    if (!stats.rootfs || !stats.rootfs->used_bytes || !stats.logs || !stats.logs->used_bytes)
      return std::nullopt;
    return Quantity::FromInt64(
        static_cast<int64_t>(*stats.rootfs->used_bytes + *stats.logs->used_bytes),
        Quantity::Format::kBinarySI);
  }
  return std::nullopt;
}

const json::object* FindContainer(const json::object& pod, std::string_view name) {
  for (const char* list : {"containers", "initContainers"}) {
    const json::array* containers = ArrayAt(pod, {"spec", list});
    if (!containers) continue;
    for (const auto& c : *containers) {
      const json::object* o = c.if_object();
      const json::value* n = o ? o->if_contains("name") : nullptr;
      if (n && n->is_string() && n->get_string() == name) return o;
    }
  }
  return nullptr;
}

}  // namespace

std::string EvictionMessage(std::string_view resource, const json::object& pod,
                            const PodStats* stats, const std::vector<Threshold>& thresholds,
                            const Observations& observations) {
  std::string message = "The node was low on resource: " + std::string(resource) + ". ";
  for (const auto& t : thresholds) {
    if (SignalResource(t.signal) != resource) continue;
    auto observed = observations.find(t.signal);
    if (observed == observations.end()) continue;
    message += "Threshold quantity: " + ObservedThresholdQuantity(t, observed->second).String() +
               ", available: " + observed->second.AvailableQuantity().String() + ". ";
    break;
  }
  if (!stats) return message;
  for (const auto& c : stats->containers) {
    const json::object* spec = FindContainer(pod, c.name);
    if (!spec) continue;
    Quantity request = Request(*spec, resource);
    std::optional<Quantity> usage = Usage(resource, c);
    if (usage && usage->Compare(request) > 0) {
      message += "Container " + c.name + " was using " + usage->String() + ", request is " +
                 request.String() + ", has larger consumption of " + std::string(resource) + ". ";
    }
  }
  return message;
}

std::string NodeConditionMessage(const std::vector<std::string>& conditions) {
  std::string list;
  for (const auto& c : conditions) list += (list.empty() ? "" : " ") + c;
  return "The node had condition: [" + list + "]. ";
}

}  // namespace kubepp::kubelet::eviction
