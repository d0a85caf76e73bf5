// PodSpec validation: the order of checks follows upstream's ValidatePodSpec
// so that error lists come out in the same order. The parts live in
// pod_volumes.cc, pod_containers.cc and pod_scheduling.cc.
#include "api/validation/pod_spec.h"

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

namespace kubepp::api::validation {
namespace {

using boost::json::array;
using boost::json::object;

std::string InclusiveRange(int64_t lo, int64_t hi) {
  return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", inclusive";
}

}  // namespace

ErrorList ValidatePortNumOrName(const IntOrString& port, const FieldPath& path) {
  ErrorList errs;
  if (port.is_string) {
    for (auto& m : IsValidPortName(port.str_value))
      errs.push_back(Invalid(path, port.str_value, m));
  } else {
    for (auto& m : IsValidPortNum(port.int_value))
      errs.push_back(InvalidInt(path, port.int_value, m));
  }
  return errs;
}

ErrorList ValidatePodSpec(const object* spec, const FieldPath& path, bool resource_is_pod) {
  ErrorList errs;
  std::set<std::string> volumes;
  Append(errs, ValidateVolumes(Arr(spec, "volumes"), path.Child("volumes"), &volumes));
  std::set<std::string> names;
  Append(errs,
         ValidateContainers(Arr(spec, "containers"), volumes, path.Child("containers"), &names));
  Append(errs, ValidateInitContainers(Arr(spec, "initContainers"), volumes,
                                      path.Child("initContainers"), &names));
  if (Bool(spec, "hostNetwork").value_or(false)) {
    for (const char* kind : {"containers"}) {
      const array* cs = Arr(spec, kind);
      for (size_t i = 0; i < Size(cs); ++i) {
        const array* ports = Arr(ObjAt(*cs, i), "ports");
        for (size_t j = 0; j < Size(ports); ++j) {
          const object* p = ObjAt(*ports, j);
          int64_t hp = IntOr(p, "hostPort", 0);
          if ((resource_is_pod || hp != 0) && hp != IntOr(p, "containerPort", 0)) {
            errs.push_back(
                InvalidInt(path.Child(kind).Index(i).Child("ports").Index(j).Child("hostPort"), hp,
                           "must match `containerPort` when `hostNetwork` is true"));
          }
        }
      }
    }
  }
  std::string restart = Str(spec, "restartPolicy");
  if (restart.empty()) {
    errs.push_back(Required(path.Child("restartPolicy")));
  } else if (restart != "Always" && restart != "OnFailure" && restart != "Never") {
    errs.push_back(
        NotSupported(path.Child("restartPolicy"), restart, {"Always", "OnFailure", "Never"}));
  }
  std::string dns = Str(spec, "dnsPolicy");
  if (dns.empty()) {
    errs.push_back(Required(path.Child("dnsPolicy")));
  } else if (dns != "ClusterFirstWithHostNet" && dns != "ClusterFirst" && dns != "Default" &&
             dns != "None") {
    errs.push_back(NotSupported(path.Child("dnsPolicy"), dns,
                                {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}));
  }
  Append(errs, ValidateLabels(Obj(spec, "nodeSelector"), path.Child("nodeSelector")));
  const array* pull_secrets = Arr(spec, "imagePullSecrets");
  for (size_t i = 0; i < Size(pull_secrets); ++i) {
    if (Str(ObjAt(*pull_secrets, i), "name").empty()) {
      errs.push_back(Required(path.Child("imagePullSecrets").Index(i).Child("name")));
    }
  }
  if (const object* affinity = Obj(spec, "affinity"))
    Append(errs, ValidateAffinity(affinity, path.Child("affinity")));
  if (dns == "None" && !Has(spec, "dnsConfig")) {
    errs.push_back(
        Required(path.Child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"));
  } else if (dns == "None" && Size(Arr(Obj(spec, "dnsConfig"), "nameservers")) == 0) {
    errs.push_back(Required(path.Child("dnsConfig", "nameservers"),
                            "must provide at least one DNS nameserver when `dnsPolicy` is None"));
  }
  const array* gates = Arr(spec, "readinessGates");
  for (size_t i = 0; i < Size(gates); ++i) {
    Append(errs,
           ValidateQualifiedName(Str(ObjAt(*gates, i), "conditionType"),
                                 path.Child("readinessGates").Index(i).Child("conditionType")));
  }
  const array* sgates = Arr(spec, "schedulingGates");
  std::set<std::string> seen_gates;
  for (size_t i = 0; i < Size(sgates); ++i) {
    std::string g = Str(ObjAt(*sgates, i), "name");
    Append(errs, ValidateQualifiedName(g, path.Child("schedulingGates").Index(i)));
    if (!seen_gates.insert(g).second)
      errs.push_back(Duplicate(path.Child("schedulingGates").Index(i), g));
  }
  Append(errs, ValidateTopologySpread(Arr(spec, "topologySpreadConstraints"),
                                      path.Child("topologySpreadConstraints")));
  std::string sa = Str(spec, "serviceAccountName");
  if (!sa.empty()) {
    for (auto& m : IsDNS1123Subdomain(sa))
      errs.push_back(Invalid(path.Child("serviceAccountName"), sa, m));
  }
  std::string node = Str(spec, "nodeName");
  if (!node.empty()) {
    for (auto& m : IsDNS1123Subdomain(node))
      errs.push_back(Invalid(path.Child("nodeName"), node, m));
  }
  if (auto ads = Int(spec, "activeDeadlineSeconds"); ads && (*ads < 1 || *ads > INT32_MAX)) {
    errs.push_back(
        InvalidInt(path.Child("activeDeadlineSeconds"), *ads, InclusiveRange(1, INT32_MAX)));
  }
  std::string hostname = Str(spec, "hostname");
  if (!hostname.empty()) Append(errs, ValidateDNS1123Label(hostname, path.Child("hostname")));
  std::string subdomain = Str(spec, "subdomain");
  if (!subdomain.empty()) Append(errs, ValidateDNS1123Label(subdomain, path.Child("subdomain")));
  Append(errs, ValidateTolerations(Arr(spec, "tolerations"), path.Child("tolerations")));
  std::string pc = Str(spec, "priorityClassName");
  if (!pc.empty()) {
    for (auto& m : IsDNS1123Subdomain(pc))
      errs.push_back(Invalid(path.Child("priorityClassName"), pc, m));
  }
  if (Has(spec, "preemptionPolicy")) {
    std::string pp = Str(spec, "preemptionPolicy");
    if (pp != "Never" && pp != "PreemptLowerPriority") {
      errs.push_back(
          NotSupported(path.Child("preemptionPolicy"), pp, {"PreemptLowerPriority", "Never"}));
    }
  }
  if (const object* os = Obj(spec, "os")) {
    std::string name = Str(os, "name");
    if (name.empty()) {
      errs.push_back(Required(path.Child("os", "name"), "cannot be empty"));
    } else if (name != "linux" && name != "windows") {
      errs.push_back(NotSupported(path.Child("os", "name"), name, {"linux", "windows"}));
    }
  }
  return errs;
}

ErrorList ValidatePodTemplateSpec(const object* tmpl, const FieldPath& path) {
  ErrorList errs;
  const object* meta = Obj(tmpl, "metadata");
  // Upstream reports template labels at <template>.labels (no "metadata").
  Append(errs, ValidateLabels(Obj(meta, "labels"), path.Child("labels")));
  Append(errs, ValidateAnnotations(Obj(meta, "annotations"), path.Child("annotations")));
  const object* spec = Obj(tmpl, "spec");
  Append(errs, ValidatePodSpec(spec, path.Child("spec")));
  if (Size(Arr(spec, "ephemeralContainers")) > 0) {
    errs.push_back(Forbidden(path.Child("spec", "ephemeralContainers"),
                             "ephemeral containers not allowed in pod template"));
  }
  return errs;
}

}  // namespace kubepp::api::validation
