// Containers of a pod spec: names, images, ports, env, resources, probes
// (core validateContainers / validateInitContainers / validateContainerCommon).
#include <algorithm>
#include <cctype>
#include <climits>
#include <map>
#include <set>

#include "api/names/names.h"
#include "api/quantity/quantity.h"
#include "api/validation/label_selector.h"
#include "api/validation/object_meta.h"
#include "api/validation/pod_parts.h"
#include "api/validation/pod_spec.h"

namespace kubepp::api::validation {
namespace {

using boost::json::array;
using boost::json::object;

const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};

// IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation, on by default in v1.32).
std::vector<std::string> RelaxedEnvVarName(std::string_view v) {
  std::vector<std::string> errs;
  if (v.empty()) errs.push_back("environment variable name must be non-empty");
  for (unsigned char c : v) {
    if (c < 0x20 || c > 0x7e || c == '=') {
      errs.push_back(
          "a valid environment variable name must consist only of printable ASCII characters other "
          "than '='");
      break;
    }
  }
  return errs;
}

ErrorList ValidateContainerPorts(const array* ports, const FieldPath& path) {
  ErrorList errs;
  std::set<std::string> names;
  for (size_t i = 0; i < Size(ports); ++i) {
    const object* p = ObjAt(*ports, i);
    FieldPath ip = path.Index(i);
    std::string name = Str(p, "name");
    if (!name.empty()) {
      auto msgs = IsValidPortName(name);
      if (!msgs.empty()) {
        for (auto& m : msgs) errs.push_back(Invalid(ip.Child("name"), name, m));
      } else if (names.count(name)) {
        errs.push_back(Duplicate(ip.Child("name"), name));
      } else {
        names.insert(name);
      }
    }
    int64_t container_port = IntOr(p, "containerPort", 0);
    if (container_port == 0) {
      errs.push_back(Required(ip.Child("containerPort")));
    } else {
      for (auto& m : IsValidPortNum(container_port))
        errs.push_back(InvalidInt(ip.Child("containerPort"), container_port, m));
    }
    int64_t host_port = IntOr(p, "hostPort", 0);
    if (host_port != 0) {
      for (auto& m : IsValidPortNum(host_port))
        errs.push_back(InvalidInt(ip.Child("hostPort"), host_port, m));
    }
    std::string protocol = Str(p, "protocol");
    if (protocol.empty()) {
      errs.push_back(Required(ip.Child("protocol")));
    } else if (std::find(kProtocols.begin(), kProtocols.end(), protocol) == kProtocols.end()) {
      errs.push_back(NotSupported(ip.Child("protocol"), protocol, kProtocols));
    }
  }
  return errs;
}

ErrorList ValidateKeySelector(const object* ref, const FieldPath& path) {
  ErrorList errs;
  std::string name = Str(ref, "name");
  for (auto& m : IsDNS1123Subdomain(name)) errs.push_back(Invalid(path.Child("name"), name, m));
  std::string key = Str(ref, "key");
  if (key.empty()) {
    errs.push_back(Required(path.Child("key")));
  } else {
    for (auto& m : IsConfigMapKey(key)) errs.push_back(Invalid(path.Child("key"), key, m));
  }
  return errs;
}

ErrorList ValidateFieldRef(const object* ref, const FieldPath& path) {
  static const std::vector<std::string> kPaths = {"metadata.name",
                                                  "metadata.namespace",
                                                  "metadata.uid",
                                                  "spec.nodeName",
                                                  "spec.serviceAccountName",
                                                  "status.hostIP",
                                                  "status.hostIPs",
                                                  "status.podIP",
                                                  "status.podIPs"};
  ErrorList errs;
  if (Str(ref, "apiVersion").empty()) errs.push_back(Required(path.Child("apiVersion")));
  std::string fp = Str(ref, "fieldPath");
  if (fp.empty()) {
    errs.push_back(Required(path.Child("fieldPath")));
    return errs;
  }
  size_t open = fp.find("['");
  if (open != std::string::npos && fp.ends_with("']")) {
    std::string base = fp.substr(0, open), subscript = fp.substr(open + 2, fp.size() - open - 4);
    if (base == "metadata.annotations") {
      std::string lower = subscript;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      Append(errs, ValidateQualifiedName(lower, path.Child("fieldPath")));
    } else if (base == "metadata.labels") {
      Append(errs, ValidateQualifiedName(subscript, path.Child("fieldPath")));
    } else {
      errs.push_back(NotSupported(path.Child("fieldPath"), base, kPaths));
    }
  } else if (std::find(kPaths.begin(), kPaths.end(), fp) == kPaths.end()) {
    errs.push_back(NotSupported(path.Child("fieldPath"), fp, kPaths));
  }
  return errs;
}

ErrorList ValidateResourceFieldRef(const object* ref, const FieldPath& path) {
  static const std::vector<std::string> kResources = {
      "limits.cpu",   "limits.ephemeral-storage",   "limits.memory",
      "requests.cpu", "requests.ephemeral-storage", "requests.memory"};
  std::string r = Str(ref, "resource");
  if (r.empty()) return {Required(path.Child("resource"))};
  if (std::find(kResources.begin(), kResources.end(), r) == kResources.end() &&
      !r.starts_with("limits.hugepages-") && !r.starts_with("requests.hugepages-")) {
    return {NotSupported(path.Child("resource"), r, kResources)};
  }
  return {};
}

ErrorList ValidateEnv(const array* env, const FieldPath& path) {
  ErrorList errs;
  for (size_t i = 0; i < Size(env); ++i) {
    const object* ev = ObjAt(*env, i);
    FieldPath ip = path.Index(i);
    std::string name = Str(ev, "name");
    if (name.empty()) {
      errs.push_back(Required(ip.Child("name")));
    } else {
      for (auto& m : RelaxedEnvVarName(name)) errs.push_back(Invalid(ip.Child("name"), name, m));
    }
    const object* from = Obj(ev, "valueFrom");
    if (from == nullptr) continue;
    FieldPath fp = ip.Child("valueFrom");
    int sources = 0;
    if (const object* r = Obj(from, "fieldRef")) {
      ++sources;
      Append(errs, ValidateFieldRef(r, fp.Child("fieldRef")));
    }
    if (const object* r = Obj(from, "resourceFieldRef")) {
      ++sources;
      Append(errs, ValidateResourceFieldRef(r, fp.Child("resourceFieldRef")));
    }
    if (const object* r = Obj(from, "configMapKeyRef")) {
      ++sources;
      Append(errs, ValidateKeySelector(r, fp.Child("configMapKeyRef")));
    }
    if (const object* r = Obj(from, "secretKeyRef")) {
      ++sources;
      Append(errs, ValidateKeySelector(r, fp.Child("secretKeyRef")));
    }
    if (sources == 0) {
      errs.push_back(Invalid(fp, "",
                             "must specify one of: `fieldRef`, `resourceFieldRef`, "
                             "`configMapKeyRef` or `secretKeyRef`"));
    } else if (!Str(ev, "value").empty()) {
      errs.push_back(Invalid(fp, "", "may not be specified when `value` is not empty"));
    } else if (sources > 1) {
      errs.push_back(Invalid(fp, "", "may not have more than one field specified at a time"));
    }
  }
  return errs;
}

ErrorList ValidateEnvFrom(const array* env_from, const FieldPath& path) {
  ErrorList errs;
  for (size_t i = 0; i < Size(env_from); ++i) {
    const object* ev = ObjAt(*env_from, i);
    FieldPath ip = path.Index(i);
    std::string prefix = Str(ev, "prefix");
    if (!prefix.empty()) {
      for (auto& m : RelaxedEnvVarName(prefix))
        errs.push_back(Invalid(ip.Child("prefix"), prefix, m));
    }
    int sources = 0;
    for (const char* kind : {"configMapRef", "secretRef"}) {
      const object* ref = Obj(ev, kind);
      if (ref == nullptr) continue;
      ++sources;
      std::string name = Str(ref, "name");
      if (name.empty()) {
        errs.push_back(Required(ip.Child(kind, "name")));
      } else {
        for (auto& m : CheckName(NameRule::kDNSSubdomain, name, true)) {
          errs.push_back(Invalid(ip.Child(kind, "name"), name, m));
        }
      }
    }
    if (sources == 0) {
      errs.push_back(Invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    } else if (sources > 1) {
      errs.push_back(Invalid(path, "", "may not have more than one field specified at a time"));
    }
  }
  return errs;
}

bool IsStandardContainerResource(const std::string& n) {
  return n == "cpu" || n == "memory" || n == "ephemeral-storage" || n.starts_with("hugepages-");
}
bool IsStandardResource(const std::string& n) {
  static const std::set<std::string> kNames = {"cpu",
                                               "memory",
                                               "ephemeral-storage",
                                               "storage",
                                               "pods",
                                               "services",
                                               "replicationcontrollers",
                                               "resourcequotas",
                                               "secrets",
                                               "configmaps",
                                               "persistentvolumeclaims",
                                               "requests.cpu",
                                               "requests.memory",
                                               "requests.storage",
                                               "requests.ephemeral-storage",
                                               "limits.cpu",
                                               "limits.memory",
                                               "limits.ephemeral-storage",
                                               "services.nodeports",
                                               "services.loadbalancers"};
  return kNames.count(n) || n.starts_with("hugepages-") || n.starts_with("requests.hugepages-");
}

ErrorList ValidateContainerResourceName(const std::string& name, const FieldPath& path) {
  ErrorList errs = ValidateQualifiedName(name, path);
  if (!errs.empty()) return errs;
  bool has_slash = name.find('/') != std::string::npos;
  if (!has_slash && !IsStandardResource(name)) {
    errs.push_back(Invalid(path, name, "must be a standard resource type or fully qualified"));
  }
  if (!has_slash) {
    if (!IsStandardContainerResource(name))
      errs.push_back(Invalid(path, name, "must be a standard resource for containers"));
  } else if (name.find("kubernetes.io/") == std::string::npos && name.starts_with("requests.")) {
    errs.push_back(Invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

// Parses every quantity of a resource list; reports syntax errors and negatives.
std::map<std::string, Quantity> ParseQuantities(const object* list, const FieldPath& path,
                                                ErrorList* errs, bool container) {
  std::map<std::string, Quantity> out;
  if (list == nullptr) return out;
  for (const auto& kv : *list) {
    std::string name(kv.key());
    FieldPath kp = path.Key(name);
    if (container) Append(*errs, ValidateContainerResourceName(name, kp));
    std::string text = kv.value().is_string()
                           ? std::string(kv.value().get_string())
                           : (kv.value().is_number() ? GoValue(kv.value()) : std::string());
    auto q = Quantity::Parse(text);
    if (!q.ok()) {
      errs->push_back(Invalid(kp, text, q.status().message()));
      continue;
    }
    if (q->Compare(Quantity()) < 0)
      errs->push_back(Invalid(kp, q->String(), std::string(kIsNegative)));
    out.emplace(name, *q);
  }
  return out;
}

ErrorList ValidateResources(const object* res, const FieldPath& path) {
  ErrorList errs;
  auto limits = ParseQuantities(Obj(res, "limits"), path.Child("limits"), &errs, true);
  auto requests = ParseQuantities(Obj(res, "requests"), path.Child("requests"), &errs, true);
  for (const auto& [name, q] : requests) {
    auto it = limits.find(name);
    bool overcommit =
        !name.starts_with("hugepages-") &&
        (name.find('/') == std::string::npos || name.find("kubernetes.io/") != std::string::npos);
    if (it != limits.end()) {
      if (!overcommit && q.Compare(it->second) != 0) {
        errs.push_back(Invalid(path.Child("requests"), q.String(),
                               "must be equal to " + name + " limit of " + it->second.String()));
      } else if (q.Compare(it->second) > 0) {
        errs.push_back(
            Invalid(path.Child("requests"), q.String(),
                    "must be less than or equal to " + name + " limit of " + it->second.String()));
      }
    } else if (!overcommit) {
      errs.push_back(
          Required(path.Child("limits"), "Limit must be set for non overcommitable resources"));
    }
  }
  return errs;
}

// --- probes and handlers ------------------------------------------------------

ErrorList ValidateHandler(const object* h, bool is_probe, const FieldPath& path) {
  ErrorList errs;
  int handlers = 0;
  std::vector<std::string> kinds = {"exec", "httpGet", "tcpSocket"};
  kinds.push_back(is_probe ? "grpc" : "sleep");
  for (const auto& kind : kinds) {
    const object* a = Obj(h, kind);
    if (a == nullptr) continue;
    FieldPath ap = path.Child(kind);
    if (handlers > 0) {
      errs.push_back(Forbidden(ap, "may not specify more than 1 handler type"));
      continue;
    }
    ++handlers;
    if (kind == "exec") {
      if (Size(Arr(a, "command")) == 0) errs.push_back(Required(ap.Child("command")));
    } else if (kind == "httpGet") {
      if (Str(a, "path").empty()) errs.push_back(Required(ap.Child("path")));
      Append(errs, ValidatePortNumOrName(IntOrStr(a, "port"), ap.Child("port")));
      std::string scheme = Str(a, "scheme");
      if (scheme != "HTTP" && scheme != "HTTPS")
        errs.push_back(NotSupported(ap.Child("scheme"), scheme, {"HTTP", "HTTPS"}));
    } else if (kind == "tcpSocket") {
      Append(errs, ValidatePortNumOrName(IntOrStr(a, "port"), ap.Child("port")));
    } else if (kind == "grpc") {
      int64_t port = IntOr(a, "port", 0);
      for (auto& m : IsValidPortNum(port)) errs.push_back(InvalidInt(ap.Child("port"), port, m));
    } else if (kind == "sleep") {
      int64_t seconds = IntOr(a, "seconds", 0);
      if (seconds <= 0)
        errs.push_back(InvalidInt(ap.Child("seconds"), seconds, "must be greater than 0"));
    }
  }
  if (handlers == 0) errs.push_back(Required(path, "must specify a handler type"));
  return errs;
}

ErrorList ValidateProbe(const object* probe, const FieldPath& path) {
  ErrorList errs;
  if (probe == nullptr) return errs;
  Append(errs, ValidateHandler(probe, true, path));
  for (const char* f : {"initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                        "successThreshold", "failureThreshold"}) {
    Append(errs, ValidateNonnegative(IntOr(probe, f, 0), path.Child(f)));
  }
  if (auto g = Int(probe, "terminationGracePeriodSeconds"); g && *g <= 0) {
    errs.push_back(
        InvalidInt(path.Child("terminationGracePeriodSeconds"), *g, "must be greater than 0"));
  }
  return errs;
}

ErrorList ValidateLifecycle(const object* lc, const FieldPath& path) {
  ErrorList errs;
  for (const char* hook : {"postStart", "preStop"}) {
    if (const object* h = Obj(lc, hook)) Append(errs, ValidateHandler(h, false, path.Child(hook)));
  }
  return errs;
}

ErrorList ValidateContainerCommon(const object* c, const std::set<std::string>& volumes,
                                  const FieldPath& path) {
  ErrorList errs;
  std::string name = Str(c, "name");
  if (name.empty()) {
    errs.push_back(Required(path.Child("name")));
  } else {
    Append(errs, ValidateDNS1123Label(name, path.Child("name")));
  }
  if (Str(c, "image").empty()) errs.push_back(Required(path.Child("image")));
  std::string tmp = Str(c, "terminationMessagePolicy");
  if (tmp.empty()) {
    errs.push_back(Required(path.Child("terminationMessagePolicy")));
  } else if (tmp != "File" && tmp != "FallbackToLogsOnError") {
    errs.push_back(NotSupported(path.Child("terminationMessagePolicy"), tmp,
                                {"File", "FallbackToLogsOnError"}));
  }
  Append(errs, ValidateContainerPorts(Arr(c, "ports"), path.Child("ports")));
  Append(errs, ValidateEnv(Arr(c, "env"), path.Child("env")));
  Append(errs, ValidateEnvFrom(Arr(c, "envFrom"), path.Child("envFrom")));
  Append(errs, ValidateVolumeMounts(Arr(c, "volumeMounts"), volumes, path.Child("volumeMounts")));
  std::string pull = Str(c, "imagePullPolicy");
  if (pull.empty()) {
    errs.push_back(Required(path.Child("imagePullPolicy")));
  } else if (pull != "Always" && pull != "IfNotPresent" && pull != "Never") {
    errs.push_back(
        NotSupported(path.Child("imagePullPolicy"), pull, {"Always", "IfNotPresent", "Never"}));
  }
  Append(errs, ValidateResources(Obj(c, "resources"), path.Child("resources")));
  return errs;
}

}  // namespace

ErrorList ValidateContainers(const array* containers, const std::set<std::string>& volumes,
                             const FieldPath& path, std::set<std::string>* names) {
  ErrorList errs;
  if (Size(containers) == 0) return {Required(path)};
  for (size_t i = 0; i < containers->size(); ++i) {
    const object* c = ObjAt(*containers, i);
    FieldPath ip = path.Index(i);
    Append(errs, ValidateContainerCommon(c, volumes, ip));
    std::string name = Str(c, "name");
    if (names->count(name)) {
      errs.push_back(Duplicate(ip.Child("name"), name));
    } else {
      names->insert(name);
    }
    if (const object* lc = Obj(c, "lifecycle"))
      Append(errs, ValidateLifecycle(lc, ip.Child("lifecycle")));
    const object* liveness = Obj(c, "livenessProbe");
    Append(errs, ValidateProbe(liveness, ip.Child("livenessProbe")));
    if (liveness) {
      if (int64_t st = IntOr(liveness, "successThreshold", 0); st != 1) {
        errs.push_back(InvalidInt(ip.Child("livenessProbe", "successThreshold"), st, "must be 1"));
      }
    }
    const object* readiness = Obj(c, "readinessProbe");
    Append(errs, ValidateProbe(readiness, ip.Child("readinessProbe")));
    if (readiness && Has(readiness, "terminationGracePeriodSeconds")) {
      errs.push_back(InvalidInt(ip.Child("readinessProbe", "terminationGracePeriodSeconds"),
                                IntOr(readiness, "terminationGracePeriodSeconds", 0),
                                "must not be set for readinessProbes"));
    }
    const object* startup = Obj(c, "startupProbe");
    Append(errs, ValidateProbe(startup, ip.Child("startupProbe")));
    if (startup) {
      if (int64_t st = IntOr(startup, "successThreshold", 0); st != 1) {
        errs.push_back(InvalidInt(ip.Child("startupProbe", "successThreshold"), st, "must be 1"));
      }
    }
    if (Has(c, "restartPolicy"))
      errs.push_back(
          Forbidden(ip.Child("restartPolicy"), "may not be set for non-init containers"));
  }
  // Host ports must not collide across containers (protocol/hostIP/port).
  std::set<std::string> host_ports;
  for (size_t i = 0; i < containers->size(); ++i) {
    const array* ports = Arr(ObjAt(*containers, i), "ports");
    for (size_t j = 0; j < Size(ports); ++j) {
      const object* p = ObjAt(*ports, j);
      int64_t hp = IntOr(p, "hostPort", 0);
      if (hp == 0) continue;
      std::string key = Str(p, "protocol") + "/" + Str(p, "hostIP") + "/" + std::to_string(hp);
      if (!host_ports.insert(key).second) {
        errs.push_back(Duplicate(path.Index(i).Child("ports").Index(j).Child("hostPort"), key));
      }
    }
  }
  return errs;
}

ErrorList ValidateInitContainers(const array* containers, const std::set<std::string>& volumes,
                                 const FieldPath& path, std::set<std::string>* names) {
  ErrorList errs;
  for (size_t i = 0; i < Size(containers); ++i) {
    const object* c = ObjAt(*containers, i);
    FieldPath ip = path.Index(i);
    Append(errs, ValidateContainerCommon(c, volumes, ip));
    bool sidecar = false;
    if (Has(c, "restartPolicy")) {
      std::string rp = Str(c, "restartPolicy");
      if (rp == "Always") {
        sidecar = true;
      } else {
        errs.push_back(NotSupported(ip.Child("restartPolicy"), rp, {"Always"}));
      }
    }
    std::string name = Str(c, "name");
    if (names->count(name)) {
      errs.push_back(Duplicate(ip.Child("name"), name));
    } else if (!name.empty()) {
      names->insert(name);
    }
    const array* ports = Arr(c, "ports");
    std::set<std::string> host_ports;
    for (size_t j = 0; j < Size(ports); ++j) {
      const object* p = ObjAt(*ports, j);
      int64_t hp = IntOr(p, "hostPort", 0);
      if (hp == 0) continue;
      std::string key = Str(p, "protocol") + "/" + Str(p, "hostIP") + "/" + std::to_string(hp);
      if (!host_ports.insert(key).second)
        errs.push_back(Duplicate(path.Index(i).Child("ports").Index(j).Child("hostPort"), key));
    }
    if (sidecar) {
      if (const object* lc = Obj(c, "lifecycle"))
        Append(errs, ValidateLifecycle(lc, ip.Child("lifecycle")));
      Append(errs, ValidateProbe(Obj(c, "livenessProbe"), ip.Child("livenessProbe")));
      Append(errs, ValidateProbe(Obj(c, "readinessProbe"), ip.Child("readinessProbe")));
      Append(errs, ValidateProbe(Obj(c, "startupProbe"), ip.Child("startupProbe")));
    } else {
      for (const char* f : {"lifecycle", "livenessProbe", "readinessProbe", "startupProbe"}) {
        if (Has(c, f))
          errs.push_back(Forbidden(
              ip.Child(f), "may not be set for init containers without restartPolicy=Always"));
      }
    }
  }
  return errs;
}

ErrorList ValidateResourceQuantities(const object* list, const FieldPath& path) {
  ErrorList errs;
  ParseQuantities(list, path, &errs, false);
  return errs;
}

}  // namespace kubepp::api::validation
