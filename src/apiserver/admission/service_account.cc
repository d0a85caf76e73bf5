// ServiceAccount admission, as upstream's plugin
// (plugin/pkg/admission/serviceaccount): every pod runs as a
// ServiceAccount ("default" unless it names one) that must exist; unless
// the pod or its ServiceAccount says automountServiceAccountToken: false,
// every container and init container gets the projected volume
// kube-api-access-<5 random> (a 3607 s bound token, the cluster CA from the
// kube-root-ca.crt ConfigMap, the pod's namespace) mounted read-only at
// /var/run/secrets/kubernetes.io/serviceaccount — except containers that
// already mount something there; a pod without imagePullSecrets takes its
// ServiceAccount's. Mirror pods are left alone but may not reference
// service accounts, secrets or token projections. A ServiceAccount
// annotated kubernetes.io/enforce-mountable-secrets=true limits the
// secrets its pods may use to those it lists.
#include <string>

#include <boost/json/array.hpp>

#include "apiserver/admission/admission.h"
#include "apiserver/object_meta.h"
#include "apiserver/registry.h"

namespace kubepp::apiserver::admission {

namespace {

using boost::json::array;
using boost::json::object;

constexpr const char* kDefaultServiceAccount = "default";
constexpr const char* kVolumePrefix = "kube-api-access-";
constexpr const char* kTokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
constexpr const char* kMirrorAnnotation = "kubernetes.io/config.mirror";
constexpr const char* kEnforceMountableSecrets = "kubernetes.io/enforce-mountable-secrets";
constexpr int64_t kTokenExpirationSeconds = 3607;  // upstream's WarnOnlyBoundTokenExpirationSeconds
constexpr int64_t kProjectedDefaultMode = 0644;

const object* Obj(const object* o, std::string_view key) {
  if (o == nullptr) return nullptr;
  const auto* v = o->if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

const array* Arr(const object* o, std::string_view key) {
  if (o == nullptr) return nullptr;
  const auto* v = o->if_contains(key);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

std::string Str(const object* o, std::string_view key) {
  if (o == nullptr) return "";
  const auto* v = o->if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

const boost::json::value* BoolField(const object* o, std::string_view key) {
  if (o == nullptr) return nullptr;
  const auto* v = o->if_contains(key);
  return v && v->is_bool() ? v : nullptr;
}

// Go's strconv.ParseBool, true side.
bool ParsesTrue(const std::string& s) {
  return s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True";
}

template <typename Fn>
void ForEachObject(const array* list, Fn fn) {
  if (list == nullptr) return;
  for (const auto& v : *list) {
    if (v.is_object()) fn(v.get_object());
  }
}

// The projected volume upstream's admission adds (TokenVolumeSource), with
// its fields in upstream's order.
object TokenVolume(const std::string& name) {
  object token{{"expirationSeconds", kTokenExpirationSeconds}, {"path", "token"}};
  object config_map{{"name", "kube-root-ca.crt"},
                    {"items", array{object{{"key", "ca.crt"}, {"path", "ca.crt"}}}}};
  object downward{{"items", array{object{{"path", "namespace"},
                                         {"fieldRef", object{{"apiVersion", "v1"},
                                                             {"fieldPath", "metadata.namespace"}}}}}}};
  object projected{{"sources", array{object{{"serviceAccountToken", std::move(token)}},
                                     object{{"configMap", std::move(config_map)}},
                                     object{{"downwardAPI", std::move(downward)}}}},
                   {"defaultMode", kProjectedDefaultMode}};
  return object{{"name", name}, {"projected", std::move(projected)}};
}

bool Automount(const object& sa, const object& spec) {
  if (const auto* v = BoolField(&spec, "automountServiceAccountToken")) return v->get_bool();
  if (const auto* v = BoolField(&sa, "automountServiceAccountToken")) return v->get_bool();
  return true;
}

void MountToken(object& spec, const std::function<std::string()>& suffix) {
  std::string volume_name;
  bool has_volume = false;
  if (const array* volumes = Arr(&spec, "volumes")) {
    for (const auto& v : *volumes) {
      std::string name = v.is_object() ? Str(&v.get_object(), "name") : "";
      if (name.rfind(kVolumePrefix, 0) == 0) {
        volume_name = name;
        has_volume = true;
        break;
      }
    }
  }
  if (volume_name.empty()) volume_name = kVolumePrefix + suffix();
  bool needed = false;
  for (const char* field : {"initContainers", "containers"}) {
    auto* list = spec.if_contains(field);
    if (list == nullptr || !list->is_array()) continue;
    for (auto& c : list->get_array()) {
      if (!c.is_object()) continue;
      object& container = c.get_object();
      bool mounted = false;
      ForEachObject(Arr(&container, "volumeMounts"), [&mounted](const object& m) {
        if (Str(&m, "mountPath") == kTokenMountPath) mounted = true;
      });
      if (mounted) continue;
      auto& mounts = container["volumeMounts"];
      if (!mounts.is_array()) mounts = array();
      mounts.get_array().push_back(
          object{{"name", volume_name}, {"readOnly", true}, {"mountPath", kTokenMountPath}});
      needed = true;
    }
  }
  if (!has_volume && needed) {
    auto& volumes = spec["volumes"];
    if (!volumes.is_array()) volumes = array();
    volumes.get_array().push_back(TokenVolume(volume_name));
  }
}

// Whether the pod references any secret (upstream's VisitPodSecretNames).
bool ReferencesSecrets(const object& spec) {
  bool found = false;
  ForEachObject(Arr(&spec, "imagePullSecrets"), [&found](const object&) { found = true; });
  for (const char* field : {"initContainers", "containers", "ephemeralContainers"}) {
    ForEachObject(Arr(&spec, field), [&found](const object& c) {
      ForEachObject(Arr(&c, "envFrom"), [&found](const object& e) { found = found || Obj(&e, "secretRef"); });
      ForEachObject(Arr(&c, "env"), [&found](const object& e) {
        found = found || Obj(Obj(&e, "valueFrom"), "secretKeyRef");
      });
    });
  }
  ForEachObject(Arr(&spec, "volumes"), [&found](const object& v) {
    if (Obj(&v, "secret") || !Str(Obj(&v, "azureFile"), "secretName").empty() ||
        Obj(Obj(&v, "csi"), "nodePublishSecretRef")) {
      found = true;
    }
    for (const char* source : {"cephfs", "cinder", "flexVolume", "iscsi", "rbd", "scaleIO", "storageos"}) {
      if (Obj(Obj(&v, source), "secretRef")) found = true;
    }
    ForEachObject(Arr(Obj(&v, "projected"), "sources"), [&found](const object& s) {
      found = found || Obj(&s, "secret");
    });
  });
  return found;
}

bool ProjectsTokens(const object& spec) {
  bool found = false;
  ForEachObject(Arr(&spec, "volumes"), [&found](const object& v) {
    ForEachObject(Arr(Obj(&v, "projected"), "sources"), [&found](const object& s) {
      found = found || Obj(&s, "serviceAccountToken");
    });
  });
  return found;
}

// limitSecretReferences: only the secrets the ServiceAccount lists.
std::string CheckMountableSecrets(const object& sa, const object& spec) {
  std::vector<std::string> mountable, pullable;
  ForEachObject(Arr(&sa, "secrets"), [&mountable](const object& s) { mountable.push_back(Str(&s, "name")); });
  ForEachObject(Arr(&sa, "imagePullSecrets"), [&pullable](const object& s) { pullable.push_back(Str(&s, "name")); });
  auto allowed = [](const std::vector<std::string>& names, const std::string& n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  const std::string sa_name = MetaString(sa, "name");
  std::string refusal;
  ForEachObject(Arr(&spec, "volumes"), [&](const object& v) {
    std::string name = Str(Obj(&v, "secret"), "secretName");
    if (refusal.empty() && Obj(&v, "secret") && !allowed(mountable, name)) {
      refusal = "volume with secret.secretName=\"" + name + "\" is not allowed because service account " + sa_name +
                " does not reference that secret";
    }
  });
  struct Kind {
    const char* field;
    const char* what;
  };
  for (const Kind& kind : {Kind{"initContainers", "init container "}, Kind{"containers", "container "}}) {
    const std::string what = kind.what;
    ForEachObject(Arr(&spec, kind.field), [&](const object& c) {
      ForEachObject(Arr(&c, "env"), [&](const object& e) {
        const object* ref = Obj(Obj(&e, "valueFrom"), "secretKeyRef");
        if (refusal.empty() && ref && !allowed(mountable, Str(ref, "name"))) {
          refusal = what + Str(&c, "name") + " with envVar " + Str(&e, "name") + " referencing secret.secretName=\"" +
                    Str(ref, "name") + "\" is not allowed because service account " + sa_name +
                    " does not reference that secret";
        }
      });
      ForEachObject(Arr(&c, "envFrom"), [&](const object& e) {
        const object* ref = Obj(&e, "secretRef");
        if (refusal.empty() && ref && !allowed(mountable, Str(ref, "name"))) {
          refusal = what + Str(&c, "name") + " with envFrom referencing secret.secretName=\"" + Str(ref, "name") +
                    "\" is not allowed because service account " + sa_name + " does not reference that secret";
        }
      });
    });
  }
  if (!refusal.empty()) return refusal;
  size_t i = 0;
  ForEachObject(Arr(&spec, "imagePullSecrets"), [&](const object& s) {
    if (refusal.empty() && !allowed(pullable, Str(&s, "name"))) {
      refusal = "imagePullSecrets[" + std::to_string(i) + "].name=\"" + Str(&s, "name") +
                "\" is not allowed because service account " + sa_name + " does not reference that imagePullSecret";
    }
    ++i;
  });
  return refusal;
}

std::string LookupError(const std::string& ns, const std::string& name) {
  return "error looking up service account " + ns + "/" + name + ": serviceaccount \"" + name + "\" not found";
}

StatusOr<DecodedReads::ObjectPtr> ReadServiceAccount(DecodedReads& reads, const std::string& ns,
                                                     const std::string& name) {
  return reads.Key(Registry::Key(*api::Catalog::Get().Find("", "v1", "serviceaccounts"), ns, name));
}

Status Forbidden(const api::ResourceInfo& r, const object& pod, const std::string& message) {
  return Status::Forbidden(QualifiedResource(r) + " \"" + MetaString(pod, "name") + "\" is forbidden: " + message);
}

}  // namespace

bool IsMirrorPod(const object& pod) {
  const object* annotations = Obj(MetaOf(pod), "annotations");
  return annotations != nullptr && annotations->contains(kMirrorAnnotation);
}

std::string ServiceAccountNameOf(const object& pod) {
  if (IsMirrorPod(pod)) return "";
  std::string name = Str(Obj(&pod, "spec"), "serviceAccountName");
  if (name.empty()) name = Str(Obj(&pod, "spec"), "serviceAccount");
  return name.empty() ? kDefaultServiceAccount : name;
}

std::string ApplyServiceAccount(const object* service_account, object& pod,
                                const std::function<std::string()>& volume_suffix) {
  if (IsMirrorPod(pod)) return "";
  auto& spec_value = pod["spec"];
  if (!spec_value.is_object()) spec_value = object();
  object& spec = spec_value.get_object();
  std::string name = Str(&spec, "serviceAccountName");
  if (name.empty()) {
    name = kDefaultServiceAccount;
    spec["serviceAccountName"] = name;
    spec["serviceAccount"] = name;  // the deprecated alias reads the same
  }
  if (service_account == nullptr) return LookupError(MetaString(pod, "namespace"), name);
  if (Automount(*service_account, spec)) MountToken(spec, volume_suffix);
  const array* pull = Arr(&spec, "imagePullSecrets");
  const array* sa_pull = Arr(service_account, "imagePullSecrets");
  if ((pull == nullptr || pull->empty()) && sa_pull != nullptr && !sa_pull->empty()) {
    array copied;
    ForEachObject(sa_pull, [&copied](const object& s) { copied.push_back(object{{"name", Str(&s, "name")}}); });
    spec["imagePullSecrets"] = std::move(copied);
  }
  return "";
}

std::string CheckServiceAccount(const object* service_account, const object& pod) {
  const object* spec = Obj(&pod, "spec");
  static const object kEmpty;
  if (spec == nullptr) spec = &kEmpty;
  if (IsMirrorPod(pod)) {
    if (!Str(spec, "serviceAccountName").empty()) return "a mirror pod may not reference service accounts";
    if (ReferencesSecrets(*spec)) return "a mirror pod may not reference secrets";
    if (ProjectsTokens(*spec)) return "a mirror pod may not use ServiceAccountToken volume projections";
    return "";
  }
  std::string name = Str(spec, "serviceAccountName");
  if (name.empty()) {
    return "no service account specified for pod " + MetaString(pod, "namespace") + "/" + MetaString(pod, "name");
  }
  if (service_account == nullptr) return LookupError(MetaString(pod, "namespace"), name);
  const object* annotations = Obj(MetaOf(*service_account), "annotations");
  if (ParsesTrue(Str(annotations, kEnforceMountableSecrets))) return CheckMountableSecrets(*service_account, *spec);
  return "";
}

Status AdmitServiceAccount(DecodedReads& reads, const api::ResourceInfo& r, object& pod) {
  std::string name = ServiceAccountNameOf(pod);
  DecodedReads::ObjectPtr sa;
  if (!name.empty()) {
    auto read = ReadServiceAccount(reads, MetaString(pod, "namespace"), name);
    if (!read.ok()) return read.status();
    sa = std::move(*read);
  }
  std::string refusal = ApplyServiceAccount(sa.get(), pod, [] { return RandomSuffix(); });
  return refusal.empty() ? Status::Ok() : Forbidden(r, pod, refusal);
}

Status ValidateServiceAccount(DecodedReads& reads, const api::ResourceInfo& r, const object& pod) {
  DecodedReads::ObjectPtr sa;
  std::string name = Str(Obj(&pod, "spec"), "serviceAccountName");
  if (!IsMirrorPod(pod) && !name.empty()) {
    auto read = ReadServiceAccount(reads, MetaString(pod, "namespace"), name);
    if (!read.ok()) return read.status();
    sa = std::move(*read);
  }
  std::string refusal = CheckServiceAccount(sa.get(), pod);
  return refusal.empty() ? Status::Ok() : Forbidden(r, pod, refusal);
}

}  // namespace kubepp::apiserver::admission
