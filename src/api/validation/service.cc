// Services (core ValidateService / ValidateServiceUpdate). Node port range
// checks belong to allocation in the registry, not here.
#include <algorithm>
#include <set>

#include "api/names/names.h"
#include "api/validation/json_access.h"
#include "api/validation/kinds.h"
#include "api/validation/pod_spec.h"

namespace kubepp::api::validation {
namespace {

using boost::json::array;
using boost::json::object;

const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};
const std::vector<std::string> kTypes = {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"};

// The clusterIPs as the registry normalizes them before validating: a lone
// clusterIP implies clusterIPs = [clusterIP].
std::vector<std::string> ClusterIPs(const object* spec) {
  std::vector<std::string> ips = Strings(spec, "clusterIPs");
  std::string ip = Str(spec, "clusterIP");
  if (ips.empty() && !ip.empty()) ips.push_back(ip);
  return ips;
}

bool IsHeadless(const object* spec) {
  auto ips = ClusterIPs(spec);
  return Str(spec, "type") == "ClusterIP" && ips.size() == 1 && ips[0] == "None";
}

bool IsIPv6(const std::string& ip) { return ip.find(':') != std::string::npos; }

// core.ServicePort{Protocol, Port} as %#v prints it, for duplicate ports.
std::string ServicePortKeyText(const std::string& protocol, int64_t port) {
  return "core.ServicePort{Name:\"\", Protocol:\"" + protocol +
         "\", AppProtocol:(*string)(nil), Port:" + std::to_string(port) +
         ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";
}

ErrorList ValidateServicePort(const object* p, bool require_name, std::set<std::string>* names,
                              const FieldPath& path) {
  ErrorList errs;
  std::string name = Str(p, "name");
  if (require_name && name.empty()) {
    errs.push_back(Required(path.Child("name")));
  } else if (!name.empty()) {
    Append(errs, ValidateDNS1123Label(name, path.Child("name")));
    if (!names->insert(name).second) errs.push_back(Duplicate(path.Child("name"), name));
  }
  int64_t port = IntOr(p, "port", 0);
  for (auto& m : IsValidPortNum(port)) errs.push_back(InvalidInt(path.Child("port"), port, m));
  std::string protocol = Str(p, "protocol");
  if (protocol.empty()) {
    errs.push_back(Required(path.Child("protocol")));
  } else if (std::find(kProtocols.begin(), kProtocols.end(), protocol) == kProtocols.end()) {
    errs.push_back(NotSupported(path.Child("protocol"), protocol, kProtocols));
  }
  Append(errs, ValidatePortNumOrName(IntOrStr(p, "targetPort"), path.Child("targetPort")));
  if (Has(p, "appProtocol"))
    Append(errs, ValidateQualifiedName(Str(p, "appProtocol"), path.Child("appProtocol")));
  return errs;
}

ErrorList ValidateClusterIPFields(const object* spec, const FieldPath& sp) {
  ErrorList errs;
  FieldPath ips_path = sp.Child("clusterIPs");
  std::vector<std::string> ips = Strings(spec, "clusterIPs");
  std::string cluster_ip = Str(spec, "clusterIP");
  if (!cluster_ip.empty() && !ips.empty() && ips[0] != cluster_ip) {
    errs.push_back(InvalidRaw(ips_path, GoStringSlice(ips), "first value must match `clusterIP`"));
  } else if (cluster_ip.empty() && !ips.empty()) {
    errs.push_back(InvalidRaw(ips_path, GoStringSlice(ips),
                              "must be empty when `clusterIP` is not specified"));
  }
  ips = ClusterIPs(spec);
  std::vector<std::string> families = Strings(spec, "ipFamilies");
  std::set<std::string> seen;
  for (size_t i = 0; i < families.size(); ++i) {
    if (families[i] != "IPv4" && families[i] != "IPv6") {
      errs.push_back(NotSupported(sp.Child("ipFamilies").Index(i), families[i], {"IPv4", "IPv6"}));
    }
    if (!seen.insert(families[i]).second)
      errs.push_back(Duplicate(sp.Child("ipFamilies").Index(i), families[i]));
  }
  if (Has(spec, "ipFamilyPolicy")) {
    std::string policy = Str(spec, "ipFamilyPolicy");
    if (policy != "PreferDualStack" && policy != "RequireDualStack" && policy != "SingleStack") {
      errs.push_back(NotSupported(sp.Child("ipFamilyPolicy"), policy,
                                  {"PreferDualStack", "RequireDualStack", "SingleStack"}));
    }
  }
  bool invalid = false;
  for (size_t i = 0; i < ips.size(); ++i) {
    if (i == 0 && ips[i] == "None") {
      if (ips.size() > 1) {
        invalid = true;
        errs.push_back(
            InvalidRaw(ips_path, GoStringSlice(ips), "'None' must be the first and only value"));
      }
      continue;
    }
    for (auto& m : IsValidIP(ips[i])) {
      invalid = true;
      errs.push_back(Invalid(ips_path.Index(i), ips[i], m));
    }
  }
  if (ips.size() > 2)
    errs.push_back(InvalidRaw(ips_path, GoStringSlice(ips), "may only hold up to 2 values"));
  if (invalid) return errs;
  if (ips.size() == 2 && IsIPv6(ips[0]) == IsIPv6(ips[1])) {
    errs.push_back(InvalidRaw(ips_path, GoStringSlice(ips),
                              "may specify no more than one IP for each IP family"));
  }
  if (!IsHeadless(spec)) {
    for (size_t i = 0; i < ips.size() && i < families.size(); ++i) {
      if (families[i] == "IPv4" && IsIPv6(ips[i])) {
        errs.push_back(Invalid(
            ips_path.Index(i), ips[i],
            "expected an IPv4 value as indicated by `ipFamilies[" + std::to_string(i) + "]`"));
      }
      if (families[i] == "IPv6" && !IsIPv6(ips[i])) {
        errs.push_back(Invalid(
            ips_path.Index(i), ips[i],
            "expected an IPv6 value as indicated by `ipFamilies[" + std::to_string(i) + "]`"));
      }
    }
  }
  return errs;
}

ErrorList ValidateServiceSpec(const object& svc) {
  ErrorList errs;
  const object* spec = SpecOf(svc);
  FieldPath sp("spec");
  std::string type = Str(spec, "type");
  const array* ports = Arr(spec, "ports");
  bool headless = IsHeadless(spec);
  if (Size(ports) == 0 && !headless && type != "ExternalName")
    errs.push_back(Required(sp.Child("ports")));
  std::vector<std::string> ips = ClusterIPs(spec);
  if (type == "LoadBalancer" && headless) {
    errs.push_back(Invalid(sp.Child("clusterIPs").Index(0), ips[0],
                           "may not be set to 'None' for LoadBalancer services"));
  } else if (type == "NodePort" && headless) {
    errs.push_back(Invalid(sp.Child("clusterIPs").Index(0), ips[0],
                           "may not be set to 'None' for NodePort services"));
  } else if (type == "ExternalName") {
    if (!ips.empty())
      errs.push_back(Forbidden(sp.Child("clusterIPs"), "may not be set for ExternalName services"));
    if (Size(Arr(spec, "ipFamilies")) > 0)
      errs.push_back(Forbidden(sp.Child("ipFamilies"), "may not be set for ExternalName services"));
    if (Has(spec, "ipFamilyPolicy"))
      errs.push_back(
          Forbidden(sp.Child("ipFamilyPolicy"), "may not be set for ExternalName services"));
    std::string cname = Str(spec, "externalName");
    if (!cname.empty() && cname.back() == '.') cname.pop_back();
    if (!cname.empty()) {
      Append(errs, ValidateDNS1123Subdomain(cname, sp.Child("externalName")));
    } else {
      errs.push_back(Required(sp.Child("externalName")));
    }
  }
  std::set<std::string> names;
  for (size_t i = 0; i < Size(ports); ++i) {
    Append(errs, ValidateServicePort(ObjAt(*ports, i), ports->size() > 1, &names,
                                     sp.Child("ports").Index(i)));
  }
  if (const object* selector = Obj(spec, "selector"))
    Append(errs, ValidateLabels(selector, sp.Child("selector")));
  std::string affinity = Str(spec, "sessionAffinity");
  if (affinity.empty()) {
    errs.push_back(Required(sp.Child("sessionAffinity")));
  } else if (affinity != "ClientIP" && affinity != "None") {
    errs.push_back(NotSupported(sp.Child("sessionAffinity"), affinity, {"ClientIP", "None"}));
  }
  if (affinity == "ClientIP") {
    const std::string why = "when session affinity type is ClientIP";
    FieldPath cp = sp.Child("sessionAffinityConfig");
    const object* cfg = Obj(spec, "sessionAffinityConfig");
    const object* client_ip = Obj(cfg, "clientIP");
    auto timeout = Int(client_ip, "timeoutSeconds");
    if (cfg == nullptr) {
      errs.push_back(Required(cp, why));
    } else if (client_ip == nullptr) {
      errs.push_back(Required(cp.Child("clientIP"), why));
    } else if (!timeout) {
      errs.push_back(Required(cp.Child("clientIP", "timeoutSeconds"), why));
    } else if (*timeout <= 0 || *timeout > 86400) {
      errs.push_back(InvalidInt(cp.Child("clientIP", "timeoutSeconds"), *timeout,
                                "must be greater than 0 and less than 86400"));
    }
  } else if (affinity == "None" && Has(spec, "sessionAffinityConfig")) {
    errs.push_back(Forbidden(sp.Child("sessionAffinityConfig"),
                             "must not be set when session affinity is None"));
  }
  if (type != "ExternalName") Append(errs, ValidateClusterIPFields(spec, sp));
  auto external_ips = Strings(spec, "externalIPs");
  for (size_t i = 0; i < external_ips.size(); ++i) {
    for (auto& m : IsValidIP(external_ips[i]))
      errs.push_back(Invalid(sp.Child("externalIPs").Index(i), external_ips[i], m));
  }
  if (type.empty()) {
    errs.push_back(Required(sp.Child("type")));
  } else if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) {
    errs.push_back(NotSupported(sp.Child("type"), type, kTypes));
  }
  if (type == "ClusterIP") {
    for (size_t i = 0; i < Size(ports); ++i) {
      if (IntOr(ObjAt(*ports, i), "nodePort", 0) != 0) {
        errs.push_back(Forbidden(sp.Child("ports").Index(i).Child("nodePort"),
                                 "may not be used when `type` is 'ClusterIP'"));
      }
    }
  }
  std::set<std::string> node_ports, port_keys;
  for (size_t i = 0; i < Size(ports); ++i) {
    const object* p = ObjAt(*ports, i);
    int64_t node_port = IntOr(p, "nodePort", 0);
    if (node_port != 0 &&
        !node_ports.insert(Str(p, "protocol") + "/" + std::to_string(node_port)).second) {
      errs.push_back(
          DuplicateRaw(sp.Child("ports").Index(i).Child("nodePort"), std::to_string(node_port)));
    }
  }
  for (size_t i = 0; i < Size(ports); ++i) {
    const object* p = ObjAt(*ports, i);
    std::string protocol = Str(p, "protocol");
    int64_t port = IntOr(p, "port", 0);
    if (!port_keys.insert(protocol + "/" + std::to_string(port)).second) {
      errs.push_back(DuplicateRaw(sp.Child("ports").Index(i), ServicePortKeyText(protocol, port)));
    }
  }
  auto ranges = Strings(spec, "loadBalancerSourceRanges");
  if (!ranges.empty() && type != "LoadBalancer") {
    errs.push_back(Forbidden(sp.Child("LoadBalancerSourceRanges"),
                             "may only be used when `type` is 'LoadBalancer'"));
  }
  if (Has(spec, "allocateLoadBalancerNodePorts") && type != "LoadBalancer") {
    errs.push_back(Forbidden(sp.Child("allocateLoadBalancerNodePorts"),
                             "may only be used when `type` is 'LoadBalancer'"));
  }
  if (type == "LoadBalancer" && !Has(spec, "allocateLoadBalancerNodePorts")) {
    // Upstream reports this one without the "spec." prefix.
    errs.push_back(Required(FieldPath("allocateLoadBalancerNodePorts")));
  }
  if (Has(spec, "loadBalancerClass") && type != "LoadBalancer") {
    errs.push_back(
        Forbidden(sp.Child("loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'"));
  }
  bool external = type == "LoadBalancer" || type == "NodePort" ||
                  (type == "ClusterIP" && !external_ips.empty());
  std::string etp = Str(spec, "externalTrafficPolicy");
  if (!external) {
    if (!etp.empty()) {
      errs.push_back(Invalid(sp.Child("externalTrafficPolicy"), etp,
                             "may only be set for externally-accessible services"));
    }
  } else if (etp.empty()) {
    errs.push_back(Required(sp.Child("externalTrafficPolicy")));
  } else if (etp != "Cluster" && etp != "Local") {
    errs.push_back(NotSupported(sp.Child("externalTrafficPolicy"), etp, {"Cluster", "Local"}));
  }
  int64_t hc = IntOr(spec, "healthCheckNodePort", 0);
  if (!(type == "LoadBalancer" && etp == "Local")) {
    if (hc != 0) {
      errs.push_back(InvalidInt(
          sp.Child("healthCheckNodePort"), hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (hc == 0) {
    errs.push_back(Required(sp.Child("healthCheckNodePort")));
  } else {
    for (auto& m : IsValidPortNum(hc))
      errs.push_back(InvalidInt(sp.Child("healthCheckNodePort"), hc, m));
  }
  if (!Has(spec, "internalTrafficPolicy")) {
    if (type == "NodePort" || type == "LoadBalancer" || type == "ClusterIP") {
      errs.push_back(Required(sp.Child("internalTrafficPolicy")));
    }
  } else {
    std::string itp = Str(spec, "internalTrafficPolicy");
    if (itp != "Cluster" && itp != "Local")
      errs.push_back(NotSupported(sp.Child("internalTrafficPolicy"), itp, {"Cluster", "Local"}));
  }
  return errs;
}

ErrorList ValidateClusterIPUpdate(const object& svc, const object& old) {
  ErrorList errs;
  const object* spec = SpecOf(svc);
  const object* old_spec = SpecOf(old);
  if (Str(spec, "type") == "ExternalName" || Str(old_spec, "type") == "ExternalName") return errs;
  if (IsHeadless(spec) && IsHeadless(old_spec)) return errs;
  std::vector<std::string> now = ClusterIPs(spec), was = ClusterIPs(old_spec);
  FieldPath p = FieldPath("spec").Child("clusterIPs");
  std::string now_text = GoStringSlice(now, true);
  if (now.size() == was.size()) {
    for (size_t i = 0; i < was.size(); ++i) {
      if (was[i] != now[i])
        errs.push_back(InvalidRaw(p.Index(i), now_text, "may not change once set"));
    }
  } else if (was.size() > now.size()) {
    if (now.empty())
      errs.push_back(InvalidRaw(p.Index(0), now_text, "primary clusterIP can not be unset"));
    if (!now.empty() && now[0] != was[0])
      errs.push_back(InvalidRaw(p.Index(0), now_text, "may not change once set"));
    if (now.size() == 1 && Str(spec, "ipFamilyPolicy") != "SingleStack") {
      errs.push_back(InvalidRaw(
          p.Index(0), now_text,
          "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (!was.empty() && now[0] != was[0]) {
    errs.push_back(InvalidRaw(p.Index(0), now_text, "may not change once set"));
  }
  return errs;
}

}  // namespace

void RegisterServiceKinds(KindTable& t) {
  KindValidator v;
  v.name_rule = NameRule::kDNS1035Label;
  v.validate = ValidateServiceSpec;
  v.full_update = [](const object& svc, const object& old) {
    ErrorList errs = ValidateObjectMetaUpdate(Obj(&svc, "metadata"), Obj(&old, "metadata"),
                                              FieldPath("metadata"));
    Append(errs, ValidateClusterIPUpdate(svc, old));
    Append(errs, ValidateObjectMeta(Obj(&svc, "metadata"), true, NameRule::kDNS1035Label,
                                    FieldPath("metadata")));
    Append(errs, ValidateServiceSpec(svc));
    return errs;
  };
  t["/Service"] = v;
}

}  // namespace kubepp::api::validation
