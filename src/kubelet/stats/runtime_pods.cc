#include "kubelet/stats/runtime_pods.h"

#include <algorithm>
#include <utility>

namespace kubepp::kubelet::stats {

namespace v1 = ::runtime::v1;

std::vector<v1::PodSandbox> RemoveTerminatedPods(std::vector<v1::PodSandbox> sandboxes) {
  std::stable_sort(sandboxes.begin(), sandboxes.end(),
                   [](const v1::PodSandbox& a, const v1::PodSandbox& b) {
                     return a.created_at() < b.created_at();
                   });
  std::map<std::pair<std::string, std::string>, std::vector<const v1::PodSandbox*>> by_pod;
  for (const auto& s : sandboxes)
    by_pod[{s.metadata().namespace_(), s.metadata().name()}].push_back(&s);
  std::vector<v1::PodSandbox> out;
  for (const auto& [key, group] : by_pod) {
    if (group.size() == 1) {
      out.push_back(*group.front());
      continue;
    }
    bool ready = false;
    for (const v1::PodSandbox* s : group) {
      if (s->state() == v1::SANDBOX_READY) {
        out.push_back(*s);
        ready = true;
      }
    }
    if (!ready) out.push_back(*group.back());
  }
  return out;
}

StatusOr<RuntimePods> ListRuntimePods(cri::RuntimeService& runtime) {
  auto sandboxes = runtime.ListPodSandbox(v1::ListPodSandboxRequest());
  if (!sandboxes.ok()) {
    return Status::Unavailable("failed to list all pod sandboxes: " + sandboxes.status().message());
  }
  auto containers = runtime.ListContainers(v1::ListContainersRequest());
  if (!containers.ok())
    return Status::Unavailable("failed to list all containers: " + containers.status().message());
  RuntimePods pods;
  std::vector<v1::PodSandbox> all(sandboxes->items().begin(), sandboxes->items().end());
  for (auto& s : RemoveTerminatedPods(std::move(all))) {
    std::string id = s.id();
    pods.sandboxes.emplace(std::move(id), std::move(s));
  }
  for (const auto& c : containers->containers()) {
    if (c.state() == v1::CONTAINER_RUNNING) pods.containers.emplace(c.id(), c);
  }
  return pods;
}

}  // namespace kubepp::kubelet::stats
