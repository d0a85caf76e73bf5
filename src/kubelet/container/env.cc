#include "kubelet/container/env.h"

#include <arpa/inet.h>

#include <map>
#include <optional>
#include <unordered_map>

#include "base/base64.h"
#include "kubelet/container/expansion.h"
#include "kubelet/container/service_env.h"
#include "kubelet/fieldpath/field_path.h"
#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::container {
namespace {

bool IsIpv4(const std::string& ip) {
  in_addr a;
  return inet_pton(AF_INET, ip.c_str(), &a) == 1;
}
bool IsIpv6(const std::string& ip) {
  in6_addr a;
  return inet_pton(AF_INET6, ip.c_str(), &a) == 1;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

// The declared variables in order of first definition; a redefinition keeps
// the position and takes the new value.
class OrderedEnv {
 public:
  void Set(const std::string& name, std::string value) {
    auto [it, inserted] = values_.try_emplace(name, value);
    if (inserted) {
      order_.push_back(name);
    } else {
      it->second = std::move(value);
    }
  }
  const EnvMap& values() const { return values_; }
  const std::vector<std::string>& order() const { return order_; }

 private:
  EnvMap values_;
  std::vector<std::string> order_;
};

// A ConfigMap's or Secret's data as strings; Secret data is decoded.
using DataMap = std::map<std::string, std::string, std::less<>>;

StatusOr<DataMap> DataOf(const boost::json::object& obj, bool secret) {
  DataMap out;
  const boost::json::object* data = Obj(&obj, "data");
  if (data == nullptr) return out;
  for (const auto& kv : *data) {
    if (!kv.value().is_string()) continue;
    if (!secret) {
      out.emplace(std::string(kv.key()), std::string(kv.value().get_string()));
      continue;
    }
    std::optional<std::string> decoded = base64::Decode(kv.value().get_string());
    if (!decoded) {
      return Status::Internal("illegal base64 data in key " + std::string(kv.key()) +
                              " of secret " + std::string(client::NamespaceOf(obj)) + "/" +
                              std::string(client::NameOf(obj)));
    }
    out.emplace(std::string(kv.key()), std::move(*decoded));
  }
  return out;
}

// Fetches each ConfigMap and Secret once per build, like upstream's local maps.
class SourceCache {
 public:
  SourceCache(ObjectGetter& getter, std::string ns) : getter_(getter), ns_(std::move(ns)) {}

  // nullptr with OK status: missing and optional.
  StatusOr<const DataMap*> Get(ObjectKind kind, const std::string& name, bool optional) {
    auto& cache = kind == ObjectKind::kSecret ? secrets_ : config_maps_;
    auto it = cache.find(name);
    if (it != cache.end()) return &it->second;
    StatusOr<client::ObjectPtr> got = getter_.Get(kind, ns_, name);
    if (!got.ok()) {
      if (got.status().IsNotFound() && optional) return static_cast<const DataMap*>(nullptr);
      return got.status();
    }
    StatusOr<DataMap> data = DataOf(**got, kind == ObjectKind::kSecret);
    if (!data.ok()) return data.status();
    return &cache.emplace(name, std::move(*data)).first->second;
  }

 private:
  ObjectGetter& getter_;
  std::string ns_;
  std::map<std::string, DataMap> config_maps_;
  std::map<std::string, DataMap> secrets_;
};

bool OptionalOf(const boost::json::object* ref) { return Bool(ref, "optional").value_or(false); }

}  // namespace

std::vector<std::string> SortPodIps(const std::vector<std::string>& pod_ips,
                                    const std::vector<std::string>& host_ips) {
  bool primary_v4 = host_ips.empty() || IsIpv4(host_ips[0]);
  auto primary = primary_v4 ? IsIpv4 : IsIpv6;
  auto secondary = primary_v4 ? IsIpv6 : IsIpv4;
  std::vector<std::string> out;
  for (const std::string& ip : pod_ips) {
    if (primary(ip)) {
      out.push_back(ip);
      break;
    }
  }
  for (const std::string& ip : pod_ips) {
    if (secondary(ip)) {
      out.push_back(ip);
      break;
    }
  }
  return out;
}

StatusOr<std::string> PodFieldSelectorRuntimeValue(const boost::json::object& selector,
                                                   const boost::json::object& pod,
                                                   const std::vector<std::string>& pod_ips,
                                                   const std::vector<std::string>& host_ips) {
  std::string version = Str(&selector, "apiVersion");
  if (version.empty()) version = "v1";  // the API's default
  StatusOr<std::string> path =
      fieldpath::ConvertDownwardApiFieldLabel(version, Str(&selector, "fieldPath"));
  if (!path.ok()) return path.status();

  std::vector<std::string> sorted = SortPodIps(pod_ips, host_ips);
  const boost::json::object* spec = Obj(&pod, "spec");
  if (*path == "spec.nodeName") return Str(spec, "nodeName");
  if (*path == "spec.serviceAccountName") return Str(spec, "serviceAccountName");
  if (*path == "status.hostIP" || *path == "status.hostIPs") {
    if (host_ips.empty()) return Status::Unavailable("host IP unknown; known addresses: []");
    return *path == "status.hostIP" ? host_ips[0] : Join(host_ips, ",");
  }
  if (*path == "status.podIP") return sorted.empty() ? std::string() : sorted[0];
  if (*path == "status.podIPs") return Join(sorted, ",");
  return fieldpath::ExtractFieldPathAsString(pod, *path);
}

StatusOr<std::vector<EnvVar>> MakeEnvironmentVariables(const boost::json::object& pod,
                                                       const boost::json::object& container,
                                                       const EnvContext& context,
                                                       ObjectGetter& getter) {
  const boost::json::object* spec = Obj(&pod, "spec");
  std::string ns(client::NamespaceOf(pod));
  bool service_links = Bool(spec, "enableServiceLinks").value_or(true);
  EnvMap service_env = ServiceEnvVarMap(ns, service_links, context.services);

  SourceCache sources(getter, ns);
  OrderedEnv env;

  // envFrom: whole ConfigMaps and Secrets; env below overrides them.
  if (const boost::json::array* env_from = Arr(&container, "envFrom")) {
    for (const auto& v : *env_from) {
      if (!v.is_object()) continue;
      const boost::json::object& entry = v.get_object();
      std::string prefix = Str(&entry, "prefix");
      const boost::json::object* ref = Obj(&entry, "configMapRef");
      ObjectKind kind = ObjectKind::kConfigMap;
      if (ref == nullptr) {
        ref = Obj(&entry, "secretRef");
        kind = ObjectKind::kSecret;
      }
      if (ref == nullptr) continue;
      StatusOr<const DataMap*> data = sources.Get(kind, Str(ref, "name"), OptionalOf(ref));
      if (!data.ok()) return data.status();
      if (*data == nullptr) continue;
      for (const auto& [k, value] : **data) env.Set(prefix + k, value);
    }
  }

  ExpansionMapping mapping = MappingFor({&env.values(), &service_env});
  std::optional<boost::json::object> defaulted_pod;  // built on the first resourceFieldRef
  if (const boost::json::array* vars = Arr(&container, "env")) {
    for (const auto& v : *vars) {
      if (!v.is_object()) continue;
      const boost::json::object& var = v.get_object();
      std::string name = Str(&var, "name");
      std::string value = Str(&var, "value");
      const boost::json::object* from = Obj(&var, "valueFrom");
      if (!value.empty()) {
        value = Expand(value, mapping);
      } else if (from != nullptr) {
        if (const boost::json::object* field_ref = Obj(from, "fieldRef")) {
          StatusOr<std::string> got =
              PodFieldSelectorRuntimeValue(*field_ref, pod, context.pod_ips, context.host_ips);
          if (!got.ok()) return got.status();
          value = std::move(*got);
        } else if (const boost::json::object* resource_ref = Obj(from, "resourceFieldRef")) {
          if (!defaulted_pod)
            defaulted_pod =
                fieldpath::DefaultPodLimitsForDownwardApi(pod, context.node_allocatable);
          std::string target = Str(resource_ref, "containerName");
          StatusOr<std::string> got =
              target.empty() ? fieldpath::ExtractContainerResourceValue(
                                   *resource_ref, fieldpath::MergeContainerResourceLimits(
                                                      container, context.node_allocatable))
                             : fieldpath::ExtractResourceValueByContainerName(
                                   *resource_ref, *defaulted_pod, target);
          if (!got.ok()) return got.status();
          value = std::move(*got);
        } else if (const boost::json::object* cm_ref = Obj(from, "configMapKeyRef")) {
          std::string source = Str(cm_ref, "name");
          std::string key = Str(cm_ref, "key");
          bool optional = OptionalOf(cm_ref);
          StatusOr<const DataMap*> data = sources.Get(ObjectKind::kConfigMap, source, optional);
          if (!data.ok()) return data.status();
          if (*data == nullptr) continue;
          auto it = (*data)->find(key);
          if (it == (*data)->end()) {
            if (optional) continue;
            return Status::NotFound("couldn't find key " + key + " in ConfigMap " + ns + "/" +
                                    source);
          }
          value = it->second;
        } else if (const boost::json::object* secret_ref = Obj(from, "secretKeyRef")) {
          std::string source = Str(secret_ref, "name");
          std::string key = Str(secret_ref, "key");
          bool optional = OptionalOf(secret_ref);
          StatusOr<const DataMap*> data = sources.Get(ObjectKind::kSecret, source, optional);
          if (!data.ok()) return data.status();
          if (*data == nullptr) continue;
          auto it = (*data)->find(key);
          if (it == (*data)->end()) {
            if (optional) continue;
            return Status::NotFound("couldn't find key " + key + " in Secret " + ns + "/" + source);
          }
          value = it->second;
        }
      }
      env.Set(name, std::move(value));
    }
  }

  std::vector<EnvVar> result;
  result.reserve(env.order().size() + service_env.size());
  for (const std::string& name : env.order())
    result.push_back({name, env.values().find(name)->second});
  for (const auto& [name, value] : service_env) {
    if (env.values().find(name) == env.values().end()) result.push_back({name, value});
  }
  return result;
}

}  // namespace kubepp::kubelet::container
