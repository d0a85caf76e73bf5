#include "controllers/podautoscaler/horizontal.h"

#include <algorithm>
#include <cmath>

#include "api/quantity/quantity.h"
#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/podautoscaler/replica_calculator.h"

namespace kubepp::controllers::podautoscaler {

using client::ObjectPtr;
using namespace common;  // NOLINT

namespace {

struct Policy {
  std::string type;  // "Pods", "Percent"
  int64_t value = 0;
  int64_t period_seconds = 15;
};

struct Rules {
  int64_t window_seconds = 0;
  std::string select = "Max";
  std::vector<Policy> policies;
};

// spec.behavior.<direction> with upstream's defaults for what is unset.
Rules RulesOf(const boost::json::object& hpa, std::string_view direction) {
  Rules r;
  const bool up = direction == "scaleUp";
  r.window_seconds = up ? 0 : 300;
  const boost::json::object* b = ObjAt(hpa, {"spec", "behavior", direction});
  if (auto w = Int(b, "stabilizationWindowSeconds")) r.window_seconds = *w;
  if (std::string s = Str(b, "selectPolicy"); !s.empty()) r.select = s;
  if (const auto* ps = Arr(b, "policies")) {
    for (const auto& p : *ps) {
      if (!p.is_object()) continue;
      const boost::json::object* po = &p.as_object();
      r.policies.push_back({Str(po, "type"), IntOr(po, "value", 0), IntOr(po, "periodSeconds", 15)});
    }
  }
  if (r.policies.empty()) {
    if (up) {
      r.policies = {{"Pods", 4, 15}, {"Percent", 100, 15}};
    } else {
      r.policies = {{"Percent", 100, 15}};
    }
  }
  return r;
}

boost::json::object Condition(std::string_view type, bool status, std::string_view reason, std::string message,
                              const boost::json::object* old_status, const std::string& now) {
  boost::json::object c;
  c["type"] = type;
  c["status"] = status ? "True" : "False";
  c["lastTransitionTime"] = now;
  c["reason"] = reason;
  c["message"] = std::move(message);
  if (const auto* conds = Arr(old_status, "conditions")) {
    for (const auto& old : *conds) {
      if (old.is_object() && Str(&old.as_object(), "type") == type &&
          Str(&old.as_object(), "status") == Str(&c, "status")) {
        if (auto* t = old.as_object().if_contains("lastTransitionTime")) c["lastTransitionTime"] = *t;
      }
    }
  }
  return c;
}

}  // namespace

HorizontalController::HorizontalController(ControllerContext& ctx, std::unique_ptr<MetricsSource> metrics,
                                           std::unique_ptr<ScaleClient> scales)
    : ctx_(ctx),
      hpas_(client::Resource::Of("autoscaling", "v2", "horizontalpodautoscalers")),
      hpa_informer_(ctx.informers.For(hpas_)),
      pod_informer_(ctx.informers.For(client::Resource::Of("", "pods"))),
      recorder_(ctx.recorder("horizontal-pod-autoscaler")),
      metrics_(metrics ? std::move(metrics) : ApiMetrics(ctx.client)),
      scales_(scales ? std::move(scales) : ApiScaleClient(ctx.client)),
      queue_(client::WorkQueue::Create("horizontalpodautoscaler", ctx.clock)) {
  hpa_informer_.AddEventHandler(client::EventHandler{
      [this](const ObjectPtr& o) { queue_->Add(client::KeyOf(*o)); },
      [this](const ObjectPtr& old_o, const ObjectPtr& new_o) {
        // Our own status writes come back too; the periodic resync covers them.
        if (ValueAt(*old_o, {"spec"}) && ValueAt(*new_o, {"spec"}) &&
            *ValueAt(*old_o, {"spec"}) == *ValueAt(*new_o, {"spec"})) {
          return;
        }
        queue_->Add(client::KeyOf(*new_o));
      },
      [this](const ObjectPtr& o) {
        std::lock_guard lock(mu_);
        histories_.erase(client::KeyOf(*o));
      }});
}

HorizontalController::~HorizontalController() { Stop(); }

void HorizontalController::Start() {
  if (workers_) return;
  workers_ = std::make_unique<KeyWorkers>("horizontalpodautoscaler", *queue_,
                                          [this](const std::string& key) { return Sync(key); });
  workers_->Start(std::max(1, ctx_.options.concurrent_syncs));
}

void HorizontalController::Stop() {
  if (workers_) workers_->Stop();
  queue_->ShutDown();
}

Status HorizontalController::Sync(const std::string& key) {
  auto [ns_view, name] = client::SplitKey(key);
  const std::string ns(ns_view);
  ObjectPtr hpa = hpa_informer_.Get(ns, name);
  if (hpa == nullptr) return Status::Ok();
  const Clock::TimePoint now = ctx_.clock.Now();
  const std::string now_text = FormatTime(now);
  const boost::json::object* old_status = ObjAt(*hpa, {"status"});
  const int64_t min_replicas = IntAt(*hpa, {"spec", "minReplicas"}).value_or(1);
  const int64_t max_replicas = IntAt(*hpa, {"spec", "maxReplicas"}).value_or(1);
  TargetRef target{StrAt(*hpa, {"spec", "scaleTargetRef", "apiVersion"}),
                   StrAt(*hpa, {"spec", "scaleTargetRef", "kind"}), StrAt(*hpa, {"spec", "scaleTargetRef", "name"})};

  boost::json::object status;
  status["observedGeneration"] = IntAt(*hpa, {"metadata", "generation"}).value_or(0);
  if (const auto* last = ValueAt(*hpa, {"status", "lastScaleTime"})) status["lastScaleTime"] = *last;
  boost::json::array conditions;
  boost::json::array current_metrics;
  auto write_status = [&]() -> Status {
    status["conditions"] = conditions;
    if (!current_metrics.empty()) status["currentMetrics"] = current_metrics;
    if (old_status != nullptr && *old_status == status) return Status::Ok();
    boost::json::object next = *hpa;
    next["status"] = status;
    auto written = ctx_.client.Update(hpas_, ns, next, "status");
    return written.ok() ? Status::Ok() : written.status();
  };
  queue_->AddAfter(key, kSyncPeriod);

  auto scale = scales_->Get(ns, target);
  if (!scale.ok()) {
    std::string message = "the HPA controller was unable to get the target's current scale: " + scale.status().message();
    recorder_.Event(*hpa, "Warning", "FailedGetScale", scale.status().message());
    conditions.push_back(Condition("AbleToScale", false, "FailedGetScale", message, old_status, now_text));
    status["currentReplicas"] = IntAt(*hpa, {"status", "currentReplicas"}).value_or(0);
    status["desiredReplicas"] = IntAt(*hpa, {"status", "desiredReplicas"}).value_or(0);
    return write_status();
  }
  const int64_t current = scale->spec_replicas;
  status["currentReplicas"] = scale->status_replicas;
  conditions.push_back(Condition("AbleToScale", true, "SucceededGetScale",
                                 "the HPA controller was able to get the target's current scale", old_status, now_text));

  int64_t desired = 0;
  std::string rescale_reason;
  if (current == 0 && min_replicas != 0) {
    // Scaling is off while someone keeps the target at zero.
    conditions.push_back(Condition("ScalingActive", false, "ScalingDisabled",
                                   "scaling is disabled since the replica count of the target is zero", old_status,
                                   now_text));
    status["desiredReplicas"] = 0;
    return write_status();
  }
  if (current > max_replicas) {
    desired = max_replicas;
    rescale_reason = "Current number of replicas above Spec.MaxReplicas";
  } else if (current < min_replicas) {
    desired = min_replicas;
    rescale_reason = "Current number of replicas below Spec.MinReplicas";
  } else {
    auto selector = api::LabelSelector::Parse(scale->selector);
    std::vector<ObjectPtr> pods;
    if (selector.ok() && !scale->selector.empty()) {
      for (const ObjectPtr& p : pod_informer_.ListNamespace(ns)) {
        if (selector->Matches(ObjAt(*p, {"metadata", "labels"}))) pods.push_back(p);
      }
    }
    int64_t proposal = -1;
    std::string metric_name, failure_reason, failure_message;
    // The metrics that gave no count, and the first one's error, for upstream's summary event.
    size_t invalid = 0;
    std::string first_error;
    auto failed = [&](std::string error) {
      if (invalid++ == 0) first_error = std::move(error);
    };
    const auto* metrics = ValueAt(*hpa, {"spec", "metrics"});
    if (metrics != nullptr && metrics->is_array()) {
      for (const auto& m : metrics->as_array()) {
        if (!m.is_object()) continue;
        const boost::json::object* mo = &m.as_object();
        if (Str(mo, "type") != "Resource") {
          failure_reason = "InvalidMetricSourceType";
          failure_message = "the HPA was unable to compute the replica count: unsupported metric source type \"" +
                            Str(mo, "type") + "\" in kubepp";
          failed("unsupported metric source type \"" + Str(mo, "type") + "\" in kubepp");
          continue;
        }
        const boost::json::object* res = Obj(mo, "resource");
        ResourceTarget t;
        t.resource = Str(res, "name");
        const boost::json::object* tgt = Obj(res, "target");
        if (Str(tgt, "type") == "Utilization") {
          t.average_utilization = IntOr(tgt, "averageUtilization", 80);
        } else {
          std::string text = Str(tgt, "averageValue");
          auto q = api::Quantity::Parse(text);
          t.average_value_milli = q.ok() ? q->MilliValue() : 0;
        }
        auto usage = metrics_->PodUsageMilli(ns, selector.ok() ? *selector : api::LabelSelector(), t.resource);
        if (!usage.ok()) {
          failure_reason = "FailedGetResourceMetric";
          std::string what = t.average_utilization ? t.resource + " utilization" : t.resource + " usage";
          failure_message = "the HPA was unable to compute the replica count: failed to get " + what + ": " +
                            usage.status().message();
          recorder_.Event(*hpa, "Warning", "FailedGetResourceMetric", "failed to get " + what + ": " + usage.status().message());
          failed("failed to get " + t.resource + " resource metric value: failed to get " + what +
                 ": " + usage.status().message());
          continue;
        }
        auto result = ResourceReplicas(current, t, pods, *usage);
        if (!result.ok()) {
          failure_reason = "FailedGetResourceMetric";
          std::string what = t.average_utilization ? t.resource + " utilization" : t.resource + " usage";
          failure_message = "the HPA was unable to compute the replica count: failed to get " + what + ": " +
                            result.status().message();
          recorder_.Event(*hpa, "Warning", "FailedGetResourceMetric", "failed to get " + what + ": " + result.status().message());
          failed("failed to get " + t.resource + " resource metric value: failed to get " + what +
                 ": " + result.status().message());
          continue;
        }
        boost::json::object cur;
        cur["averageValue"] = api::Quantity::FromMilli(result->average_value_milli, api::Quantity::Format::kDecimalSI).String();
        if (result->utilization) cur["averageUtilization"] = *result->utilization;
        current_metrics.push_back(boost::json::object{
            {"type", "Resource"}, {"resource", boost::json::object{{"name", t.resource}, {"current", cur}}}});
        if (result->replicas > proposal) {
          proposal = result->replicas;
          metric_name = t.resource + (t.average_utilization ? " resource utilization (percentage of request)"
                                                            : " resource");
        }
      }
    }
    if (proposal < 0) {
      // No metric gave a count: do not scale.
      if (invalid > 0) {
        recorder_.Event(*hpa, "Warning", "FailedComputeMetricsReplicas",
                        "invalid metrics (" + std::to_string(invalid) + " invalid out of " +
                            std::to_string(metrics->as_array().size()) +
                            "), first error is: " + first_error);
      }
      conditions.push_back(Condition("ScalingActive", false, failure_reason.empty() ? "FailedGetResourceMetric" : failure_reason,
                                     failure_message.empty() ? "the HPA was unable to compute the replica count: no metrics"
                                                             : failure_message,
                                     old_status, now_text));
      status["desiredReplicas"] = IntAt(*hpa, {"status", "desiredReplicas"}).value_or(current);
      return write_status();
    }
    conditions.push_back(Condition("ScalingActive", true, "ValidMetricFound",
                                   "the HPA was able to successfully calculate a replica count from " + metric_name,
                                   old_status, now_text));
    rescale_reason = proposal > current ? metric_name + " above target" : "All metrics below target";

    // Stabilization over the recent recommendations.
    Rules up = RulesOf(*hpa, "scaleUp");
    Rules down = RulesOf(*hpa, "scaleDown");
    int64_t stabilized = current;
    std::string able_reason = "ReadyForNewScale", able_message = "recommended size matches current size";
    {
      std::lock_guard lock(mu_);
      History& h = histories_[key];
      int64_t up_rec = proposal, down_rec = proposal;
      for (const auto& r : h.recommendations) {
        if (r.time > now - std::chrono::seconds(up.window_seconds)) up_rec = std::min(up_rec, r.replicas);
        if (r.time > now - std::chrono::seconds(down.window_seconds)) down_rec = std::max(down_rec, r.replicas);
      }
      stabilized = std::max(stabilized, up_rec);
      stabilized = std::min(stabilized, down_rec);
      h.recommendations.push_back({now, proposal});
      const auto keep = std::chrono::seconds(std::max(up.window_seconds, down.window_seconds));
      while (!h.recommendations.empty() && h.recommendations.front().time < now - keep) h.recommendations.pop_front();
      if (stabilized != proposal) {
        able_reason = "ScaleDownStabilized";
        able_message = "recent recommendations were higher than current one, applying the highest recent recommendation";
        if (stabilized < proposal) {
          able_reason = "ScaleUpStabilized";
          able_message = "recent recommendations were lower than current one, applying the lowest recent recommendation";
        }
      }

      // Rate limits from the scale events of each policy's period.
      std::string limit_reason, limit_message;
      desired = stabilized;
      if (desired > current) {
        std::vector<int64_t> limits;
        for (const auto& p : up.policies) {
          int64_t added = 0;
          for (const auto& e : h.events) {
            if (e.change > 0 && e.time > now - std::chrono::seconds(p.period_seconds)) added += e.change;
          }
          int64_t start = current - added;
          limits.push_back(p.type == "Pods" ? start + p.value
                                            : static_cast<int64_t>(std::ceil(static_cast<double>(start) *
                                                                              (1.0 + p.value / 100.0))));
        }
        int64_t limit = up.select == "Disabled" ? current
                        : up.select == "Min"    ? *std::min_element(limits.begin(), limits.end())
                                                : *std::max_element(limits.begin(), limits.end());
        limit = std::max(limit, current);
        if (desired > limit) {
          desired = limit;
          limit_reason = "ScaleUpLimit";
          limit_message = "the desired replica count is increasing faster than the maximum scale rate";
        }
      } else if (desired < current) {
        std::vector<int64_t> limits;
        for (const auto& p : down.policies) {
          int64_t removed = 0;
          for (const auto& e : h.events) {
            if (e.change < 0 && e.time > now - std::chrono::seconds(p.period_seconds)) removed -= e.change;
          }
          int64_t start = current + removed;
          limits.push_back(p.type == "Pods" ? start - p.value
                                            : static_cast<int64_t>(std::ceil(static_cast<double>(start) *
                                                                              (1.0 - p.value / 100.0))));
        }
        int64_t limit = down.select == "Disabled" ? current
                        : down.select == "Min"    ? *std::max_element(limits.begin(), limits.end())
                                                  : *std::min_element(limits.begin(), limits.end());
        limit = std::min(limit, current);
        if (desired < limit) {
          desired = limit;
          limit_reason = "ScaleDownLimit";
          limit_message = "the desired replica count is decreasing faster than the maximum scale rate";
        }
      }
      if (desired > max_replicas) {
        desired = max_replicas;
        limit_reason = "TooManyReplicas";
        limit_message = "the desired replica count is more than the maximum replica count";
      } else if (desired < min_replicas) {
        desired = min_replicas;
        limit_reason = "TooFewReplicas";
        limit_message = "the desired replica count is less than the minimum replica count";
      }
      conditions[0] = Condition("AbleToScale", true, able_reason, able_message, old_status, now_text);
      if (limit_reason.empty()) {
        conditions.push_back(Condition("ScalingLimited", false, "DesiredWithinRange",
                                       "the desired count is within the acceptable range", old_status, now_text));
      } else {
        conditions.push_back(Condition("ScalingLimited", true, limit_reason, limit_message, old_status, now_text));
      }
    }
  }

  if (desired != current) {
    Status st = scales_->SetReplicas(ns, target, desired);
    if (!st.ok()) {
      recorder_.Event(*hpa, "Warning", "FailedRescale",
                      "New size: " + std::to_string(desired) + "; reason: " + rescale_reason + "; error: " + st.message());
      conditions[0] = Condition("AbleToScale", false, "FailedUpdateScale",
                                "the HPA controller was unable to update the target scale: " + st.message(), old_status,
                                now_text);
      status["desiredReplicas"] = current;
      Status written = write_status();
      return written.ok() ? st : written;
    }
    {
      std::lock_guard lock(mu_);
      History& h = histories_[key];
      h.events.push_back({now, desired - current});
      while (!h.events.empty() && h.events.front().time < now - std::chrono::minutes(30)) h.events.pop_front();
    }
    recorder_.Event(*hpa, "Normal", "SuccessfulRescale",
                    "New size: " + std::to_string(desired) + "; reason: " + rescale_reason);
    conditions[0] = Condition("AbleToScale", true, "SucceededRescale",
                              "the HPA controller was able to update the target scale to " + std::to_string(desired),
                              old_status, now_text);
    status["lastScaleTime"] = now_text;
  }
  status["desiredReplicas"] = desired;
  return write_status();
}

std::unique_ptr<Controller> NewHorizontalController(ControllerContext& ctx) {
  return std::make_unique<HorizontalController>(ctx);
}

}  // namespace kubepp::controllers::podautoscaler
