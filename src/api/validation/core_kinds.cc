// Core kinds that hold workloads and configuration: Pod, PodTemplate,
// ReplicationController, ConfigMap, Secret, Namespace, ServiceAccount.
#include <boost/json/parse.hpp>
#include <map>

#include "api/names/names.h"
#include "api/validation/base64_size.h"
#include "api/validation/json_access.h"
#include "api/validation/kinds.h"
#include "api/validation/label_selector.h"
#include "api/validation/pod_spec.h"

namespace kubepp::api::validation {
namespace {

using boost::json::object;

constexpr int64_t kMaxSecretSize = 1024 * 1024;

ErrorList ValidateReplicationController(const object& rc) {
  ErrorList errs;
  const object* spec = SpecOf(rc);
  FieldPath sp("spec");
  Append(errs, ValidateNonnegative(IntOr(spec, "minReadySeconds", 0), sp.Child("minReadySeconds")));
  const object* selector = Obj(spec, "selector");
  if (Size(selector) == 0) errs.push_back(Required(sp.Child("selector")));
  Append(errs, ValidateLabels(selector, sp.Child("selector")));
  int64_t replicas = IntOr(spec, "replicas", 0);
  Append(errs, ValidateNonnegative(replicas, sp.Child("replicas")));
  const object* tmpl = Obj(spec, "template");
  FieldPath tp = sp.Child("template");
  if (tmpl == nullptr) {
    errs.push_back(Required(tp));
    return errs;
  }
  const object* labels = Obj(Obj(tmpl, "metadata"), "labels");
  if (Size(selector) > 0 && !MapSelectorMatches(selector, labels)) {
    errs.push_back(InvalidRaw(tp.Child("metadata", "labels"), GoStringMap(labels),
                              "`selector` does not match template `labels`"));
  }
  Append(errs, ValidatePodTemplateSpec(tmpl, tp));
  std::string restart = Str(Obj(tmpl, "spec"), "restartPolicy");
  if (restart != "Always")
    errs.push_back(NotSupported(tp.Child("spec", "restartPolicy"), restart, {"Always"}));
  if (Has(Obj(tmpl, "spec"), "activeDeadlineSeconds")) {
    errs.push_back(Forbidden(tp.Child("spec", "activeDeadlineSeconds"),
                             "activeDeadlineSeconds in ReplicationController is not Supported"));
  }
  return errs;
}

ErrorList ValidateConfigMap(const object& cm) {
  ErrorList errs;
  int64_t total = 0;
  const object* data = Obj(&cm, "data");
  const object* binary = Obj(&cm, "binaryData");
  if (data) {
    for (const auto& kv : *data) {
      std::string key(kv.key());
      FieldPath kp = FieldPath("data").Key(key);
      for (auto& m : IsConfigMapKey(key)) errs.push_back(Invalid(kp, key, m));
      if (binary && binary->contains(key))
        errs.push_back(Invalid(kp, key, "duplicate of key present in binaryData"));
      if (kv.value().is_string()) total += static_cast<int64_t>(kv.value().get_string().size());
    }
  }
  if (binary) {
    for (const auto& kv : *binary) {
      std::string key(kv.key());
      for (auto& m : IsConfigMapKey(key))
        errs.push_back(Invalid(FieldPath("binaryData").Key(key), key, m));
      if (kv.value().is_string()) {
        auto bytes = DecodeBase64(kv.value().get_string());
        total += static_cast<int64_t>(bytes ? bytes->size() : kv.value().get_string().size());
      }
    }
  }
  // Upstream reports the whole object with an empty field path.
  if (total > kMaxSecretSize) errs.push_back(TooLong(FieldPath(""), kMaxSecretSize));
  return errs;
}

ErrorList ValidateImmutableData(const object& obj, const object& old,
                                std::initializer_list<const char*> fields) {
  ErrorList errs;
  if (!Bool(&old, "immutable").value_or(false)) return errs;
  if (!Bool(&obj, "immutable").value_or(false)) {
    errs.push_back(Forbidden(FieldPath("immutable"), "field is immutable when `immutable` is set"));
  }
  for (const char* f : fields) {
    const boost::json::value* a = Field(&obj, f);
    const boost::json::value* b = Field(&old, f);
    bool a_empty = a == nullptr || a->is_null() || (a->is_object() && a->get_object().empty());
    bool b_empty = b == nullptr || b->is_null() || (b->is_object() && b->get_object().empty());
    if (a_empty && b_empty) continue;
    if (a_empty != b_empty || *a != *b) {
      errs.push_back(Forbidden(FieldPath(f), "field is immutable when `immutable` is set"));
    }
  }
  return errs;
}

// Secret data, decoded; stringData (when the object still carries it) counts
// as data, as upstream merges it into data before validating.
std::map<std::string, std::string> SecretData(const object& secret) {
  std::map<std::string, std::string> out;
  if (const object* data = Obj(&secret, "data")) {
    for (const auto& kv : *data) {
      std::string raw =
          kv.value().is_string() ? std::string(kv.value().get_string()) : std::string();
      auto bytes = DecodeBase64(raw);
      out[std::string(kv.key())] = bytes ? *bytes : raw;
    }
  }
  if (const object* sd = Obj(&secret, "stringData")) {
    for (const auto& kv : *sd) {
      out[std::string(kv.key())] =
          kv.value().is_string() ? std::string(kv.value().get_string()) : std::string();
    }
  }
  return out;
}

ErrorList ValidateJsonContent(const std::map<std::string, std::string>& data,
                              const std::string& key) {
  FieldPath kp = FieldPath("data").Key(key);
  auto it = data.find(key);
  if (it == data.end()) return {Required(kp)};
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(it->second, ec);
  if (ec) return {Invalid(kp, "<secret contents redacted>", ec.message())};
  if (!v.is_object()) {
    return {Invalid(kp, "<secret contents redacted>",
                    "json: cannot unmarshal into Go value of type map[string]interface {}")};
  }
  return {};
}

ErrorList ValidateSecret(const object& secret) {
  ErrorList errs;
  auto data = SecretData(secret);
  int64_t total = 0;
  for (const auto& [key, value] : data) {
    for (auto& m : IsConfigMapKey(key)) errs.push_back(Invalid(FieldPath("data").Key(key), key, m));
    total += static_cast<int64_t>(value.size());
  }
  if (total > kMaxSecretSize) errs.push_back(TooLong(FieldPath("data"), kMaxSecretSize));
  std::string type = Str(&secret, "type");
  FieldPath dp("data");
  if (type == "kubernetes.io/service-account-token") {
    const object* annotations = Obj(Obj(&secret, "metadata"), "annotations");
    if (Str(annotations, "kubernetes.io/service-account.name").empty()) {
      errs.push_back(Required(
          FieldPath("metadata").Child("annotations").Key("kubernetes.io/service-account.name")));
    }
  } else if (type == "kubernetes.io/dockercfg") {
    Append(errs, ValidateJsonContent(data, ".dockercfg"));
  } else if (type == "kubernetes.io/dockerconfigjson") {
    Append(errs, ValidateJsonContent(data, ".dockerconfigjson"));
  } else if (type == "kubernetes.io/basic-auth") {
    if (!data.count("username") && !data.count("password")) {
      errs.push_back(Required(dp.Key("username")));
      errs.push_back(Required(dp.Key("password")));
    }
  } else if (type == "kubernetes.io/ssh-auth") {
    if (data["ssh-privatekey"].empty()) errs.push_back(Required(dp.Key("ssh-privatekey")));
  } else if (type == "kubernetes.io/tls") {
    if (!data.count("tls.crt")) errs.push_back(Required(dp.Key("tls.crt")));
    if (!data.count("tls.key")) errs.push_back(Required(dp.Key("tls.key")));
  }
  return errs;
}

ErrorList ValidateNamespace(const object& ns) {
  ErrorList errs;
  auto finalizers = Strings(SpecOf(ns), "finalizers");
  FieldPath fp = FieldPath("spec").Child("finalizers");
  for (const auto& f : finalizers) {
    for (auto& m : IsQualifiedName(f)) errs.push_back(Invalid(fp, f, m));
    if (f.find('/') == std::string::npos && f != "kubernetes" && f != "orphan" &&
        f != "foregroundDeletion") {
      errs.push_back(
          Invalid(fp, f, "name is neither a standard finalizer name nor is it fully qualified"));
    }
  }
  return errs;
}

}  // namespace

void RegisterCoreKinds(KindTable& t) {
  KindValidator pod;
  pod.full_create = [](const object& o, bool namespaced) {
    return ValidatePodCreate(o, namespaced);
  };
  pod.full_update = [](const object& o, const object& old) { return ValidatePodUpdate(o, old); };
  t["/Pod"] = pod;

  t["/PodTemplate"].validate = [](const object& o) {
    return ValidatePodTemplateSpec(Obj(&o, "template"), FieldPath("template"));
  };
  t["/ReplicationController"].validate = ValidateReplicationController;

  t["/ConfigMap"].validate = ValidateConfigMap;
  t["/ConfigMap"].validate_update = [](const object& o, const object& old) {
    return ValidateImmutableData(o, old, {"data", "binaryData"});
  };
  t["/ConfigMap"].update_rules_first = true;
  t["/Secret"].validate = ValidateSecret;
  t["/Secret"].update_rules_first = true;
  t["/Secret"].validate_update = [](const object& o, const object& old) {
    ErrorList errs;
    std::string type = Str(&o, "type"), old_type = Str(&old, "type");
    if (type != old_type)
      errs.push_back(Invalid(FieldPath("type"), type, std::string(kFieldImmutable)));
    Append(errs, ValidateImmutableData(o, old, {"data"}));
    return errs;
  };
  t["/Namespace"].name_rule = NameRule::kDNSLabel;
  t["/Namespace"].validate = ValidateNamespace;
  t["/ServiceAccount"].validate = [](const object&) { return ErrorList{}; };
}

}  // namespace kubepp::api::validation
