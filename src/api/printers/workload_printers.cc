// Workload controllers of the core and apps groups: replication controllers,
// replica sets, deployments, daemon sets, stateful sets and their controller
// revisions. Desired replicas default to 1 when absent, as defaulting sets them.
#include <optional>
#include <string>

#include "api/printers/json_fields.h"
#include "api/printers/label_format.h"
#include "api/printers/printer.h"

namespace kubepp::api::printers {
namespace {

using boost::json::object;
using boost::json::value;

value I(long long v) { return value(v); }

boost::json::array ReplicationControllerCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");
  auto [names, images] = LayoutContainers(Obj(Obj(spec, "template"), "spec"));
  return {value(Name(ctx.obj)),
          I(Int(spec, "replicas", 1)),
          I(Int(status, "replicas")),
          I(Int(status, "readyReplicas")),
          value(Age(ctx)),
          value(names),
          value(images),
          value(FormatLabels(Find(spec, "selector")))};
}

boost::json::array ReplicaSetCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");
  auto [names, images] = LayoutContainers(Obj(Obj(spec, "template"), "spec"));
  return {value(Name(ctx.obj)),
          I(Int(spec, "replicas", 1)),
          I(Int(status, "replicas")),
          I(Int(status, "readyReplicas")),
          value(Age(ctx)),
          value(names),
          value(images),
          value(FormatLabelSelector(Find(spec, "selector")))};
}

boost::json::array DeploymentCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");
  auto [names, images] = LayoutContainers(Obj(Obj(spec, "template"), "spec"));
  // Upstream prints the selector's string here, not FormatLabelSelector.
  std::optional<std::string> selector = LabelSelectorString(Find(spec, "selector"));
  return {value(Name(ctx.obj)),
          value(std::to_string(Int(status, "readyReplicas")) + "/" +
                std::to_string(Int(spec, "replicas", 1))),
          I(Int(status, "updatedReplicas")),
          I(Int(status, "availableReplicas")),
          value(Age(ctx)),
          value(names),
          value(images),
          value(selector ? *selector : "<invalid>")};
}

boost::json::array DaemonSetCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");
  const object& pod_spec = Obj(Obj(spec, "template"), "spec");
  auto [names, images] = LayoutContainers(pod_spec);
  return {value(Name(ctx.obj)),
          I(Int(status, "desiredNumberScheduled")),
          I(Int(status, "currentNumberScheduled")),
          I(Int(status, "numberReady")),
          I(Int(status, "updatedNumberScheduled")),
          I(Int(status, "numberAvailable")),
          value(FormatLabels(Find(pod_spec, "nodeSelector"))),
          value(Age(ctx)),
          value(names),
          value(images),
          value(FormatLabelSelector(Find(spec, "selector")))};
}

boost::json::array StatefulSetCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  auto [names, images] = LayoutContainers(Obj(Obj(spec, "template"), "spec"));
  return {value(Name(ctx.obj)),
          value(std::to_string(Int(Obj(ctx.obj, "status"), "readyReplicas")) + "/" +
                std::to_string(Int(spec, "replicas", 1))),
          value(Age(ctx)), value(names), value(images)};
}

// "<kind>.<group>/<name>" in lower case for the controlling owner
// (statefulset.apps/web), "<none>" when there is none.
std::string ControllerName(const object& obj) {
  for (const value& ref : Arr(Obj(obj, "metadata"), "ownerReferences")) {
    const object& r = AsObj(ref);
    if (!Bool(r, "controller")) continue;
    const std::string api_version = Str(r, "apiVersion");
    const size_t slash = api_version.find('/');
    const std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
    const std::string kind = Str(r, "kind");
    if (group.empty() && kind.empty()) return Str(r, "name");
    return Lower(group.empty() ? kind : kind + "." + group) + "/" + Str(r, "name");
  }
  return "<none>";
}

boost::json::array ControllerRevisionCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)), value(ControllerName(ctx.obj)), I(Int(ctx.obj, "revision")),
          value(Age(ctx))};
}

Column Integer(std::string name, std::string description) {
  return {std::move(name), "integer", "", std::move(description), 0};
}

Column Selector(std::string description) {
  return {"Selector", "string", "", std::move(description), 1};
}

}  // namespace

void RegisterWorkloadPrinters(PrinterMap& m) {
  constexpr const char* kSelectorDoc =
      "A label query over pods that should match the replica count. Label keys and values that "
      "must match in order to be controlled by this replica set.";
  m[{"", "replicationcontrollers"}] = Printer{
      {NameColumn(), Integer("Desired", "Replicas is the number of desired replicas."),
       Integer("Current", "Replicas is the most recently observed number of replicas."),
       Integer("Ready", "The number of ready replicas for this replication controller."),
       AgeColumn(), ContainersColumn(1), ImagesColumn(1),
       Selector("Selector is a label query over pods that should match the Replicas count.")},
      ReplicationControllerCells};
  m[{"apps", "replicasets"}] =
      Printer{{NameColumn(), Integer("Desired", "Replicas is the number of desired replicas."),
               Integer("Current", "Replicas is the most recently observed number of replicas."),
               Integer("Ready", "The number of ready replicas for this replica set."), AgeColumn(),
               ContainersColumn(1), ImagesColumn(1), Selector(kSelectorDoc)},
              ReplicaSetCells};
  m[{"apps", "deployments"}] = Printer{
      {NameColumn(),
       {"Ready", "string", "", "Number of the pod with ready state", 0},
       {"Up-to-date", "string", "",
        "Total number of non-terminated pods targeted by this deployment that have the desired "
        "template spec.",
        0},
       {"Available", "string", "",
        "Total number of available pods (ready for at least minReadySeconds) targeted by this "
        "deployment.",
        0},
       AgeColumn(),
       ContainersColumn(1),
       ImagesColumn(1),
       Selector("Label selector for pods. Existing ReplicaSets whose pods are selected by this "
                "will be the ones affected by this deployment.")},
      DeploymentCells};
  m[{"apps", "daemonsets"}] = Printer{
      {NameColumn(),
       Integer("Desired",
               "The total number of nodes that should be running the daemon pod (including nodes "
               "correctly running the daemon pod)."),
       Integer("Current",
               "The number of nodes that are running at least 1 daemon pod and are supposed to "
               "run the daemon pod."),
       Integer("Ready",
               "The number of nodes that should be running the daemon pod and have one or more "
               "of the daemon pod running and ready."),
       Integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
       Integer("Available",
               "The number of nodes that should be running the daemon pod and have one or more "
               "of the daemon pod running and available (ready for at least "
               "spec.minReadySeconds)"),
       {"Node Selector", "string", "",
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector "
        "which must match a node's labels for the pod to be scheduled on that node.",
        0},
       AgeColumn(),
       ContainersColumn(1),
       ImagesColumn(1),
       Selector("A label query over pods that are managed by the daemon set. Must match in order "
                "to be controlled.")},
      DaemonSetCells};
  m[{"apps", "statefulsets"}] =
      Printer{{NameColumn(),
               {"Ready", "string", "", "Number of the pod with ready state", 0},
               AgeColumn(),
               ContainersColumn(1),
               ImagesColumn(1)},
              StatefulSetCells};
  m[{"apps", "controllerrevisions"}] =
      Printer{{NameColumn(),
               {"Controller", "string", "", "Controller of the object", 0},
               {"Revision", "string", "",
                "Revision indicates the revision of the state represented by Data.", 0},
               AgeColumn()},
              ControllerRevisionCells};
}

}  // namespace kubepp::api::printers
