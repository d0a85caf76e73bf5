#include "kubelet/eviction/admission.h"

#include "controllers/nodelifecycle/taints.h"
#include "controllers/util/object_fields.h"
#include "kubelet/eviction/eviction_message.h"
#include "kubelet/eviction/signals.h"
#include "kubelet/qos/oom_score.h"
#include "kubelet/qos/qos_class.h"

namespace kubepp::kubelet::eviction {
namespace {

namespace json = boost::json;

bool ToleratesMemoryPressure(const json::object& pod) {
  const json::array* tolerations = controllers::util::ArrayAt(pod, {"spec", "tolerations"});
  if (!tolerations) return false;
  controllers::Taint taint{std::string(controllers::kTaintMemoryPressure), "", "NoSchedule", ""};
  for (const auto& t : *tolerations) {
    if (t.is_object() && controllers::ToleratesTaint(t.as_object(), taint)) return true;
  }
  return false;
}

}  // namespace

PodAdmitResult AdmitUnderPressure(const std::vector<std::string>& node_conditions,
                                  const json::object& pod) {
  if (node_conditions.empty() || qos::IsCriticalPod(pod)) return {};
  bool memory_only = node_conditions.size() == 1 && node_conditions[0] == kMemoryPressure;
  if (memory_only) {
    if (qos::GetPodQos(pod) != qos::QosClass::kBestEffort) return {};
    if (ToleratesMemoryPressure(pod)) return {};
  }
  return PodAdmitResult{false, std::string(kEvictedReason), NodeConditionMessage(node_conditions)};
}

}  // namespace kubepp::kubelet::eviction
