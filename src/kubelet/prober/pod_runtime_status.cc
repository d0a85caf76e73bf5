#include "kubelet/prober/pod_runtime_status.h"

#include "client/time_format.h"
#include "kubelet/json_access.h"

namespace kubepp::kubelet::prober {
namespace json = boost::json;
namespace {

std::vector<ContainerRuntimeStatus> Containers(const json::object& status, std::string_view key) {
  std::vector<ContainerRuntimeStatus> out;
  const json::value* list = status.if_contains(key);
  if (!list || !list->is_array()) return out;
  for (const auto& item : list->get_array()) {
    const json::object* c = item.if_object();
    if (!c) continue;
    ContainerRuntimeStatus s;
    s.name = std::string(StringIn(c, "name"));
    s.container_id = std::string(StringIn(c, "containerID"));
    const json::object* state = ObjectIn(c, "state");
    if (const json::object* running = ObjectIn(state, "running")) {
      s.state = ContainerRuntimeStatus::State::kRunning;
      if (auto t = client::ParseTime(StringIn(running, "startedAt"))) s.started_at = *t;
    } else if (ObjectIn(state, "terminated")) {
      s.state = ContainerRuntimeStatus::State::kTerminated;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

PodRuntimeStatus PodRuntimeStatusFromJson(const json::object& pod_status) {
  PodRuntimeStatus out;
  out.phase = std::string(StringIn(&pod_status, "phase"));
  out.pod_ip = std::string(StringIn(&pod_status, "podIP"));
  out.containers = Containers(pod_status, "containerStatuses");
  out.init_containers = Containers(pod_status, "initContainerStatuses");
  return out;
}

}  // namespace kubepp::kubelet::prober
