#include "kubelet/cm/pod_resources.h"

#include "kubelet/pod_fields.h"
#include "kubelet/qos/qos_class.h"

namespace kubepp::kubelet::cm {
namespace {

void AddTo(std::optional<api::Quantity>& sum, const api::Quantity& q) {
  sum = sum ? sum->Add(q) : q;
}

void MaxInto(std::optional<api::Quantity>& max, const api::Quantity& q) {
  if (!max || q.Compare(*max) > 0) max = q;
}

}  // namespace

std::optional<api::Quantity> PodLimit(const boost::json::object& pod, std::string_view resource) {
  std::optional<api::Quantity> total;
  for (const boost::json::object* c : RegularContainers(pod)) {
    if (auto limit = ResourceQuantity(*c, "limits", resource)) AddTo(total, *limit);
  }
  std::optional<api::Quantity> sidecars;   // restartable init containers so far
  std::optional<api::Quantity> init_peak;  // the largest init-phase need
  for (const ContainerRef& ref : ContainersAndInitContainers(pod)) {
    if (!ref.init) continue;
    std::optional<api::Quantity> limit = ResourceQuantity(*ref.container, "limits", resource);
    std::optional<api::Quantity> need;
    if (IsSidecar(*ref.container)) {
      if (limit) {
        AddTo(total, *limit);
        AddTo(sidecars, *limit);
      }
      need = sidecars;
    } else {
      need = limit;
      if (need && sidecars) need = need->Add(*sidecars);
      if (!need) need = sidecars;
    }
    if (need) MaxInto(init_peak, *need);
  }
  if (init_peak) MaxInto(total, *init_peak);
  if (!total) return std::nullopt;
  const boost::json::value* overhead = Field(Obj(Obj(&pod, "spec"), "overhead"), resource);
  if (overhead != nullptr && overhead->is_string()) {
    StatusOr<api::Quantity> q = api::Quantity::Parse(overhead->get_string());
    if (q.ok()) total = total->Add(*q);
  }
  return total;
}

std::optional<int64_t> PodMemoryLimit(const boost::json::object& pod) {
  bool all_declared = true;
  for (const ContainerRef& ref : ContainersAndInitContainers(pod)) {
    if (ResourceOrZero(*ref.container, "limits", "memory").IsZero()) all_declared = false;
  }
  std::optional<api::Quantity> total = PodLimit(pod, "memory");
  int64_t bytes = total ? total->Value() : 0;
  switch (qos::GetPodQos(pod)) {
    case qos::QosClass::kGuaranteed:
      return bytes;
    case qos::QosClass::kBurstable:
      return all_declared ? std::optional<int64_t>(bytes) : std::nullopt;
    case qos::QosClass::kBestEffort:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kubepp::kubelet::cm
