// Pods and pod templates. The pod STATUS cell follows upstream's printPod:
// the phase (or status.reason), overridden by SchedulingGated, by the first
// init container that has not finished ("Init:0/2", "Init:CrashLoopBackOff",
// "Init:ExitCode:1"), then by the last regular container's waiting or
// terminated reason ("ContainerCreating", "CrashLoopBackOff", "Completed",
// "ExitCode:137"), and finally by "Terminating" / "Unknown" for pods being
// deleted. RESTARTS is "5 (3m ago)" once a container has restarted.
#include <optional>
#include <string>
#include <unordered_map>

#include "api/printers/human_duration.h"
#include "api/printers/json_fields.h"
#include "api/printers/label_format.h"
#include "api/printers/printer.h"
#include "api/printers/timestamp.h"

namespace kubepp::api::printers {
namespace {

using Micros = std::chrono::microseconds;
using boost::json::object;

bool IsRestartableInitContainer(const object* c) {
  return c && Str(*c, "restartPolicy") == "Always";
}

bool HasCondition(const object& status, std::string_view type) {
  for (const auto& c : Arr(status, "conditions")) {
    const object& cond = AsObj(c);
    if (Str(cond, "type") == type && Str(cond, "status") == "True") return true;
  }
  return false;
}

// Keeps the latest lastState.terminated.finishedAt seen.
void NoteRestart(const object& container_status, std::optional<Micros>* latest) {
  const object& terminated = Obj(Obj(container_status, "lastState"), "terminated");
  std::optional<Micros> t = ParseTimestamp(Find(terminated, "finishedAt"));
  if (t && (!*latest || **latest < *t)) *latest = t;
}

std::string ExitText(const object& terminated, const std::string& prefix) {
  const long long signal = Int(terminated, "signal");
  if (signal != 0) return prefix + "Signal:" + std::to_string(signal);
  return prefix + "ExitCode:" + std::to_string(Int(terminated, "exitCode"));
}

boost::json::array PodCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");

  long long restarts = 0;
  long long restartable_init_restarts = 0;
  long long total = static_cast<long long>(Arr(spec, "containers").size());
  long long ready = 0;
  std::optional<Micros> last_restart;
  std::optional<Micros> last_restartable_init_restart;

  const std::string phase = Str(status, "phase");
  std::string reason = phase;
  if (!Str(status, "reason").empty()) reason = Str(status, "reason");
  for (const auto& c : Arr(status, "conditions")) {
    const object& cond = AsObj(c);
    if (Str(cond, "type") == "PodScheduled" && Str(cond, "reason") == "SchedulingGated") {
      reason = "SchedulingGated";
    }
  }

  const boost::json::array& init_specs = Arr(spec, "initContainers");
  std::unordered_map<std::string, const object*> init_by_name;
  for (const auto& c : init_specs) {
    const object& container = AsObj(c);
    init_by_name[Str(container, "name")] = &container;
    if (IsRestartableInitContainer(&container)) ++total;
  }

  bool initializing = false;
  const boost::json::array& init_statuses = Arr(status, "initContainerStatuses");
  for (size_t i = 0; i < init_statuses.size(); ++i) {
    const object& cs = AsObj(init_statuses[i]);
    auto spec_it = init_by_name.find(Str(cs, "name"));
    const bool restartable =
        IsRestartableInitContainer(spec_it == init_by_name.end() ? nullptr : spec_it->second);
    restarts += Int(cs, "restartCount");
    NoteRestart(cs, &last_restart);
    if (restartable) {
      restartable_init_restarts += Int(cs, "restartCount");
      NoteRestart(cs, &last_restartable_init_restart);
    }
    const object& state = Obj(cs, "state");
    const boost::json::value* terminated = Find(state, "terminated");
    const boost::json::value* waiting = Find(state, "waiting");
    if (terminated && Int(AsObj(*terminated), "exitCode") == 0) continue;
    if (restartable && Bool(cs, "started")) {
      if (Bool(cs, "ready")) ++ready;
      continue;
    }
    if (terminated) {
      const std::string r = Str(AsObj(*terminated), "reason");
      reason = r.empty() ? ExitText(AsObj(*terminated), "Init:") : "Init:" + r;
    } else if (waiting && !Str(AsObj(*waiting), "reason").empty() &&
               Str(AsObj(*waiting), "reason") != "PodInitializing") {
      reason = "Init:" + Str(AsObj(*waiting), "reason");
    } else {
      reason = "Init:" + std::to_string(i) + "/" + std::to_string(init_specs.size());
    }
    initializing = true;
    break;
  }

  if (!initializing || HasCondition(status, "Initialized")) {
    restarts = restartable_init_restarts;
    last_restart = last_restartable_init_restart;
    bool has_running = false;
    const boost::json::array& statuses = Arr(status, "containerStatuses");
    for (size_t n = statuses.size(); n-- > 0;) {
      const object& cs = AsObj(statuses[n]);
      restarts += Int(cs, "restartCount");
      NoteRestart(cs, &last_restart);
      const object& state = Obj(cs, "state");
      const boost::json::value* waiting = Find(state, "waiting");
      const boost::json::value* terminated = Find(state, "terminated");
      if (waiting && !Str(AsObj(*waiting), "reason").empty()) {
        reason = Str(AsObj(*waiting), "reason");
      } else if (terminated && !Str(AsObj(*terminated), "reason").empty()) {
        reason = Str(AsObj(*terminated), "reason");
      } else if (terminated) {
        reason = ExitText(AsObj(*terminated), "");
      } else if (Bool(cs, "ready") && Find(state, "running")) {
        has_running = true;
        ++ready;
      }
    }
    // A pod whose containers partly completed still runs while one is running.
    if (reason == "Completed" && has_running) {
      reason = HasCondition(status, "Ready") ? "Running" : "NotReady";
    }
  }

  if (Meta(ctx.obj, "deletionTimestamp")) {
    if (Str(status, "reason") == "NodeLost") {
      reason = "Unknown";
    } else if (phase != "Failed" && phase != "Succeeded") {
      reason = "Terminating";
    }
  }

  std::string restarts_text = std::to_string(restarts);
  if (restarts != 0 && last_restart) {
    restarts_text += " (" + HumanDuration(ctx.now - *last_restart) + " ago)";
  }

  std::string pod_ip;
  if (const auto& ips = Arr(status, "podIPs"); !ips.empty()) {
    pod_ip = Str(AsObj(ips[0]), "ip");
  } else {
    pod_ip = Str(status, "podIP");
  }
  std::string node = Str(spec, "nodeName");
  std::string nominated = Str(status, "nominatedNodeName");
  if (pod_ip.empty()) pod_ip = "<none>";
  if (node.empty()) node = "<none>";
  if (nominated.empty()) nominated = "<none>";

  std::string gates = "<none>";
  const boost::json::array& readiness_gates = Arr(spec, "readinessGates");
  if (!readiness_gates.empty()) {
    size_t true_conditions = 0;
    for (const auto& g : readiness_gates) {
      const std::string type = Str(AsObj(g), "conditionType");
      for (const auto& c : Arr(status, "conditions")) {
        const object& cond = AsObj(c);
        if (Str(cond, "type") == type) {
          if (Str(cond, "status") == "True") ++true_conditions;
          break;
        }
      }
    }
    gates = std::to_string(true_conditions) + "/" + std::to_string(readiness_gates.size());
  }

  return {boost::json::value(Name(ctx.obj)),
          boost::json::value(std::to_string(ready) + "/" + std::to_string(total)),
          boost::json::value(reason),
          boost::json::value(restarts_text),
          boost::json::value(Age(ctx)),
          boost::json::value(pod_ip),
          boost::json::value(node),
          boost::json::value(nominated),
          boost::json::value(gates)};
}

boost::json::array PodTemplateCells(const PrintContext& ctx) {
  const object& tmpl = Obj(ctx.obj, "template");
  auto [names, images] = LayoutContainers(Obj(tmpl, "spec"));
  return {boost::json::value(Name(ctx.obj)), boost::json::value(names), boost::json::value(images),
          boost::json::value(FormatLabels(Find(Obj(tmpl, "metadata"), "labels")))};
}

}  // namespace

void RegisterPodPrinters(PrinterMap& m) {
  m[{"", "pods"}] = Printer{
      {
          NameColumn(),
          {"Ready", "string", "",
           "The aggregate readiness state of this pod for accepting traffic.", 0},
          {"Status", "string", "", "The aggregate status of the containers in this pod.", 0},
          {"Restarts", "string", "",
           "The number of times the containers in this pod have been restarted and when the last "
           "container in this pod has restarted.",
           0},
          AgeColumn(),
          {"IP", "string", "",
           "podIP address allocated to the pod. Routable at least within the cluster. Empty if not "
           "yet allocated.",
           1},
          {"Node", "string", "",
           "NodeName indicates in which node this pod is scheduled. If empty, this pod is a "
           "candidate for scheduling by the scheduler defined in schedulerName.",
           1},
          {"Nominated Node", "string", "",
           "nominatedNodeName is set only when this pod preempts other pods on the node, but it "
           "cannot be scheduled right away as preemption victims receive their graceful "
           "termination periods.",
           1},
          {"Readiness Gates", "string", "",
           "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready "
           "when all its containers are ready AND all conditions specified in the readiness gates "
           "have status equal to \"True\"",
           1},
      },
      PodCells,
      // PodCells, and TableRowConditions (status.phase).
      JsonProjection{"metadata.name", "metadata.creationTimestamp", "metadata.deletionTimestamp",
                     "spec.containers.name", "spec.initContainers.name",
                     "spec.initContainers.restartPolicy", "spec.nodeName", "spec.readinessGates",
                     "status"}};
  m[{"", "podtemplates"}] =
      Printer{{
                  NameColumn(),
                  ContainersColumn(0),
                  ImagesColumn(0),
                  {"Pod Labels", "string", "", "The labels for the pod template.", 0},
              },
              PodTemplateCells};
}

}  // namespace kubepp::api::printers
