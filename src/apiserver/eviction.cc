#include "apiserver/eviction.h"

#include <chrono>
#include <functional>

#include "api/codec/codec.h"
#include "api/labels/selector.h"
#include "api/protobuf/protobuf.h"
#include "api/validation/json_access.h"
#include "apiserver/object_meta.h"
#include "apiserver/respond.h"

namespace kubepp::apiserver {

namespace {

using api::validation::Arr;
using api::validation::IntOr;
using api::validation::Obj;
using api::validation::Str;
using boost::json::object;

constexpr char kViolation[] = "Cannot evict pod as it would violate the pod's disruption budget.";

void Fail(net::Responder& out, const Status& st, const std::string& name) {
  StatusDetails d;
  if (st.reason() == Reason::kNotFound) {
    d.name = name;
    d.kind = "pods";
  }
  RespondError(out, st, d);
}

StatusOr<object> ParseEviction(const net::HttpRequest& req) {
  const std::string* ct = req.Header("content-type");
  std::string mt = ct ? ct->substr(0, ct->find(';')) : "";
  StatusOr<boost::json::value> parsed = Status::BadRequest("");
  if (mt == api::protobuf::kContentType) {
    std::string api_version, kind;
    parsed = api::protobuf::DecodeKubernetesProtobuf(req.body, &api_version, &kind);
  } else if (mt == "application/yaml") {
    parsed = api::ParseYaml(req.body);
  } else {
    parsed = api::ParseJson(req.body);
  }
  if (!parsed.ok() || !parsed->is_object()) {
    return Status::BadRequest("the object provided is unrecognized or malformed");
  }
  return std::move(parsed->as_object());
}

bool IsReady(const object& pod) {
  if (const auto* conds = Arr(Obj(&pod, "status"), "conditions")) {
    for (const auto& c : *conds) {
      if (c.is_object() && Str(&c.as_object(), "type") == "Ready") return Str(&c.as_object(), "status") == "True";
    }
  }
  return false;
}

bool CanIgnoreBudget(const object& pod) {
  std::string phase = Str(Obj(&pod, "status"), "phase");
  return phase == "Succeeded" || phase == "Failed" || phase == "Pending" || !MetaString(pod, "deletionTimestamp").empty();
}

// The budgets of the pod's namespace whose selector matches it (policy/v1:
// an empty selector matches every pod, an absent one none).
StatusOr<std::vector<object>> BudgetsFor(Registry& registry, const object& pod) {
  const api::ResourceInfo* pdbs = api::Catalog::Get().Find("policy", "v1", "poddisruptionbudgets");
  ListOptions options;
  options.namespace_name = MetaString(pod, "namespace");
  auto listed = registry.List(*pdbs, options);
  if (!listed.ok()) return listed.status();
  const object* labels = Obj(Obj(&pod, "metadata"), "labels");
  std::vector<object> out;
  for (const auto& item : listed->items) {
    auto pdb = api::DecodeStored(item.stored, item.revision);
    if (!pdb.ok()) continue;
    const object* sel = Obj(Obj(&*pdb, "spec"), "selector");
    if (sel == nullptr) continue;
    auto selector = api::LabelSelector::FromObject(*sel);
    if (!selector.ok() || !selector->Matches(labels)) continue;
    out.push_back(std::move(*pdb));
  }
  return out;
}

Status TooManyRequests(std::string cause) {
  return Status(Reason::kTooManyRequests, kViolation, {{"DisruptionBudget", std::move(cause), ""}});
}

// Takes one disruption from the budget for `pod_name`, or refuses.
Mutation TakeDisruption(std::string pod_name) {
  return [pod_name](const object& current) -> StatusOr<object> {
    const std::string name = MetaString(current, "name");
    const object* status = Obj(&current, "status");
    int64_t generation = IntOr(Obj(&current, "metadata"), "generation", 0);
    if (IntOr(status, "observedGeneration", 0) < generation) {
      return TooManyRequests("The disruption budget " + name + " is still being processed by the server.");
    }
    int64_t allowed = IntOr(status, "disruptionsAllowed", 0);
    if (allowed < 0) return Status::Forbidden("pdb disruptions allowed is negative");
    auto disrupted = Obj(status, "disruptedPods");
    if (disrupted && disrupted->size() > 2000) {
      return Status::Forbidden("DisruptedPods map too big - too many evictions not confirmed by PDB controller");
    }
    if (allowed == 0) {
      return TooManyRequests("The disruption budget " + name + " needs " +
                             std::to_string(IntOr(status, "desiredHealthy", 0)) + " healthy pods and has " +
                             std::to_string(IntOr(status, "currentHealthy", 0)) + " currently");
    }
    object next = current;
    EraseMeta(next, "resourceVersion");
    object& st = next["status"].as_object();
    st["disruptionsAllowed"] = allowed - 1;
    auto& map = st["disruptedPods"];
    if (!map.is_object()) map = object();
    map.as_object()[pod_name] = NowRfc3339();
    return next;
  };
}

DeleteOptions DeleteOptionsOf(const object& eviction) {
  DeleteOptions options;
  const object* d = Obj(&eviction, "deleteOptions");
  if (d == nullptr) return options;
  if (auto g = api::validation::Int(d, "gracePeriodSeconds")) options.grace_period_seconds = *g;
  options.propagation_policy = Str(d, "propagationPolicy");
  if (const object* p = Obj(d, "preconditions")) {
    options.precondition_uid = Str(p, "uid");
    options.precondition_resource_version = Str(p, "resourceVersion");
  }
  if (const auto* dry = Arr(d, "dryRun")) {
    for (const auto& v : *dry) options.dry_run = options.dry_run || (v.is_string() && v.as_string() == "All");
  }
  return options;
}

}  // namespace

// The pod with DisruptionTarget=True (EvictionByEvictionAPI); Conflict when the eviction's
// preconditions do not name it.
Mutation MarkEvicted(const DeleteOptions& options) {
  return [options](const object& current) -> StatusOr<object> {
    if (Status st =
            CheckDeletePreconditions(options, current, MetaString(current, "resourceVersion"));
        !st.ok()) {
      return st;
    }
    object next = current;
    EraseMeta(next,
              "resourceVersion");  // written at whatever version is current, retried on conflict
    auto& status = next["status"];
    if (!status.is_object()) status = object();
    auto& conds = status.as_object()["conditions"];
    if (!conds.is_array()) conds = boost::json::array();
    object condition{{"type", "DisruptionTarget"},
                     {"status", "True"},
                     {"lastTransitionTime", NowRfc3339()},
                     {"reason", "EvictionByEvictionAPI"},
                     {"message", "Eviction API: evicting"}};
    for (auto& c : conds.as_array()) {
      if (c.is_object() && Str(&c.as_object(), "type") == "DisruptionTarget") {
        c = std::move(condition);
        return next;
      }
    }
    conds.as_array().push_back(std::move(condition));
    return next;
  };
}

void HandleEviction(Registry& registry, const RequestInfo& info, const net::HttpRequest& req,
                    std::shared_ptr<net::Responder> out) {
  if (info.verb != "create") {
    return Fail(*out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"),
                info.name);
  }
  auto eviction = ParseEviction(req);
  if (!eviction.ok()) return Fail(*out, eviction.status(), info.name);
  std::string body_name = MetaString(*eviction, "name");
  if (!body_name.empty() && body_name != info.name) {
    return Fail(*out, Status::BadRequest("name in URL does not match name in Eviction object"), info.name);
  }
  const api::ResourceInfo* pods = api::Catalog::Get().Find("", "v1", "pods");
  auto pod = registry.Get(*pods, info.namespace_name, info.name);
  if (!pod.ok()) return Fail(*out, pod.status(), info.name);
  DeleteOptions options = DeleteOptionsOf(*eviction);
  if (req.query.find("dryRun=All") != std::string::npos) options.dry_run = true;

  auto remove = [&registry, out, pods, ns = info.namespace_name,
                 name = info.name](DeleteOptions options) {
    registry.Delete(*pods, ns, name, options, [out, name](StatusOr<WriteResult> result) {
      if (!result.ok()) return Fail(*out, result.status(), name);
      RespondCreatedStatus(*out);
    });
  };
  // As upstream, the pod first says why it goes, in its DisruptionTarget condition (a Job's
  // podFailurePolicy tells disruptions from failures by it), unless this is a dry run.
  // A pod already terminating is only deleted again, which changes nothing; writing its status
  // would end its graceful termination at once.
  const bool terminating = !MetaString(*pod, "deletionTimestamp").empty();
  auto finish = [&registry, out, pods, ns = info.namespace_name, name = info.name, options, remove,
                 terminating]() {
    if (options.dry_run || terminating) return remove(options);
    WriteOptions write;
    registry.Update(*pods, ns, name, "status", MarkEvicted(options), write,
                    [out, name, options, remove](StatusOr<WriteResult> result) mutable {
                      if (!result.ok()) return Fail(*out, result.status(), name);
                      // The precondition named the pod as it was before the condition.
                      if (!options.precondition_resource_version.empty()) {
                        options.precondition_resource_version =
                            MetaString(result->object, "resourceVersion");
                      }
                      remove(options);
                    });
  };
  if (CanIgnoreBudget(*pod)) return finish();
  auto budgets = BudgetsFor(registry, *pod);
  if (!budgets.ok()) return Fail(*out, budgets.status(), info.name);
  if (budgets->empty()) return finish();
  if (budgets->size() > 1) {
    return Fail(*out, Status::Internal("This pod has more than one PodDisruptionBudget, which the eviction "
                                       "subresource does not support."), info.name);
  }
  const object& pdb = (*budgets)[0];
  if (!IsReady(*pod)) {
    const object* status = Obj(&pdb, "status");
    bool healthy_budget = IntOr(status, "currentHealthy", 0) >= IntOr(status, "desiredHealthy", 0) &&
                          IntOr(status, "desiredHealthy", 0) > 0;
    if (Str(Obj(&pdb, "spec"), "unhealthyPodEvictionPolicy") == "AlwaysAllow" || healthy_budget) return finish();
  }
  const api::ResourceInfo* pdbs = api::Catalog::Get().Find("policy", "v1", "poddisruptionbudgets");
  WriteOptions write;
  write.dry_run = options.dry_run;
  registry.Update(*pdbs, info.namespace_name, MetaString(pdb, "name"), "status", TakeDisruption(info.name), write,
                  [out, finish, name = info.name](StatusOr<WriteResult> result) {
                    if (!result.ok()) return Fail(*out, result.status(), name);
                    finish();
                  });
}

}  // namespace kubepp::apiserver
