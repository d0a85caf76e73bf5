#include "kubelet/status/pod_status.h"

#include <boost/json.hpp>

#include "client/time_format.h"
#include "controllers/util/object_fields.h"
#include "kubelet/kuberuntime/pod_actions.h"
#include "kubelet/qos/qos_class.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::ArrayAt;
using controllers::util::BoolAt;
using controllers::util::ObjectAt;
using controllers::util::StringAt;

namespace {

bool Set(Clock::TimePoint t) { return t.time_since_epoch().count() != 0; }

json::object Terminated(const ContainerRuntimeStatus& s, const std::string& id_prefix) {
  json::object t;
  t["exitCode"] = s.exit_code;
  t["reason"] = s.reason.empty() ? (s.exit_code == 0 ? "Completed" : "Error") : s.reason;
  if (!s.message.empty()) t["message"] = s.message;
  t["startedAt"] = Set(s.started_at) ? json::value(client::FormatTime(s.started_at)) : json::value(nullptr);
  t["finishedAt"] = Set(s.finished_at) ? json::value(client::FormatTime(s.finished_at)) : json::value(nullptr);
  t["containerID"] = id_prefix + s.id;
  return t;
}

// Upstream's convertContainerStatus: one runtime instance as an API state.
json::object StateOf(const ContainerRuntimeStatus& s, const std::string& id_prefix) {
  json::object state;
  switch (s.state) {
    case ContainerState::kRunning: {
      json::object running;
      running["startedAt"] = client::FormatTime(s.started_at);
      state["running"] = std::move(running);
      break;
    }
    case ContainerState::kExited:
      state["terminated"] = Terminated(s, id_prefix);
      break;
    case ContainerState::kCreated:
      state["waiting"] = json::object();
      break;
    case ContainerState::kUnknown: {
      json::object t;
      t["exitCode"] = 137;
      t["reason"] = "ContainerStatusUnknown";
      t["message"] = "The container could not be located when the pod was terminated";
      t["startedAt"] = nullptr;
      t["finishedAt"] = nullptr;
      state["terminated"] = std::move(t);
      break;
    }
  }
  return state;
}

json::object Waiting(std::string_view reason, std::string_view message = {}) {
  json::object waiting;
  waiting["reason"] = reason;
  if (!message.empty()) waiting["message"] = message;
  json::object state;
  state["waiting"] = std::move(waiting);
  return state;
}

json::array ContainerStatuses(const json::object& pod, std::string_view field, const PodStatusInputs& in,
                              std::string_view default_waiting) {
  json::array out;
  const json::array* list = ArrayAt(pod, {"spec", field});
  if (!list) return out;
  const std::string id_prefix = in.runtime_name + "://";
  const PodRuntimeStatus& rt = *in.runtime;
  for (const auto& cv : *list) {
    if (!cv.is_object()) continue;
    const json::object& c = cv.as_object();
    std::string name(StringAt(c, {"name"}));
    json::object status;
    status["name"] = name;
    status["image"] = StringAt(c, {"image"});
    status["imageID"] = "";
    status["ready"] = false;
    status["restartCount"] = 0;
    status["started"] = false;
    const ContainerRuntimeStatus* newest = rt.Newest(name);
    const ContainerRuntimeStatus* previous = rt.Previous(name);
    json::object state = Waiting(default_waiting);
    json::object last_state;
    if (newest) {
      state = StateOf(*newest, id_prefix);
      status["imageID"] = newest->image_ref;
      status["containerID"] = id_prefix + newest->id;
      status["restartCount"] = newest->restart_count;
      if (newest->state == ContainerState::kRunning) {
        bool started = !in.started || in.started(newest->id);
        status["started"] = started;
        status["ready"] = started && (!in.ready || in.ready(newest->id));
      }
    }
    if (previous) last_state = StateOf(*previous, id_prefix);
    // A container the next sync restarts is Waiting, with the reason its
    // last start failed (CrashLoopBackOff, ErrImagePull, ...).
    auto failure = in.start_failures.find(name);
    if (failure != in.start_failures.end() && !in.terminating && ShouldContainerBeRestarted(c, pod, rt)) {
      if (state.contains("terminated")) last_state = state;
      state = Waiting(failure->second.reason, failure->second.message);
    }
    status["state"] = std::move(state);
    status["lastState"] = std::move(last_state);
    // Upstream's field order: name, state, lastState, ready, restartCount,
    // image, imageID, containerID, started.
    json::object ordered;
    for (std::string_view key : {"name", "state", "lastState", "ready", "restartCount", "image", "imageID",
                                 "containerID", "started"}) {
      if (auto* v = status.if_contains(key)) ordered[key] = *v;
    }
    out.push_back(std::move(ordered));
  }
  return out;
}

const json::object* FindStatus(const json::array& statuses, std::string_view name) {
  for (const auto& s : statuses) {
    if (s.is_object() && StringAt(s.as_object(), {"name"}) == name) return &s.as_object();
  }
  return nullptr;
}

bool TerminatedWith(const json::object& state, int64_t* exit_code) {
  const json::value* t = state.if_contains("terminated");
  if (!t || !t->is_object()) return false;
  *exit_code = controllers::util::IntAt(t->as_object(), {"exitCode"}, 0);
  return true;
}

json::object Condition(const json::object* old_status, std::string_view type, bool ok, std::string_view reason,
                       std::string_view message, Clock::TimePoint now) {
  json::object c;
  c["type"] = type;
  c["status"] = ok ? "True" : "False";
  c["lastProbeTime"] = nullptr;
  std::string transition = client::FormatTime(now);
  if (old_status) {
    if (const json::array* old = ArrayAt(*old_status, {"conditions"})) {
      for (const auto& o : *old) {
        if (!o.is_object() || StringAt(o.as_object(), {"type"}) != type) continue;
        if (StringAt(o.as_object(), {"status"}) == c["status"].as_string()) {
          std::string_view t = StringAt(o.as_object(), {"lastTransitionTime"});
          if (!t.empty()) transition = std::string(t);
        }
      }
    }
  }
  c["lastTransitionTime"] = transition;
  if (!reason.empty()) c["reason"] = reason;
  if (!message.empty()) c["message"] = message;
  return c;
}

// The conditions the kubelet computes itself (upstream's PodConditionByKubelet).
bool OwnedByKubelet(std::string_view type) {
  return type == "PodReadyToStartContainers" || type == "Initialized" || type == "Ready" ||
         type == "ContainersReady";
}

void AppendConditionsNotOwned(const json::object* old_status, json::array& conditions) {
  if (!old_status) return;
  const json::array* old = ArrayAt(*old_status, {"conditions"});
  if (!old) return;
  for (const auto& o : *old) {
    if (o.is_object() && !OwnedByKubelet(StringAt(o.as_object(), {"type"}))) conditions.push_back(o);
  }
}

void ReplaceOrAppendCondition(json::array& conditions, const json::object& condition) {
  std::string_view type = StringAt(condition, {"type"});
  for (auto& c : conditions) {
    if (c.is_object() && StringAt(c.as_object(), {"type"}) == type) {
      c = condition;
      return;
    }
  }
  conditions.push_back(condition);
}

std::string NameList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? " " : "") + names[i];
  return out + "]";
}

}  // namespace

bool IsTerminalPhase(std::string_view phase) { return phase == "Succeeded" || phase == "Failed"; }

std::string PodPhase(const json::object& pod, const json::array& init_statuses, const json::array& statuses) {
  std::string_view policy = StringAt(pod, {"spec", "restartPolicy"});
  if (policy.empty()) policy = "Always";
  int pending_init = 0, failed_init = 0;
  if (const json::array* inits = ArrayAt(pod, {"spec", "initContainers"})) {
    for (const auto& c : *inits) {
      if (!c.is_object()) continue;
      const json::object* s = FindStatus(init_statuses, StringAt(c.as_object(), {"name"}));
      const json::object* state = s ? ObjectAt(*s, {"state"}) : nullptr;
      int64_t code = 0;
      if (!state) {
        ++pending_init;
      } else if (TerminatedWith(*state, &code)) {
        if (code != 0) ++failed_init;
      } else if (state->contains("waiting")) {
        const json::object* last = ObjectAt(*s, {"lastState"});
        if (last && TerminatedWith(*last, &code)) {
          if (code != 0) ++failed_init;
        } else {
          ++pending_init;
        }
      } else {
        ++pending_init;
      }
    }
  }
  int unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
  if (const json::array* containers = ArrayAt(pod, {"spec", "containers"})) {
    for (const auto& c : *containers) {
      if (!c.is_object()) continue;
      const json::object* s = FindStatus(statuses, StringAt(c.as_object(), {"name"}));
      const json::object* state = s ? ObjectAt(*s, {"state"}) : nullptr;
      int64_t code = 0;
      if (!state) {
        ++unknown;
      } else if (state->contains("running")) {
        ++running;
      } else if (TerminatedWith(*state, &code)) {
        ++stopped;
        if (code == 0) ++succeeded;
      } else if (state->contains("waiting")) {
        const json::object* last = ObjectAt(*s, {"lastState"});
        if (last && TerminatedWith(*last, &code)) {
          ++stopped;
        } else {
          ++waiting;
        }
      } else {
        ++unknown;
      }
    }
  }
  if (failed_init > 0 && policy == "Never") return "Failed";
  if (pending_init > 0 || failed_init > 0) return "Pending";
  if (waiting > 0) return "Pending";
  if (running > 0 && unknown == 0) return "Running";
  if (running == 0 && stopped > 0 && unknown == 0) {
    if (policy == "Always") return "Running";
    if (stopped == succeeded) return "Succeeded";
    if (policy == "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

json::object GeneratePodStatus(const json::object& pod, const PodStatusInputs& in) {
  const json::object* old_status = ObjectAt(pod, {"status"});
  json::object status;
  bool has_inits = ArrayAt(pod, {"spec", "initContainers"}) && !ArrayAt(pod, {"spec", "initContainers"})->empty();
  json::array init_statuses = ContainerStatuses(pod, "initContainers", in, "PodInitializing");
  json::array statuses = ContainerStatuses(pod, "containers", in, has_inits ? "PodInitializing" : "ContainerCreating");
  if (in.update_readiness) {
    json::object lists;
    lists["initContainerStatuses"] = std::move(init_statuses);
    lists["containerStatuses"] = std::move(statuses);
    in.update_readiness(pod, lists);
    init_statuses = std::move(lists["initContainerStatuses"].as_array());
    statuses = std::move(lists["containerStatuses"].as_array());
  }

  std::string phase = PodPhase(pod, init_statuses, statuses);
  std::string_view old_phase = old_status ? StringAt(*old_status, {"phase"}) : std::string_view();
  // A terminal phase never changes again.
  if (IsTerminalPhase(old_phase)) phase = std::string(old_phase);
  // A pod the kubelet is tearing down whose containers all stopped ends
  // Failed or Succeeded rather than Running (upstream's terminal phase); one
  // the kubelet ends on its own ends Failed.
  bool any_running = false;
  for (const auto& s : statuses) {
    const json::object* state = ObjectAt(s.as_object(), {"state"});
    any_running = any_running || (state && state->contains("running"));
  }
  if (in.terminating && phase == "Running" && !any_running) phase = "Failed";
  bool terminated_by_kubelet = in.termination && !any_running && !IsTerminalPhase(old_phase);
  if (terminated_by_kubelet) phase = "Failed";

  // Conditions in upstream's order.
  const SandboxRuntimeStatus* sandbox = in.runtime->sandboxes.empty() ? nullptr : &in.runtime->sandboxes.front();
  json::array conditions;
  conditions.push_back(Condition(old_status, "PodReadyToStartContainers", sandbox && sandbox->ready, "", "", in.now));
  std::vector<std::string> incomplete_inits;
  if (const json::array* inits = ArrayAt(pod, {"spec", "initContainers"})) {
    for (const auto& c : *inits) {
      std::string_view name = StringAt(c.as_object(), {"name"});
      const json::object* s = FindStatus(init_statuses, name);
      const json::object* state = s ? ObjectAt(*s, {"state"}) : nullptr;
      int64_t code = 1;
      if (!state || !TerminatedWith(*state, &code) || code != 0) incomplete_inits.emplace_back(name);
    }
  }
  // Once all app containers ran, the init containers are complete even if
  // the runtime no longer holds them.
  bool app_started = false;
  for (const auto& s : statuses) {
    const json::object* state = ObjectAt(s.as_object(), {"state"});
    const json::object* last = ObjectAt(s.as_object(), {"lastState"});
    app_started = app_started || (state && (state->contains("running") || state->contains("terminated"))) ||
                  (last && last->contains("terminated"));
  }
  if (app_started) incomplete_inits.clear();
  bool initialized = incomplete_inits.empty();
  conditions.push_back(Condition(old_status, "Initialized", initialized,
                                 initialized ? "" : "ContainersNotInitialized",
                                 initialized ? "" : "containers with incomplete status: " + NameList(incomplete_inits),
                                 in.now));
  std::vector<std::string> unready;
  for (const auto& s : statuses) {
    if (!BoolAt(s.as_object(), {"ready"}, false)) unready.emplace_back(StringAt(s.as_object(), {"name"}));
  }
  bool containers_ready = unready.empty() && !statuses.empty();
  std::string not_ready_reason = IsTerminalPhase(phase) ? "PodCompleted" : "ContainersNotReady";
  std::string not_ready_message =
      IsTerminalPhase(phase) ? "" : "containers with unready status: " + NameList(unready);
  if (IsTerminalPhase(phase)) containers_ready = false;
  conditions.push_back(Condition(old_status, "Ready", containers_ready, containers_ready ? "" : not_ready_reason,
                                 containers_ready ? "" : not_ready_message, in.now));
  conditions.push_back(Condition(old_status, "ContainersReady", containers_ready,
                                 containers_ready ? "" : not_ready_reason, containers_ready ? "" : not_ready_message,
                                 in.now));
  // Conditions of others (PodScheduled: the scheduler's; DisruptionTarget:
  // the eviction API's, ...) are kept as they are.
  AppendConditionsNotOwned(old_status, conditions);
  if (terminated_by_kubelet && in.termination->condition) {
    ReplaceOrAppendCondition(conditions, *in.termination->condition);
  }

  status["phase"] = phase;
  status["conditions"] = std::move(conditions);
  if (terminated_by_kubelet) {
    status["message"] = in.termination->message;
    status["reason"] = in.termination->reason;
  } else if (old_status && phase == old_phase) {
    // The reason and message belong to the phase (upstream keeps them with it).
    if (const json::value* message = old_status->if_contains("message")) status["message"] = *message;
    if (const json::value* reason = old_status->if_contains("reason")) status["reason"] = *reason;
  }
  if (!in.host_ips.empty()) {
    status["hostIP"] = in.host_ips.front();
    json::array host_ips;
    for (const auto& ip : in.host_ips) host_ips.push_back(json::object{{"ip", ip}});
    status["hostIPs"] = std::move(host_ips);
  }
  std::vector<std::string> pod_ips;
  if (BoolAt(pod, {"spec", "hostNetwork"}, false)) {
    pod_ips = in.host_ips;
  } else if (sandbox && !sandbox->ip.empty()) {
    pod_ips.push_back(sandbox->ip);
    for (const auto& ip : sandbox->additional_ips) pod_ips.push_back(ip);
  } else if (old_status && !StringAt(*old_status, {"podIP"}).empty() && IsTerminalPhase(phase)) {
    // A finished pod keeps the address it had.
    pod_ips.emplace_back(StringAt(*old_status, {"podIP"}));
  }
  if (!pod_ips.empty()) {
    status["podIP"] = pod_ips.front();
    json::array ips;
    for (const auto& ip : pod_ips) ips.push_back(json::object{{"ip", ip}});
    status["podIPs"] = std::move(ips);
  }
  std::string_view start_time = old_status ? StringAt(*old_status, {"startTime"}) : std::string_view();
  status["startTime"] = start_time.empty() ? client::FormatTime(in.now) : std::string(start_time);
  if (!init_statuses.empty()) status["initContainerStatuses"] = std::move(init_statuses);
  status["containerStatuses"] = std::move(statuses);
  if (!in.qos_class.empty()) status["qosClass"] = in.qos_class;
  return status;
}

json::object RejectedPodStatus(const json::object& pod, std::string_view reason, std::string_view message,
                               Clock::TimePoint now) {
  const json::object* old_status = ObjectAt(pod, {"status"});
  json::object status;
  status["phase"] = "Failed";
  json::array conditions;
  AppendConditionsNotOwned(old_status, conditions);
  if (!conditions.empty()) status["conditions"] = std::move(conditions);
  status["message"] = "Pod was rejected: " + std::string(message);
  status["reason"] = reason;
  std::string_view start_time = old_status ? StringAt(*old_status, {"startTime"}) : std::string_view();
  status["startTime"] = start_time.empty() ? client::FormatTime(now) : std::string(start_time);
  status["qosClass"] = qos::QosClassName(qos::GetPodQos(pod));
  return status;
}

}  // namespace kubepp::kubelet
