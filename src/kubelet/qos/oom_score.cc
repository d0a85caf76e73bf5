#include "kubelet/qos/oom_score.h"

#include <algorithm>

#include "kubelet/pod_fields.h"
#include "kubelet/qos/qos_class.h"

namespace kubepp::kubelet::qos {
namespace {

constexpr int64_t kSystemCriticalPriority = 2000000000;

const boost::json::object* Annotations(const boost::json::object& pod) {
  return Obj(Obj(&pod, "metadata"), "annotations");
}

bool IsStaticPod(const boost::json::object& pod) {
  const boost::json::value* source = Field(Annotations(pod), "kubernetes.io/config.source");
  return source != nullptr && source->is_string() && source->get_string() != "api";
}

bool IsMirrorPod(const boost::json::object& pod) {
  return Field(Annotations(pod), "kubernetes.io/config.mirror") != nullptr;
}

int64_t MemoryRequest(const boost::json::object& container) {
  return ResourceOrZero(container, "requests", "memory").Value();
}

// A restartable init container of `pod` with this container's name.
bool IsSidecarOf(const boost::json::object& pod, const boost::json::object& container) {
  if (!IsSidecar(container)) return false;
  std::string name = Str(&container, "name");
  for (const ContainerRef& ref : ContainersAndInitContainers(pod)) {
    if (ref.init && Str(ref.container, "name") == name) return true;
  }
  return false;
}

// 1000 - 1000*request/capacity with Go's int64 arithmetic (wrapping on
// overflow rather than undefined).
int64_t AdjustFor(int64_t request, int64_t capacity) {
  int64_t scaled = static_cast<int64_t>(static_cast<uint64_t>(request) * 1000u);
  return 1000 - scaled / capacity;
}

}  // namespace

bool IsCriticalPod(const boost::json::object& pod) {
  if (IsStaticPod(pod) || IsMirrorPod(pod)) return true;
  std::optional<int64_t> priority = Int(Obj(&pod, "spec"), "priority");
  return priority && *priority >= kSystemCriticalPriority;
}

bool IsNodeCriticalPod(const boost::json::object& pod) {
  return IsCriticalPod(pod) &&
         Str(Obj(&pod, "spec"), "priorityClassName") == "system-node-critical";
}

int ContainerOomScoreAdjust(const boost::json::object& pod, const boost::json::object& container,
                            int64_t memory_capacity) {
  if (IsNodeCriticalPod(pod)) return kGuaranteedOomScoreAdj;
  switch (GetPodQos(pod)) {
    case QosClass::kGuaranteed:
      return kGuaranteedOomScoreAdj;
    case QosClass::kBestEffort:
      return kBestEffortOomScoreAdj;
    case QosClass::kBurstable:
      break;
  }
  // Burstable: the more memory a container requests, the safer it is; one
  // using more than its request ends up with a total score near 1000.
  int64_t adjust = AdjustFor(MemoryRequest(container), memory_capacity);
  if (IsSidecarOf(pod, container)) {
    std::vector<const boost::json::object*> regular = RegularContainers(pod);
    if (!regular.empty()) {
      int64_t min_request = MemoryRequest(*regular[0]);
      for (size_t i = 1; i < regular.size(); ++i)
        min_request = std::min(min_request, MemoryRequest(*regular[i]));
      int64_t min_adjust = AdjustFor(min_request, memory_capacity);
      if (adjust > min_adjust) adjust = min_adjust;
    }
  }
  if (adjust < 1000 + kGuaranteedOomScoreAdj) return 1000 + kGuaranteedOomScoreAdj;
  if (adjust == kBestEffortOomScoreAdj) return static_cast<int>(adjust - 1);
  return static_cast<int>(adjust);
}

}  // namespace kubepp::kubelet::qos
