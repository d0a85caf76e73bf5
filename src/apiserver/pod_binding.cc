#include "apiserver/pod_binding.h"

#include <utility>
#include <vector>

#include "apiserver/object_meta.h"
#include "apiserver/request_body.h"
#include "apiserver/respond.h"

namespace kubepp::apiserver {
namespace {

using boost::json::object;

// Failures name the pod the way upstream's do: a conflict on "pods/binding", a missing pod as
// a missing pod.
void Fail(net::Responder& out, const Status& st, const std::string& name) {
  StatusDetails d;
  if (st.reason() == Reason::kConflict) {
    d.name = name;
    d.kind = "pods/binding";
  } else if (st.reason() == Reason::kNotFound) {
    d.name = name;
    d.kind = "pods";
  }
  RespondError(out, st, d);
}

// Upstream's ValidatePodBinding. Its errors reach the client unclassified: code 500, no reason,
// the field errors as the message ("[a, b]" when there are several).
Status ValidateTarget(const object& binding) {
  std::vector<std::string> errors;
  const std::string kind = StringAt(binding, {"target", "kind"});
  if (!kind.empty() && kind != "Node") {
    errors.push_back("target.kind: Unsupported value: \"" + kind + "\": supported values: \"Node\", \"<empty>\"");
  }
  if (StringAt(binding, {"target", "name"}).empty()) errors.push_back("target.name: Required value");
  if (errors.empty()) return Status::Ok();
  if (errors.size() == 1) return Status(Reason::kUnknown, errors.front());
  return Status(Reason::kUnknown, "[" + errors[0] + ", " + errors[1] + "]");
}

// Upstream's UpdatePodCondition for PodScheduled=True: the condition is replaced whole (reason
// and message go), and its transition time moves only when its status changes.
void MarkScheduled(object& pod, const std::string& now) {
  boost::json::value& status = pod["status"];
  if (!status.is_object()) status = object();
  boost::json::value& conditions = status.as_object()["conditions"];
  if (!conditions.is_array()) conditions = boost::json::array();
  object scheduled{{"type", "PodScheduled"}, {"status", "True"}, {"lastProbeTime", nullptr}, {"lastTransitionTime", now}};
  for (boost::json::value& c : conditions.as_array()) {
    if (!c.is_object() || StringAt(c.as_object(), {"type"}) != "PodScheduled") continue;
    if (StringAt(c.as_object(), {"status"}) == "True") {
      if (const auto* since = c.as_object().if_contains("lastTransitionTime")) scheduled["lastTransitionTime"] = *since;
    }
    c = std::move(scheduled);
    return;
  }
  conditions.as_array().push_back(std::move(scheduled));
}

}  // namespace

void HandleBinding(Registry& registry, const api::ResourceInfo& pods, const std::string& ns,
                   const std::string& name, bool dry_run, const net::HttpRequest& req,
                   std::shared_ptr<net::Responder> out) {
  auto parsed = ParseRequestBody(req);
  if (!parsed.ok() && parsed.status().reason() == Reason::kUnsupportedMediaType) {
    return Fail(*out, parsed.status(), name);
  }
  if (!parsed.ok() || !parsed->is_object()) {
    return Fail(*out, Status::BadRequest("the object provided is unrecognized or malformed"), name);
  }
  const object& binding = parsed->as_object();
  const std::string binding_ns = MetaString(binding, "namespace");
  if (!binding_ns.empty() && binding_ns != ns) {
    return Fail(*out,
                Status::BadRequest("the namespace of the provided object does not match the namespace sent on the request"),
                name);
  }
  // The bindings collection binds the pod the Binding names.
  const std::string pod = name.empty() ? MetaString(binding, "name") : name;
  if (pod.empty()) return Fail(*out, Status::BadRequest("Name parameter required."), pod);
  if (MetaString(binding, "name") != pod) {
    return Fail(*out, Status::BadRequest("name in URL does not match name in Binding object"), pod);
  }
  if (Status valid = ValidateTarget(binding); !valid.ok()) return Fail(*out, valid, pod);

  const std::string node = StringAt(binding, {"target", "name"});
  object annotations;
  if (const object* meta = MetaOf(binding)) {
    if (const auto* a = meta->if_contains("annotations"); a != nullptr && a->is_object()) annotations = a->as_object();
  }
  Mutation mutate = [node, pod, annotations = std::move(annotations)](const object& current) -> StatusOr<object> {
    std::string existing = StringAt(current, {"spec", "nodeName"});
    if (!existing.empty()) {
      return Status::Conflict("Operation cannot be fulfilled on pods/binding \"" + pod + "\": pod " + pod +
                              " is already assigned to node \"" + existing + "\"");
    }
    if (!MetaString(current, "deletionTimestamp").empty()) {
      return Status::Conflict("Operation cannot be fulfilled on pods/binding \"" + pod + "\": pod " + pod +
                              " is being deleted, cannot be assigned to a host");
    }
    object next = current;
    EraseMeta(next, "resourceVersion");
    boost::json::value& spec = next["spec"];
    if (!spec.is_object()) spec = object();
    spec.as_object()["nodeName"] = node;
    if (!annotations.empty()) {
      boost::json::value& merged = MetaOf(next)["annotations"];
      if (!merged.is_object()) merged = object();
      for (const auto& kv : annotations) merged.as_object()[kv.key()] = kv.value();
    }
    MarkScheduled(next, NowRfc3339());
    return next;
  };
  WriteOptions options;
  options.dry_run = dry_run;
  registry.Update(pods, ns, pod, "binding", std::move(mutate), options,
                  [out, pod](StatusOr<WriteResult> result) {
                    if (!result.ok()) return Fail(*out, result.status(), pod);
                    RespondCreatedStatus(*out);
                  });
}

}  // namespace kubepp::apiserver
