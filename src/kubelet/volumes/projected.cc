#include "kubelet/volumes/projected.h"

#include <vector>

#include "client/object.h"
#include "kubelet/pod_fields.h"
#include "kubelet/volumes/payload.h"

namespace kubepp::kubelet::volumes {
namespace {

void Merge(Payload&& from, Payload& into) {
  for (auto& [path, file] : from) into[path] = std::move(file);
}

// The ConfigMap or Secret a source names; an empty object when it is
// missing and optional.
StatusOr<boost::json::object> Fetch(ObjectGetter& getter, ObjectKind kind, std::string_view ns,
                                    const boost::json::object& ref, bool optional) {
  StatusOr<client::ObjectPtr> got = getter.Get(kind, ns, Str(&ref, "name"));
  if (got.ok()) return **got;
  if (got.status().IsNotFound() && optional) return boost::json::object();
  return got.status();
}

}  // namespace

StatusOr<Payload> ProjectedPayload(const boost::json::object& source,
                                   const boost::json::object& pod, ObjectGetter& getter,
                                   TokenRequester* tokens,
                                   const fieldpath::ResourceList& node_allocatable) {
  uint32_t default_mode = ModeOr(&source, "defaultMode", kDefaultFileMode);
  std::string ns(client::NamespaceOf(pod));
  Payload out;
  std::vector<Status> errors;
  const boost::json::array* sources = Arr(&source, "sources");
  if (sources == nullptr) return out;
  for (const auto& v : *sources) {
    if (!v.is_object()) continue;
    const boost::json::object& s = v.get_object();
    if (const boost::json::object* ref = Obj(&s, "secret")) {
      bool optional = Bool(ref, "optional").value_or(false);
      StatusOr<boost::json::object> secret = Fetch(getter, ObjectKind::kSecret, ns, *ref, optional);
      if (!secret.ok()) {
        errors.push_back(secret.status());
        continue;
      }
      StatusOr<Payload> files = SecretPayload(Arr(ref, "items"), *secret, default_mode, optional);
      if (!files.ok()) {
        errors.push_back(files.status());
        continue;
      }
      Merge(std::move(*files), out);
    } else if (const boost::json::object* ref = Obj(&s, "configMap")) {
      bool optional = Bool(ref, "optional").value_or(false);
      StatusOr<boost::json::object> config_map =
          Fetch(getter, ObjectKind::kConfigMap, ns, *ref, optional);
      if (!config_map.ok()) {
        errors.push_back(config_map.status());
        continue;
      }
      StatusOr<Payload> files =
          ConfigMapPayload(Arr(ref, "items"), *config_map, default_mode, optional);
      if (!files.ok()) {
        errors.push_back(files.status());
        continue;
      }
      Merge(std::move(*files), out);
    } else if (const boost::json::object* downward = Obj(&s, "downwardAPI")) {
      StatusOr<Payload> files =
          DownwardApiPayload(Arr(downward, "items"), pod, default_mode, node_allocatable);
      if (!files.ok()) {
        errors.push_back(files.status());
        continue;
      }
      Merge(std::move(*files), out);
    } else if (const boost::json::object* token_source = Obj(&s, "serviceAccountToken")) {
      if (tokens == nullptr) {
        errors.push_back(
            Status::Unavailable("no token requester configured for service account tokens"));
        continue;
      }
      TokenRequest request;
      request.ns = ns;
      request.service_account = Str(Obj(&pod, "spec"), "serviceAccountName");
      request.audience = Str(token_source, "audience");
      request.expiration_seconds = Int(token_source, "expirationSeconds").value_or(3600);
      request.pod_name = std::string(client::NameOf(pod));
      request.pod_uid = std::string(client::UidOf(pod));
      StatusOr<ServiceAccountToken> token = tokens->RequestToken(request);
      if (!token.ok()) {
        errors.push_back(token.status());
        continue;
      }
      out[Str(token_source, "path")] = {token->token, default_mode};
    } else if (Obj(&s, "clusterTrustBundle") != nullptr) {
      errors.push_back(
          Status::Invalid("clusterTrustBundle projections are not supported by this kubelet"));
    }
  }
  if (!errors.empty()) return AggregateErrors(errors);
  return out;
}

}  // namespace kubepp::kubelet::volumes
