// Horizontal pod autoscalers (autoscaling/v1 and v2). TARGETS lists at most two
// metrics as "cpu: 40%/80%", "<unknown>" for a current value not yet measured,
// then " + N more...". A v1 object's CPU target and current utilization are
// read as the single Resource metric upstream converts them to.
#include <string>
#include <vector>

#include "api/printers/json_fields.h"
#include "api/printers/printer.h"

namespace kubepp::api::printers {
namespace {

using boost::json::object;
using boost::json::value;

// resource.Quantity's String of a *Quantity: "<nil>" when unset.
std::string QuantityOrNil(const object& o, std::string_view key) {
  const value* v = Find(o, key);
  return v ? QuantityText(v) : "<nil>";
}

std::string Percent(long long v) { return std::to_string(v) + "%"; }

// A metric whose target is a value or an average value (Object, External).
std::string ValueMetric(const object& spec_source, const object* status_source) {
  const object& target = Obj(spec_source, "target");
  if (Find(target, "averageValue")) {
    std::string current = "<unknown>";
    if (status_source && Find(Obj(*status_source, "current"), "averageValue")) {
      current = QuantityOrNil(Obj(*status_source, "current"), "averageValue");
    }
    return current + "/" + QuantityOrNil(target, "averageValue") + " (avg)";
  }
  std::string current = "<unknown>";
  if (status_source) current = QuantityOrNil(Obj(*status_source, "current"), "value");
  return current + "/" + QuantityOrNil(target, "value");
}

// A Resource or ContainerResource metric.
std::string ResourceMetric(const object& spec_source, const object* status_source) {
  const object& target = Obj(spec_source, "target");
  const std::string name = Str(spec_source, "name");
  if (Find(target, "averageValue")) {
    std::string current = "<unknown>";
    if (status_source) current = QuantityOrNil(Obj(*status_source, "current"), "averageValue");
    return name + ": " + current + "/" + QuantityOrNil(target, "averageValue");
  }
  std::string current = "<unknown>";
  if (status_source) {
    if (auto u = OptInt(Obj(*status_source, "current"), "averageUtilization"))
      current = Percent(*u);
  }
  std::string target_text = "<auto>";
  if (auto u = OptInt(target, "averageUtilization")) target_text = Percent(*u);
  return name + ": " + current + "/" + target_text;
}

std::string MetricsText(const boost::json::array& specs, const boost::json::array& statuses) {
  if (specs.empty()) return "<none>";
  constexpr size_t kMax = 2;
  std::vector<std::string> list;
  for (size_t i = 0; i < specs.size(); ++i) {
    const object& spec = AsObj(specs[i]);
    const object* status = i < statuses.size() ? &AsObj(statuses[i]) : nullptr;
    // The status entry at the same index, if it carries this kind of source.
    auto source = [&](std::string_view key) -> const object* {
      if (!status) return nullptr;
      const value* v = Find(*status, key);
      return v && v->is_object() ? &v->get_object() : nullptr;
    };
    const std::string type = Str(spec, "type");
    if (type == "External") {
      list.push_back(ValueMetric(Obj(spec, "external"), source("external")));
    } else if (type == "Pods") {
      std::string current = "<unknown>";
      if (const object* s = source("pods"))
        current = QuantityOrNil(Obj(*s, "current"), "averageValue");
      list.push_back(current + "/" +
                     QuantityOrNil(Obj(Obj(spec, "pods"), "target"), "averageValue"));
    } else if (type == "Object") {
      list.push_back(ValueMetric(Obj(spec, "object"), source("object")));
    } else if (type == "Resource") {
      list.push_back(ResourceMetric(Obj(spec, "resource"), source("resource")));
    } else if (type == "ContainerResource") {
      list.push_back(ResourceMetric(Obj(spec, "containerResource"), source("containerResource")));
    } else {
      list.push_back("<unknown type>");
    }
  }
  const size_t count = list.size();
  if (count > kMax) list.resize(kMax);
  std::string ret;
  for (size_t i = 0; i < list.size(); ++i) ret += (i ? ", " : "") + list[i];
  if (count > kMax) ret += " + " + std::to_string(count - kMax) + " more...";
  return ret;
}

boost::json::array HpaCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");
  std::string metrics;
  if (Find(spec, "metrics") || !OptInt(spec, "targetCPUUtilizationPercentage")) {
    metrics = MetricsText(Arr(spec, "metrics"), Arr(status, "currentMetrics"));
  } else {
    // autoscaling/v1: one CPU utilization target.
    boost::json::array specs{boost::json::object{
        {"type", "Resource"},
        {"resource",
         {{"name", "cpu"},
          {"target",
           {{"type", "Utilization"},
            {"averageUtilization", *OptInt(spec, "targetCPUUtilizationPercentage")}}}}}}};
    boost::json::array statuses;
    if (auto current = OptInt(status, "currentCPUUtilizationPercentage")) {
      statuses.push_back(boost::json::object{
          {"type", "Resource"},
          {"resource", {{"name", "cpu"}, {"current", {{"averageUtilization", *current}}}}}});
    }
    metrics = MetricsText(specs, statuses);
  }
  const object& ref = Obj(spec, "scaleTargetRef");
  std::string min_pods = "<unset>";
  if (auto m = OptInt(spec, "minReplicas")) min_pods = std::to_string(*m);
  return {value(Name(ctx.obj)),
          value(Str(ref, "kind") + "/" + Str(ref, "name")),
          value(metrics),
          value(min_pods),
          value(Int(spec, "maxReplicas")),
          value(Int(status, "currentReplicas")),
          value(Age(ctx))};
}

}  // namespace

void RegisterAutoscalingPrinters(PrinterMap& m) {
  m[{"autoscaling", "horizontalpodautoscalers"}] = Printer{
      {NameColumn(),
       {"Reference", "string", "",
        "scaleTargetRef points to the target resource to scale, and is used to the pods for "
        "which metrics should be collected, as well as to actually change the replica count.",
        0},
       {"Targets", "string", "",
        "metrics contains the specifications for which to use to calculate the desired replica "
        "count (the maximum replica count across all metrics will be used).",
        0},
       {"MinPods", "string", "",
        "minReplicas is the lower limit for the number of replicas to which the autoscaler can "
        "scale down. It defaults to 1 pod.",
        0},
       {"MaxPods", "string", "",
        "maxReplicas is the upper limit for the number of replicas to which the autoscaler can "
        "scale up. It cannot be less that minReplicas.",
        0},
       {"Replicas", "string", "",
        "currentReplicas is current number of replicas of pods managed by this autoscaler, as "
        "last seen by the autoscaler.",
        0},
       AgeColumn()},
      HpaCells};
}

}  // namespace kubepp::api::printers
