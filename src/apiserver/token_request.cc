#include "apiserver/token_request.h"

#include <algorithm>

#include "apiserver/object_meta.h"
#include "apiserver/request_body.h"
#include "apiserver/respond.h"
#include "serviceaccount/claims.h"

namespace kubepp::apiserver {
namespace {

using boost::json::object;

constexpr int64_t kMinExpirationSeconds = 10 * 60;
constexpr int64_t kMaxExpirationSeconds = int64_t{1} << 32;

const api::ResourceInfo& Core(const char* resource) { return *api::Catalog::Get().Find("", "v1", resource); }

Status Invalid(const std::string& name, const std::string& field, const std::string& value,
               const std::string& detail) {
  std::string message = "Invalid value: " + value + ": " + detail;
  return Status::Invalid("TokenRequest.authentication.k8s.io \"" + name + "\" is invalid: " + field + ": " + message,
                         {{"FieldValueInvalid", message, field}});
}

std::string StringField(const object* o, std::string_view key) {
  if (o == nullptr) return "";
  const auto* v = o->if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t UnixSeconds(Clock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// The object a token is bound to, read and checked.
struct Bound {
  std::optional<serviceaccount::ObjectRef> pod, secret, node;
};

StatusOr<Bound> ResolveBoundObject(Registry& registry, const std::string& ns, const std::string& sa_name,
                                   const object& ref, StatusDetails* details) {
  std::string api_version = StringField(&ref, "apiVersion");
  std::string kind = StringField(&ref, "kind");
  std::string name = StringField(&ref, "name");
  std::string want_uid = StringField(&ref, "uid");
  // schema.FromAPIVersionAndKind: "v1" and "" are both the core group.
  std::string group = api_version.find('/') == std::string::npos ? "" : api_version.substr(0, api_version.find('/'));
  std::string version = api_version.substr(api_version.find('/') == std::string::npos ? 0 : api_version.find('/') + 1);
  Bound bound;
  std::string uid;
  auto not_found = [&](const Status& st, const char* resource) {
    if (st.IsNotFound()) *details = StatusDetails{name, "", resource, ""};
    return st;
  };
  if (group.empty() && kind == "Pod") {
    auto pod = registry.Get(Core("pods"), ns, name);
    if (!pod.ok()) return not_found(pod.status(), "pods");
    if (StringAt(*pod, {"spec", "serviceAccountName"}) != sa_name) {
      return Status::BadRequest("cannot bind token for serviceaccount \"" + sa_name +
                                "\" to pod running with different serviceaccount name.");
    }
    uid = MetaString(*pod, "uid");
    bound.pod = serviceaccount::ObjectRef{name, uid};
    if (std::string node_name = StringAt(*pod, {"spec", "nodeName"}); !node_name.empty()) {
      auto node = registry.Get(Core("nodes"), "", node_name);
      if (node.ok()) {
        bound.node = serviceaccount::ObjectRef{node_name, MetaString(*node, "uid")};
      } else if (node.status().IsNotFound()) {
        // The node's name alone still tells readers where the pod runs.
        bound.node = serviceaccount::ObjectRef{node_name, ""};
      } else {
        return Status::Internal(node.status().message());
      }
    }
  } else if (group.empty() && kind == "Node") {
    auto node = registry.Get(Core("nodes"), "", name);
    if (!node.ok()) return not_found(node.status(), "nodes");
    uid = MetaString(*node, "uid");
    bound.node = serviceaccount::ObjectRef{name, uid};
  } else if (group.empty() && kind == "Secret") {
    auto secret = registry.Get(Core("secrets"), ns, name);
    if (!secret.ok()) return not_found(secret.status(), "secrets");
    uid = MetaString(*secret, "uid");
    bound.secret = serviceaccount::ObjectRef{name, uid};
  } else {
    // GroupVersionKind.String(): "<group>/<version>, Kind=<kind>".
    return Status::BadRequest("cannot bind token for serviceaccount \"" + sa_name + "\" to object of type " + group +
                              "/" + version + ", Kind=" + kind);
  }
  if (!want_uid.empty() && want_uid != uid) {
    *details = StatusDetails{name, group, kind, ""};
    return Status::Conflict("Operation cannot be fulfilled on " + kind + " \"" + name +
                            "\": the UID in the bound object reference (" + want_uid +
                            ") does not match the UID in record. The object might have been deleted and then "
                            "recreated");
  }
  return bound;
}

}  // namespace

StatusOr<object> IssueToken(Registry& registry, const authn::ServiceAccountTokens& tokens, const std::string& ns,
                            const std::string& name, object request, std::vector<std::string>* warnings,
                            StatusDetails* details) {
  // Invalid requests name the TokenRequest; the message tells which name.
  auto invalid = [details](const std::string& object_name, const std::string& field, const std::string& value,
                           const std::string& detail) {
    *details = StatusDetails{object_name, "authentication.k8s.io", "TokenRequest", ""};
    return Invalid(object_name, field, value, detail);
  };
  // Make metadata and spec exist first: references into `request` stay
  // valid only while nothing is inserted into it or erased from it.
  request.erase("status");
  MetaOf(request);
  if (request["spec"].is_null()) request["spec"] = object();
  object& meta = request["metadata"].as_object();
  if (std::string given = StringField(&meta, "name"); !given.empty() && given != name) {
    return invalid(name, "metadata.name", "\"" + given + "\"", "must match the service account name if specified");
  }
  if (std::string given = StringField(&meta, "namespace"); !given.empty() && given != ns) {
    return invalid(name, "metadata.namespace", "\"" + given + "\"",
                   "must match the service account namespace if specified");
  }
  auto sa = registry.Get(Core("serviceaccounts"), ns, name);
  if (!sa.ok()) {
    if (sa.status().IsNotFound()) *details = StatusDetails{name, "", "serviceaccounts", ""};
    return sa.status();
  }

  auto& spec_value = request["spec"];
  if (!spec_value.is_object()) return Status::BadRequest("the object provided is unrecognized or malformed: spec");
  object& spec = spec_value.as_object();
  std::vector<std::string> audiences;
  if (const auto* aud = spec.if_contains("audiences"); aud && !aud->is_null()) {
    if (!aud->is_array()) return Status::BadRequest("the object provided is unrecognized or malformed: spec.audiences");
    for (const auto& a : aud->get_array()) {
      if (!a.is_string()) return Status::BadRequest("the object provided is unrecognized or malformed: spec.audiences");
      audiences.emplace_back(a.get_string());
    }
  }
  if (audiences.empty()) audiences = tokens.api_audiences();
  boost::json::array aud_json;
  for (const auto& a : audiences) aud_json.emplace_back(a);
  spec["audiences"] = std::move(aud_json);
  int64_t expiration = 3600;
  if (const auto* e = spec.if_contains("expirationSeconds"); e && !e->is_null()) {
    if (!e->is_int64()) {
      return Status::BadRequest("the object provided is unrecognized or malformed: spec.expirationSeconds");
    }
    expiration = e->get_int64();
  }
  spec["expirationSeconds"] = expiration;
  if (!spec.contains("boundObjectRef")) spec["boundObjectRef"] = nullptr;

  meta["name"] = name;
  meta["namespace"] = ns;
  const Clock::TimePoint now = tokens.clock().Now();
  meta["creationTimestamp"] = Rfc3339(UnixSeconds(now));

  if (expiration < kMinExpirationSeconds) {
    return invalid("", "spec.expirationSeconds", std::to_string(expiration),
                   "may not specify a duration less than 10 minutes");
  }
  if (expiration > kMaxExpirationSeconds) {
    return invalid("", "spec.expirationSeconds", std::to_string(expiration),
                   "may not specify a duration larger than 2^32 seconds");
  }

  Bound bound;
  if (const auto* ref = spec.if_contains("boundObjectRef"); ref && ref->is_object()) {
    auto resolved = ResolveBoundObject(registry, ns, name, ref->get_object(), details);
    if (!resolved.ok()) return resolved.status();
    bound = std::move(*resolved);
  }

  if (tokens.max_expiration_seconds() > 0 && expiration > tokens.max_expiration_seconds()) {
    warnings->push_back("requested expiration of " + std::to_string(expiration) + " seconds shortened to " +
                        std::to_string(tokens.max_expiration_seconds()) + " seconds");
    expiration = tokens.max_expiration_seconds();
    spec["expirationSeconds"] = expiration;
  }
  serviceaccount::BoundToken token;
  token.ns = ns;
  token.service_account = {name, MetaString(*sa, "uid")};
  token.pod = bound.pod;
  token.secret = bound.secret;
  token.node = bound.node;
  token.audiences = audiences;
  token.issued_at = now;
  token.expiration_seconds = expiration;
  token.jti = NewUid();
  const auto& api_auds = tokens.api_audiences();
  const bool kube_audiences = std::all_of(audiences.begin(), audiences.end(), [&api_auds](const std::string& a) {
    return std::find(api_auds.begin(), api_auds.end(), a) != api_auds.end();
  });
  if (tokens.extend_expiration() && bound.pod && expiration == serviceaccount::kWarnOnlyBoundTokenExpirationSeconds &&
      kube_audiences) {
    token.warn_after_seconds = expiration;
    token.expiration_seconds = serviceaccount::kExpirationExtensionSeconds;
    if (tokens.max_expiration_seconds() > 0 && tokens.max_expiration_seconds() < token.expiration_seconds) {
      token.expiration_seconds = tokens.max_expiration_seconds();
    }
  }
  auto signed_token = tokens.Sign(token);
  if (!signed_token.ok()) return Status::Internal("failed to generate token: " + signed_token.status().message());

  object out;
  out["kind"] = "TokenRequest";
  out["apiVersion"] = "authentication.k8s.io/v1";
  out["metadata"] = std::move(request["metadata"]);
  out["spec"] = std::move(request["spec"]);
  out["status"] = object{{"token", std::move(*signed_token)},
                         {"expirationTimestamp", Rfc3339(UnixSeconds(now) + expiration)}};
  return out;
}

void HandleTokenRequest(Registry& registry, const authn::ServiceAccountTokens& tokens, const RequestInfo& info,
                        const net::HttpRequest& req, std::shared_ptr<net::Responder> out) {
  if (info.verb != "create") {
    return RespondError(*out,
                        Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  }
  auto body = DecodeObjectBody(req, "authentication.k8s.io/v1", "TokenRequest");
  if (!body.ok()) return RespondError(*out, body.status());
  std::vector<std::string> warnings;
  StatusDetails details;
  auto answered =
      IssueToken(registry, tokens, info.namespace_name, info.name, std::move(*body), &warnings, &details);
  if (!answered.ok()) return RespondError(*out, answered.status(), details);
  RespondObject(*out, 201, *answered, warnings);
}

}  // namespace kubepp::apiserver
