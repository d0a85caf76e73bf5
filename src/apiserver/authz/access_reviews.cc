#include "apiserver/authz/access_reviews.h"

#include <boost/json/array.hpp>

#include "api/validation/field_errors.h"
#include "api/validation/json_access.h"
#include "apiserver/request_body.h"
#include "apiserver/respond.h"

namespace kubepp::apiserver::authz {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;
namespace validation = api::validation;
using validation::Obj;
using validation::Str;

constexpr const char* kApiVersion = "authorization.k8s.io/v1";

// A JSON value a Go struct would hold as its zero value: what "must be empty" accepts (kubectl
// sends "metadata":{"creationTimestamp":null}).
bool IsZero(const value& v) {
  if (v.is_null()) return true;
  if (v.is_string()) return v.get_string().empty();
  if (v.is_bool()) return !v.get_bool();
  if (v.is_int64()) return v.get_int64() == 0;
  if (v.is_array()) return v.get_array().empty();
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      if (!IsZero(kv.value())) return false;
    }
    return true;
  }
  return false;
}

// Upstream prints the nil attribute pointer it passes to field.Invalid as null.
validation::ErrorList ValidateAttributes(const object& spec) {
  validation::ErrorList errs;
  const validation::FieldPath path("spec");
  bool resource = Obj(&spec, "resourceAttributes") != nullptr;
  bool non_resource = Obj(&spec, "nonResourceAttributes") != nullptr;
  if (resource && non_resource) {
    errs.push_back(validation::InvalidRaw(path.Child("nonResourceAttributes"), "",
                                          "cannot be specified in combination with resourceAttributes"));
  }
  if (!resource && !non_resource) {
    errs.push_back(validation::InvalidRaw(path.Child("resourceAttributes"), "\"null\"",
                                          "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
  }
  return errs;
}

validation::ErrorList Validate(const std::string& kind, const object& review, const object& spec) {
  validation::ErrorList errs;
  object meta;
  if (const object* m = Obj(&review, "metadata")) meta = *m;
  if (kind == "LocalSubjectAccessReview") {
    std::string ns = Str(&meta, "namespace");
    meta.erase("namespace");
    meta.erase("managedFields");
    if (!IsZero(meta)) {
      errs.push_back(validation::InvalidRaw(validation::FieldPath("metadata"), "",
                                            "must be empty except for namespace"));
    }
    const object* attributes = Obj(&spec, "resourceAttributes");
    if (attributes != nullptr && Str(attributes, "namespace") != ns) {
      errs.push_back(validation::Invalid(validation::FieldPath("spec.resourceAttributes.namespace"),
                                         Str(attributes, "namespace"),
                                         "must match metadata.namespace"));
    }
    if (Obj(&spec, "nonResourceAttributes") != nullptr) {
      errs.push_back(validation::InvalidRaw(validation::FieldPath("spec.nonResourceAttributes"), "",
                                            "disallowed on this kind of request"));
    }
  } else if (!IsZero(meta)) {
    errs.push_back(validation::InvalidRaw(validation::FieldPath("metadata"), "", "must be empty"));
  }
  if (kind == "SelfSubjectRulesReview") return errs;
  for (auto& e : ValidateAttributes(spec)) errs.push_back(std::move(e));
  if (kind == "SubjectAccessReview" || kind == "LocalSubjectAccessReview") {
    const value* groups = spec.if_contains("groups");
    bool has_groups = groups != nullptr && groups->is_array() && !groups->get_array().empty();
    std::string user = Str(&spec, "user");
    if (user.empty() && !has_groups) {
      errs.push_back(validation::Invalid(validation::FieldPath("spec.user"), user,
                                         "at least one of user or group must be specified"));
    }
  }
  return errs;
}

// Everything, as upstream's AlwaysAllow authorizer lists its rules.
object AllRules() {
  object status;
  status["resourceRules"] = array{object{
      {"verbs", array{"*"}}, {"apiGroups", array{"*"}}, {"resources", array{"*"}}}};
  status["nonResourceRules"] =
      array{object{{"verbs", array{"*"}}, {"nonResourceURLs", array{"*"}}}};
  status["incomplete"] = false;
  return status;
}

}  // namespace

bool IsAccessReview(const api::ResourceInfo& r) {
  return r.group == "authorization.k8s.io" &&
         (r.resource == "subjectaccessreviews" || r.resource == "localsubjectaccessreviews" ||
          r.resource == "selfsubjectaccessreviews" || r.resource == "selfsubjectrulesreviews");
}

StatusOr<object> ReviewAccess(const api::ResourceInfo& r, object review,
                              const std::string& namespace_name) {
  if (r.kind == "LocalSubjectAccessReview") {
    if (namespace_name.empty()) return Status::BadRequest("namespace is required on this type: ");
    auto& meta = review["metadata"];
    if (!meta.is_object()) meta = object();
    std::string ns = Str(&meta.as_object(), "namespace");
    if (ns.empty()) meta.as_object()["namespace"] = namespace_name;
    if (!ns.empty() && ns != namespace_name) {
      return Status::BadRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
  }
  value spec_value = review["spec"];
  if (!spec_value.is_object()) spec_value = object();
  object& spec = spec_value.as_object();
  if (auto errs = Validate(r.kind, review, spec); !errs.empty()) {
    return api::InvalidStatus(r, "", errs);
  }
  object out;
  out["kind"] = r.kind;
  out["apiVersion"] = kApiVersion;
  object meta = review["metadata"].is_object() ? review["metadata"].as_object() : object();
  if (!meta.contains("creationTimestamp")) meta["creationTimestamp"] = nullptr;
  out["metadata"] = std::move(meta);
  out["spec"] = std::move(spec);
  out["status"] = r.kind == "SelfSubjectRulesReview" ? AllRules() : object{{"allowed", true}};
  return out;
}

void HandleAccessReview(const api::ResourceInfo& r, const std::string& namespace_name,
                        const net::HttpRequest& req,
                        std::shared_ptr<net::Responder> out) {
  auto body = DecodeObjectBody(req, kApiVersion, r.kind);
  if (!body.ok()) return RespondError(*out, body.status());
  auto reviewed = ReviewAccess(r, std::move(*body), namespace_name);
  if (!reviewed.ok()) {
    StatusDetails details;  // named after the kind, with no name: "The SubjectAccessReview "" is invalid"
    if (reviewed.status().reason() == Reason::kInvalid) {
      details.group = r.group;
      details.kind = r.kind;
    }
    return RespondError(*out, reviewed.status(), details);
  }
  RespondObject(*out, 201, *reviewed);
}

}  // namespace kubepp::apiserver::authz
