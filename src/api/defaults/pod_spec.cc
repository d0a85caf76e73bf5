#include "api/defaults/pod_spec.h"

#include <algorithm>
#include <string>

#include "api/defaults/json_fields.h"

namespace kubepp::api::defaults {
namespace {

namespace json = boost::json;

// Upstream's DefaultTerminationGracePeriodSeconds and the 0644 file mode.
constexpr int64_t kTerminationGracePeriodSeconds = 30;
constexpr int64_t kDefaultFileMode = 0644;  // 420
constexpr int64_t kTokenExpirationSeconds = 3600;

void DefaultFieldRef(json::object& holder) {
  if (json::object* ref = ObjectAt(holder, "fieldRef")) SetIfEmptyString(*ref, "apiVersion", "v1");
}

void DefaultHttpGet(json::object& handler) {
  if (json::object* get = ObjectAt(handler, "httpGet")) {
    SetIfEmptyString(*get, "path", "/");
    SetIfEmptyString(*get, "scheme", "HTTP");
  }
}

void DefaultLifecycle(json::object& container) {
  json::object* lc = ObjectAt(container, "lifecycle");
  if (lc == nullptr) return;
  for (std::string_view hook : {"postStart", "preStop"}) {
    if (json::object* h = ObjectAt(*lc, hook)) DefaultHttpGet(*h);
  }
}

void DefaultDownwardApiItems(json::object& source) {
  ForEachObject(source, "items", [](json::object& item) { DefaultFieldRef(item); });
}

void DefaultProjected(json::object& projected) {
  SetIfNil(projected, "defaultMode", kDefaultFileMode);
  ForEachObject(projected, "sources", [](json::object& src) {
    if (json::object* d = ObjectAt(src, "downwardAPI")) DefaultDownwardApiItems(*d);
    if (json::object* t = ObjectAt(src, "serviceAccountToken")) {
      SetIfNil(*t, "expirationSeconds", kTokenExpirationSeconds);
    }
  });
}

// Requests default to limits for every resource that has a limit and no
// request (upstream's SetDefaults_Pod; quantities are copied verbatim).
void RequestsFromLimits(json::object& container) {
  json::object* res = ObjectAt(container, "resources");
  if (res == nullptr) return;
  json::object* found = ObjectAt(*res, "limits");
  if (found == nullptr || found->empty()) return;
  // A copy: adding "requests" to `res` may move the limits object.
  const json::object limits = *found;
  json::object* requests = EnsureObject(*res, "requests");
  if (requests == nullptr) return;
  for (const auto& kv : limits) {
    if (!requests->contains(kv.key())) (*requests)[kv.key()] = kv.value();
  }
}

void HostPortsFromContainerPorts(json::object& container) {
  ForEachObject(container, "ports", [](json::object& port) {
    if (IsZeroNumber(port, "hostPort") && !IsNil(port, "containerPort")) {
      json::value container_port = port.at("containerPort");
      port["hostPort"] = std::move(container_port);
    }
  });
}

bool HasUpper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

std::string_view DefaultImagePullPolicy(std::string_view image) {
  constexpr std::string_view kAlways = "Always", kIfNotPresent = "IfNotPresent";
  if (image.empty()) return kIfNotPresent;  // does not parse
  std::string_view name = image;
  bool has_digest = false;
  if (auto at = name.find('@'); at != std::string_view::npos) {
    has_digest = true;
    name = name.substr(0, at);
  }
  std::string_view tag;
  auto slash = name.rfind('/');
  auto colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    tag = name.substr(colon + 1);
    name = name.substr(0, colon);
  }
  // A first component is a registry host when it has '.', ':', is
  // "localhost" or has upper case; the rest of the name must be lower case.
  std::string_view path = name;
  if (auto first = name.find('/'); first != std::string_view::npos) {
    std::string_view host = name.substr(0, first);
    if (host.find_first_of(".:") != std::string_view::npos || host == "localhost" ||
        HasUpper(host)) {
      path = name.substr(first + 1);
    }
  }
  if (path.empty() || HasUpper(path)) return kIfNotPresent;
  if (tag == "latest") return kAlways;
  if (tag.empty() && !has_digest) return kAlways;
  return kIfNotPresent;
}

void DefaultProbe(json::object& probe) {
  SetIfZero(probe, "timeoutSeconds", 1);
  SetIfZero(probe, "periodSeconds", 10);
  SetIfZero(probe, "successThreshold", 1);
  SetIfZero(probe, "failureThreshold", 3);
  DefaultHttpGet(probe);
  if (json::object* grpc = ObjectAt(probe, "grpc")) SetIfNil(*grpc, "service", "");
}

void DefaultContainer(json::object& c) {
  if (IsEmptyString(c, "imagePullPolicy")) {
    c["imagePullPolicy"] = DefaultImagePullPolicy(StringAt(c, "image"));
  }
  SetIfEmptyString(c, "terminationMessagePath", "/dev/termination-log");
  SetIfEmptyString(c, "terminationMessagePolicy", "File");
  // ResourceRequirements is not a pointer upstream, so it is always
  // serialized, as {} when empty.
  SetIfNil(c, "resources", json::object());
  ForEachObject(c, "ports", [](json::object& p) { SetIfEmptyString(p, "protocol", "TCP"); });
  ForEachObject(c, "env", [](json::object& e) {
    if (json::object* from = ObjectAt(e, "valueFrom")) DefaultFieldRef(*from);
  });
  for (std::string_view probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    if (json::object* p = ObjectAt(c, probe)) DefaultProbe(*p);
  }
  DefaultLifecycle(c);
}

void DefaultPersistentVolumeClaimSpec(json::object& spec) {
  SetIfNil(spec, "volumeMode", "Filesystem");
}

void DefaultVolume(json::object& v) {
  // A volume naming no source is an emptyDir.
  bool has_source = false;
  for (const auto& kv : v) {
    if (kv.key() != "name" && !kv.value().is_null()) has_source = true;
  }
  if (!has_source) v["emptyDir"] = json::object();

  for (std::string_view src : {"secret", "configMap"}) {
    if (json::object* s = ObjectAt(v, src)) SetIfNil(*s, "defaultMode", kDefaultFileMode);
  }
  if (json::object* d = ObjectAt(v, "downwardAPI")) {
    SetIfNil(*d, "defaultMode", kDefaultFileMode);
    DefaultDownwardApiItems(*d);
  }
  if (json::object* p = ObjectAt(v, "projected")) DefaultProjected(*p);
  if (json::object* h = ObjectAt(v, "hostPath")) SetIfNil(*h, "type", "");
  if (json::object* i = ObjectAt(v, "iscsi")) SetIfEmptyString(*i, "iscsiInterface", "default");
  if (json::object* r = ObjectAt(v, "rbd")) {
    SetIfEmptyString(*r, "pool", "rbd");
    SetIfEmptyString(*r, "user", "admin");
    SetIfEmptyString(*r, "keyring", "/etc/ceph/keyring");
  }
  if (json::object* a = ObjectAt(v, "azureDisk")) {
    SetIfNil(*a, "cachingMode", "ReadWrite");
    SetIfNil(*a, "fsType", "ext4");
    SetIfNil(*a, "readOnly", false);
    SetIfNil(*a, "kind", "Shared");
  }
  if (json::object* s = ObjectAt(v, "scaleIO")) {
    SetIfEmptyString(*s, "storageMode", "ThinProvisioned");
    SetIfEmptyString(*s, "fsType", "xfs");
  }
  if (json::object* e = ObjectAt(v, "ephemeral")) {
    if (json::object* spec = Path(*e, {"volumeClaimTemplate", "spec"})) {
      DefaultPersistentVolumeClaimSpec(*spec);
    }
  }
}

void DefaultPodSpec(json::object& spec) {
  SetIfEmptyString(spec, "dnsPolicy", "ClusterFirst");
  SetIfEmptyString(spec, "restartPolicy", "Always");
  SetIfNil(spec, "securityContext", json::object());
  SetIfNil(spec, "terminationGracePeriodSeconds", kTerminationGracePeriodSeconds);
  SetIfEmptyString(spec, "schedulerName", "default-scheduler");
  // serviceAccount is the deprecated alias of serviceAccountName; upstream's
  // conversion reads the old name when the new one is empty and always
  // writes both.
  if (IsEmptyString(spec, "serviceAccountName") && !IsEmptyString(spec, "serviceAccount")) {
    json::value name = spec.at("serviceAccount");
    spec["serviceAccountName"] = std::move(name);
  }
  if (!IsEmptyString(spec, "serviceAccountName")) {
    json::value name = spec.at("serviceAccountName");
    spec["serviceAccount"] = std::move(name);
  }
  for (std::string_view list : {"initContainers", "containers", "ephemeralContainers"}) {
    ForEachObject(spec, list, [](json::object& c) { DefaultContainer(c); });
  }
  ForEachObject(spec, "volumes", [](json::object& v) { DefaultVolume(v); });
}

void DefaultPodTemplate(json::object& tmpl) {
  if (json::object* spec = EnsureObject(tmpl, "spec")) DefaultPodSpec(*spec);
}

void DefaultPodOnly(json::object& spec) {
  for (std::string_view list : {"initContainers", "containers"}) {
    ForEachObject(spec, list, [](json::object& c) { RequestsFromLimits(c); });
  }
  SetIfNil(spec, "enableServiceLinks", true);
  auto host_network = spec.find("hostNetwork");
  if (host_network != spec.end() && host_network->value().is_bool() &&
      host_network->value().get_bool()) {
    for (std::string_view list : {"initContainers", "containers"}) {
      ForEachObject(spec, list, [](json::object& c) { HostPortsFromContainerPorts(c); });
    }
  }
}

}  // namespace kubepp::api::defaults
