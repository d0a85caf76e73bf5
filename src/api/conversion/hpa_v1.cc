#include "api/conversion/hpa_v1.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace kubepp::api::conversion {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr const char* kMetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
constexpr const char* kBehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";
constexpr const char* kCurrentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
constexpr const char* kConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
constexpr int64_t kDefaultCpuUtilization = 80;

const object* ObjectField(const object& o, std::string_view key) {
  const value* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

const array* ArrayField(const object& o, std::string_view key) {
  const value* v = o.if_contains(key);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

bool IsCpuResource(const object& metric, std::string_view kind) {
  const value* type = metric.if_contains("type");
  if (!type || !type->is_string() || type->get_string() != "Resource") return false;
  const object* resource = ObjectField(metric, "resource");
  if (!resource) return false;
  const value* name = resource->if_contains("name");
  if (!name || !name->is_string() || name->get_string() != "cpu") return false;
  const object* part = ObjectField(*resource, kind);  // "target" or "current"
  return part && part->contains("averageUtilization") && (*part).at("averageUtilization").is_int64();
}

object CpuMetric(std::string_view kind, int64_t utilization) {
  object part{{"averageUtilization", utilization}};
  if (kind == "target") part = object{{"type", "Utilization"}, {"averageUtilization", utilization}};
  return object{{"type", "Resource"}, {"resource", object{{"name", "cpu"}, {std::string(kind), std::move(part)}}}};
}

// The object's annotations, created when `create`; nullptr otherwise when absent.
object* Annotations(object& hpa, bool create) {
  value& meta = hpa["metadata"];
  if (!meta.is_object()) meta = object();
  value* annotations = meta.get_object().if_contains("annotations");
  if (annotations && annotations->is_object()) return &annotations->get_object();
  if (!create) return nullptr;
  meta.get_object()["annotations"] = object();
  return &meta.get_object()["annotations"].get_object();
}

// Removes the round-trip annotations, returning what they held.
object TakeRoundTripAnnotations(object& hpa) {
  object taken;
  object* annotations = Annotations(hpa, false);
  if (!annotations) return taken;
  for (const char* key : {kMetricsAnnotation, kBehaviorAnnotation, kCurrentMetricsAnnotation, kConditionsAnnotation}) {
    auto it = annotations->find(key);
    if (it == annotations->end()) continue;
    taken[key] = it->value();
    annotations->erase(it);
  }
  if (annotations->empty()) hpa["metadata"].get_object().erase("annotations");
  return taken;
}

StatusOr<value> ParseAnnotation(const object& taken, const char* key, bool want_array) {
  const value* text = taken.if_contains(key);
  if (!text) return value();
  boost::system::error_code ec;
  value parsed = text->is_string() ? boost::json::parse(text->get_string(), ec) : value();
  if (ec || (want_array ? !parsed.is_array() : !parsed.is_object())) {
    return Status::BadRequest(std::string("annotation ") + key + " does not hold a JSON " +
                              (want_array ? "array" : "object"));
  }
  return parsed;
}

void CopyFields(const object& from, object& to, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (const value* v = from.if_contains(key)) to[key] = *v;
  }
}

}  // namespace

Status HpaV1ToV2(object& hpa) {
  object taken = TakeRoundTripAnnotations(hpa);
  auto other_metrics = ParseAnnotation(taken, kMetricsAnnotation, true);
  if (!other_metrics.ok()) return other_metrics.status();
  auto behavior = ParseAnnotation(taken, kBehaviorAnnotation, false);
  if (!behavior.ok()) return behavior.status();
  auto current_metrics = ParseAnnotation(taken, kCurrentMetricsAnnotation, true);
  if (!current_metrics.ok()) return current_metrics.status();
  auto conditions = ParseAnnotation(taken, kConditionsAnnotation, true);
  if (!conditions.ok()) return conditions.status();

  const object* v1_spec = ObjectField(hpa, "spec");
  object spec;
  if (v1_spec) CopyFields(*v1_spec, spec, {"scaleTargetRef", "minReplicas", "maxReplicas"});
  array metrics;
  if (v1_spec) {
    const value* cpu = v1_spec->if_contains("targetCPUUtilizationPercentage");
    if (cpu && cpu->is_int64()) metrics.push_back(CpuMetric("target", cpu->get_int64()));
  }
  if (other_metrics->is_array()) {
    for (const auto& m : other_metrics->get_array()) metrics.push_back(m);
  }
  // v1 left the default to the controller; v2 spells it out.
  if (metrics.empty()) metrics.push_back(CpuMetric("target", kDefaultCpuUtilization));
  spec["metrics"] = std::move(metrics);
  if (behavior->is_object()) spec["behavior"] = std::move(*behavior);
  hpa["spec"] = std::move(spec);

  if (const object* v1_status = ObjectField(hpa, "status")) {
    object status;
    CopyFields(*v1_status, status, {"observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas"});
    if (current_metrics->is_array()) {
      status["currentMetrics"] = std::move(*current_metrics);
    } else if (const value* cpu = v1_status->if_contains("currentCPUUtilizationPercentage"); cpu && cpu->is_int64()) {
      status["currentMetrics"] = array{CpuMetric("current", cpu->get_int64())};
    }
    if (conditions->is_array()) status["conditions"] = std::move(*conditions);
    hpa["status"] = std::move(status);
  }
  hpa["apiVersion"] = "autoscaling/v2";
  return Status::Ok();
}

void HpaV2ToV1(object& hpa) {
  TakeRoundTripAnnotations(hpa);  // a v1 answer shows only those this conversion writes
  const object* v2_spec = ObjectField(hpa, "spec");
  object spec;
  array other_metrics;
  value behavior;
  if (v2_spec) {
    CopyFields(*v2_spec, spec, {"scaleTargetRef", "minReplicas", "maxReplicas"});
    bool cpu_found = false;
    if (const array* metrics = ArrayField(*v2_spec, "metrics")) {
      for (const auto& m : *metrics) {
        if (!cpu_found && m.is_object() && IsCpuResource(m.get_object(), "target")) {
          spec["targetCPUUtilizationPercentage"] =
              m.get_object().at("resource").at("target").at("averageUtilization");
          cpu_found = true;
          continue;
        }
        other_metrics.push_back(m);
      }
    }
    if (const value* b = v2_spec->if_contains("behavior"); b && b->is_object()) behavior = *b;
  }
  object status;
  array current_metrics, conditions;
  if (const object* v2_status = ObjectField(hpa, "status")) {
    CopyFields(*v2_status, status, {"observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas"});
    if (const array* current = ArrayField(*v2_status, "currentMetrics")) {
      current_metrics = *current;
      for (const auto& m : *current) {
        if (m.is_object() && IsCpuResource(m.get_object(), "current")) {
          status["currentCPUUtilizationPercentage"] =
              m.get_object().at("resource").at("current").at("averageUtilization");
        }
      }
    }
    if (const array* c = ArrayField(*v2_status, "conditions")) conditions = *c;
  }
  if (!other_metrics.empty()) (*Annotations(hpa, true))[kMetricsAnnotation] = boost::json::serialize(other_metrics);
  if (behavior.is_object()) (*Annotations(hpa, true))[kBehaviorAnnotation] = boost::json::serialize(behavior);
  if (!current_metrics.empty()) {
    (*Annotations(hpa, true))[kCurrentMetricsAnnotation] = boost::json::serialize(current_metrics);
  }
  if (!conditions.empty()) (*Annotations(hpa, true))[kConditionsAnnotation] = boost::json::serialize(conditions);
  // v1 always writes both replica counts (they are not optional there).
  for (const char* count : {"currentReplicas", "desiredReplicas"}) {
    if (!status.contains(count)) status[count] = 0;
  }
  hpa["spec"] = std::move(spec);
  hpa["status"] = std::move(status);
  hpa["apiVersion"] = "autoscaling/v1";
}

}  // namespace kubepp::api::conversion
