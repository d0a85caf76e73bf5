#include "kubelet/kuberuntime/pod_actions.h"

#include <boost/json/serialize.hpp>

#include "controllers/util/object_fields.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::ArrayAt;
using controllers::util::BoolAt;
using controllers::util::HasDeletionTimestamp;
using controllers::util::StringAt;

namespace {

std::string_view RestartPolicy(const json::object& pod) {
  auto policy = StringAt(pod, {"spec", "restartPolicy"});
  return policy.empty() ? std::string_view("Always") : policy;
}

std::vector<const json::object*> Containers(const json::object& pod, std::string_view field) {
  std::vector<const json::object*> out;
  if (const json::array* list = ArrayAt(pod, {"spec", field})) {
    for (const auto& c : *list) {
      if (c.is_object()) out.push_back(&c.as_object());
    }
  }
  return out;
}

std::string NameOf(const json::object& container) { return std::string(StringAt(container, {"name"})); }

bool InitContainerFailed(const ContainerRuntimeStatus& s) {
  return (s.state == ContainerState::kExited && s.exit_code != 0) || s.state == ContainerState::kUnknown;
}

// Upstream's podSandboxChanged: whether the pod needs a new sandbox.
void DecideSandbox(const json::object& pod, const PodRuntimeStatus& status, PodActions& actions) {
  if (status.sandboxes.empty()) {
    actions.create_sandbox = true;
    actions.attempt = 0;
    return;
  }
  int ready = 0;
  for (const auto& s : status.sandboxes) ready += s.ready ? 1 : 0;
  const SandboxRuntimeStatus& newest = status.sandboxes.front();
  bool host_network = BoolAt(pod, {"spec", "hostNetwork"}, false);
  bool changed = ready > 1 || !newest.ready || newest.host_network != host_network ||
                 (!host_network && newest.ip.empty());
  actions.attempt = newest.attempt + (changed ? 1 : 0);
  actions.create_sandbox = changed;
  if (!changed) actions.sandbox_id = newest.id;
}

bool ContainerSucceeded(const std::string& name, const PodRuntimeStatus& status) {
  const ContainerRuntimeStatus* s = status.Newest(name);
  return s && s->state == ContainerState::kExited && s->exit_code == 0;
}

struct InitProgress {
  const ContainerRuntimeStatus* last_failed = nullptr;
  std::optional<size_t> next;
  bool done = false;
};

// Upstream's findNextInitContainerToRun.
InitProgress NextInitContainer(const json::object& pod, const PodRuntimeStatus& status) {
  auto inits = Containers(pod, "initContainers");
  if (inits.empty()) return {nullptr, std::nullopt, true};
  for (const json::object* c : Containers(pod, "containers")) {
    const ContainerRuntimeStatus* s = status.Newest(NameOf(*c));
    if (s && s->state == ContainerState::kRunning) return {nullptr, std::nullopt, true};
  }
  for (size_t i = inits.size(); i-- > 0;) {
    const ContainerRuntimeStatus* s = status.Newest(NameOf(*inits[i]));
    if (s && InitContainerFailed(*s)) return {s, i, false};
  }
  for (size_t i = inits.size(); i-- > 0;) {
    const ContainerRuntimeStatus* s = status.Newest(NameOf(*inits[i]));
    if (!s) continue;
    if (s->state == ContainerState::kRunning) return {nullptr, std::nullopt, false};
    if (s->state == ContainerState::kExited) {
      if (i + 1 == inits.size()) return {nullptr, std::nullopt, true};
      return {nullptr, i + 1, false};
    }
  }
  return {nullptr, size_t{0}, false};
}

}  // namespace

uint64_t ContainerHash(const json::object& container) {
  // FNV-1a over the serialized spec: stable for as long as the spec is.
  std::string text = json::serialize(container);
  uint64_t h = 14695981039346656037ull;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

bool ShouldRestartOnFailure(const json::object& pod) { return RestartPolicy(pod) != "Never"; }

bool ShouldContainerBeRestarted(const json::object& container, const json::object& pod,
                                const PodRuntimeStatus& status) {
  if (HasDeletionTimestamp(pod)) return false;
  const ContainerRuntimeStatus* s = status.Newest(NameOf(container));
  if (!s) return true;
  if (s->state == ContainerState::kRunning) return false;
  if (s->state == ContainerState::kUnknown || s->state == ContainerState::kCreated) return true;
  std::string_view policy = RestartPolicy(pod);
  if (policy == "Never") return false;
  if (policy == "OnFailure" && s->exit_code == 0) return false;
  return true;
}

PodActions ComputePodActions(const json::object& pod, const PodRuntimeStatus& status, const ProbeVerdicts& probes) {
  PodActions actions;
  DecideSandbox(pod, status, actions);
  auto containers = Containers(pod, "containers");
  auto inits = Containers(pod, "initContainers");

  if (actions.create_sandbox) {
    actions.kill_pod = true;
    // A pod that must not restart and already ran gets no second sandbox.
    if (!ShouldRestartOnFailure(pod) && actions.attempt != 0 && !status.containers.empty()) {
      actions.create_sandbox = false;
      return actions;
    }
    if (!inits.empty()) {
      actions.next_init_container = 0;
      return actions;
    }
    for (size_t i = 0; i < containers.size(); ++i) {
      if (RestartPolicy(pod) == "OnFailure" && ContainerSucceeded(NameOf(*containers[i]), status)) continue;
      actions.containers_to_start.push_back(i);
    }
    // Everything already succeeded: nothing to run, so no sandbox either.
    if (actions.containers_to_start.empty()) actions.create_sandbox = false;
    return actions;
  }

  if (!inits.empty()) {
    InitProgress progress = NextInitContainer(pod, status);
    if (!progress.done) {
      if (progress.next) {
        bool failed = progress.last_failed != nullptr;
        if (failed && !ShouldRestartOnFailure(pod)) {
          actions.kill_pod = true;
        } else {
          // A failed init container that is still around is removed by the
          // next start; upstream kills an unknown-state one first.
          if (progress.last_failed && progress.last_failed->state == ContainerState::kUnknown) {
            actions.containers_to_kill.push_back({progress.last_failed->id, progress.last_failed->name,
                                                  "Init container is in unknown state", false});
          }
          actions.next_init_container = progress.next;
        }
      }
      return actions;
    }
  }

  int keep = 0;
  for (size_t i = 0; i < containers.size(); ++i) {
    const json::object& c = *containers[i];
    std::string name = NameOf(c);
    const ContainerRuntimeStatus* s = status.Newest(name);
    if (!s || s->state != ContainerState::kRunning) {
      if (ShouldContainerBeRestarted(c, pod, status)) actions.containers_to_start.push_back(i);
      continue;
    }
    std::string message;
    bool unhealthy = false;
    if (s->hash != ContainerHash(c)) {
      message = "Container " + name + " definition changed";
    } else if (probes.liveness_failed && probes.liveness_failed(s->id)) {
      message = "Container " + name + " failed liveness probe";
      unhealthy = true;
    } else if (probes.startup_failed && probes.startup_failed(s->id)) {
      message = "Container " + name + " failed startup probe";
      unhealthy = true;
    } else {
      ++keep;
      continue;
    }
    bool restart = ShouldRestartOnFailure(pod);
    if (restart) {
      actions.containers_to_start.push_back(i);
      message += ", will be restarted";
    }
    actions.containers_to_kill.push_back({s->id, name, message, unhealthy});
  }
  if (keep == 0 && actions.containers_to_start.empty()) actions.kill_pod = true;
  return actions;
}

}  // namespace kubepp::kubelet
