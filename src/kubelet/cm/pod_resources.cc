#include "kubelet/cm/pod_resources.h"

#include <algorithm>

#include "kubelet/pod_fields.h"
#include "kubelet/qos/qos_class.h"

namespace kubepp::kubelet::cm {

std::optional<int64_t> PodMemoryLimit(const boost::json::object& pod) {
  bool all_declared = true;
  api::Quantity total;
  for (const boost::json::object* c : RegularContainers(pod)) {
    api::Quantity limit = ResourceOrZero(*c, "limits", "memory");
    if (limit.IsZero()) all_declared = false;
    total = total.Add(limit);
  }
  api::Quantity sidecars;   // restartable init containers so far
  api::Quantity init_peak;  // the largest init-phase need
  for (const ContainerRef& ref : ContainersAndInitContainers(pod)) {
    if (!ref.init) continue;
    api::Quantity limit = ResourceOrZero(*ref.container, "limits", "memory");
    if (limit.IsZero()) all_declared = false;
    api::Quantity need;
    if (IsSidecar(*ref.container)) {
      total = total.Add(limit);
      sidecars = sidecars.Add(limit);
      need = sidecars;
    } else {
      need = limit.Add(sidecars);
    }
    if (need.Compare(init_peak) > 0) init_peak = need;
  }
  if (init_peak.Compare(total) > 0) total = init_peak;
  // Overhead counts only on top of a limit that exists.
  if (!total.IsZero()) {
    const boost::json::value* overhead = Field(Obj(Obj(&pod, "spec"), "overhead"), "memory");
    if (overhead != nullptr && overhead->is_string()) {
      StatusOr<api::Quantity> q = api::Quantity::Parse(overhead->get_string());
      if (q.ok()) total = total.Add(*q);
    }
  }
  switch (qos::GetPodQos(pod)) {
    case qos::QosClass::kGuaranteed:
      return total.Value();
    case qos::QosClass::kBurstable:
      return all_declared ? std::optional<int64_t>(total.Value()) : std::nullopt;
    case qos::QosClass::kBestEffort:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kubepp::kubelet::cm
