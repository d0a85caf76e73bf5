// networking.k8s.io/v1: Ingress, IngressClass, NetworkPolicy
// (pkg/apis/networking/validation).
#include <algorithm>

#include "api/names/names.h"
#include "api/validation/json_access.h"
#include "api/validation/kinds.h"
#include "api/validation/label_selector.h"

namespace kubepp::api::validation {
namespace {

using boost::json::array;
using boost::json::object;

std::vector<std::string> IsWildcardDNS1123Subdomain(const std::string& v) {
  std::vector<std::string> errs;
  if (v.size() > 253) errs.push_back("must be no more than 253 characters");
  bool ok = v.starts_with("*.") && IsDNS1123Subdomain(v.substr(2)).empty();
  if (!ok) {
    errs.push_back(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, "
        "which must consist "
        "of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character "
        "(e.g. "
        "'*.example.com', regex used for validation is "
        "'\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  return errs;
}

bool LooksLikeIP(const std::string& host) { return IsValidIP(host).empty(); }

ErrorList ValidateHost(const std::string& host, const FieldPath& path) {
  ErrorList errs;
  if (host.find('*') != std::string::npos) {
    for (auto& m : IsWildcardDNS1123Subdomain(host)) errs.push_back(Invalid(path, host, m));
  } else {
    for (auto& m : IsDNS1123Subdomain(host)) errs.push_back(Invalid(path, host, m));
  }
  return errs;
}

ErrorList ValidateBackend(const object* backend, const FieldPath& path) {
  ErrorList errs;
  const object* resource = Obj(backend, "resource");
  const object* service = Obj(backend, "service");
  if (resource && service)
    return {Invalid(path, "", "cannot set both resource and service backends")};
  if (resource) {
    FieldPath rp = path.Child("resource");
    if (Str(resource, "kind").empty()) errs.push_back(Required(rp.Child("kind")));
    if (Str(resource, "name").empty()) errs.push_back(Required(rp.Child("name")));
    return errs;
  }
  if (service == nullptr) return {Invalid(path, "", "resource or service backend is required")};
  std::string name = Str(service, "name");
  if (name.empty()) {
    errs.push_back(Required(path.Child("service", "name")));
  } else {
    for (auto& m : IsDNS1035Label(name))
      errs.push_back(Invalid(path.Child("service", "name"), name, m));
  }
  const object* port = Obj(service, "port");
  std::string port_name = Str(port, "name");
  int64_t number = IntOr(port, "number", 0);
  if (!port_name.empty() && number != 0) {
    errs.push_back(Invalid(path, "", "cannot set both port name & port number"));
  } else if (!port_name.empty()) {
    for (auto& m : IsValidPortName(port_name))
      errs.push_back(Invalid(path.Child("service", "port", "name"), port_name, m));
  } else if (number != 0) {
    for (auto& m : IsValidPortNum(number))
      errs.push_back(InvalidInt(path.Child("service", "port", "number"), number, m));
  } else {
    errs.push_back(Required(path, "port name or number is required"));
  }
  return errs;
}

ErrorList ValidateHTTPPath(const object* p, const FieldPath& path) {
  ErrorList errs;
  if (!Has(p, "pathType")) return {Required(path.Child("pathType"), "pathType must be specified")};
  std::string type = Str(p, "pathType");
  std::string value = Str(p, "path");
  if (type == "Exact" || type == "Prefix") {
    if (!value.starts_with("/"))
      errs.push_back(Invalid(path.Child("path"), value, "must be an absolute path"));
    if (!value.empty()) {
      for (const char* seq : {"//", "/./", "/../", "%2f", "%2F"}) {
        if (value.find(seq) != std::string::npos) {
          errs.push_back(
              Invalid(path.Child("path"), value, std::string("must not contain '") + seq + "'"));
        }
      }
      for (const char* suffix : {"/..", "/."}) {
        if (value.ends_with(suffix)) {
          errs.push_back(
              Invalid(path.Child("path"), value, std::string("cannot end with '") + suffix + "'"));
        }
      }
    }
  } else if (type == "ImplementationSpecific") {
    if (!value.empty() && !value.starts_with("/")) {
      errs.push_back(Invalid(path.Child("path"), value, "must be an absolute path"));
    }
  } else {
    errs.push_back(
        NotSupported(path.Child("pathType"), type, {"Exact", "ImplementationSpecific", "Prefix"}));
  }
  Append(errs, ValidateBackend(Obj(p, "backend"), path.Child("backend")));
  return errs;
}

ErrorList ValidateIngress(const object& ing) {
  ErrorList errs;
  const object* spec = SpecOf(ing);
  FieldPath sp("spec");
  const array* rules = Arr(spec, "rules");
  if (Size(rules) == 0 && !Has(spec, "defaultBackend")) {
    errs.push_back(InvalidRaw(sp, "[]networking.IngressRule(nil)",
                              "either `defaultBackend` or `rules` must be specified"));
  }
  if (const object* db = Obj(spec, "defaultBackend"))
    Append(errs, ValidateBackend(db, sp.Child("defaultBackend")));
  for (size_t i = 0; i < Size(rules); ++i) {
    const object* rule = ObjAt(*rules, i);
    FieldPath rp = sp.Child("rules").Index(i);
    std::string host = Str(rule, "host");
    if (!host.empty()) {
      if (LooksLikeIP(host))
        errs.push_back(Invalid(rp.Child("host"), host, "must be a DNS name, not an IP address"));
      Append(errs, ValidateHost(host, rp.Child("host")));
    }
    if (const object* http = Obj(rule, "http")) {
      FieldPath hp = rp.Child("http");
      const array* paths = Arr(http, "paths");
      if (Size(paths) == 0) errs.push_back(Required(hp.Child("paths")));
      for (size_t j = 0; j < Size(paths); ++j)
        Append(errs, ValidateHTTPPath(ObjAt(*paths, j), hp.Child("paths").Index(j)));
    }
  }
  const array* tls = Arr(spec, "tls");
  for (size_t i = 0; i < Size(tls); ++i) {
    const object* t = ObjAt(*tls, i);
    FieldPath tp = sp.Child("tls").Index(i);
    auto hosts = Strings(t, "hosts");
    for (size_t j = 0; j < hosts.size(); ++j)
      Append(errs, ValidateHost(hosts[j], tp.Child("hosts").Index(j)));
    std::string secret = Str(t, "secretName");
    if (!secret.empty()) {
      for (auto& m : IsDNS1123Subdomain(secret))
        errs.push_back(Invalid(tp.Child("secretName"), secret, m));
    }
  }
  if (Has(spec, "ingressClassName")) {
    std::string cls = Str(spec, "ingressClassName");
    for (auto& m : IsDNS1123Subdomain(cls))
      errs.push_back(Invalid(sp.Child("ingressClassName"), cls, m));
  }
  return errs;
}

ErrorList ValidateIngressClass(const object& ic) {
  ErrorList errs;
  const object* spec = SpecOf(ic);
  FieldPath cp = FieldPath("spec").Child("controller");
  std::string controller = Str(spec, "controller");
  if (controller.size() > 250) errs.push_back(TooLongMaxLength(cp, 250));
  if (controller.empty()) {
    errs.push_back(Required(cp));
  } else {
    size_t slash = controller.find('/');
    if (slash == std::string::npos) {
      errs.push_back(
          Invalid(cp, controller, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
    } else {
      for (auto& m : IsDNS1123Subdomain(controller.substr(0, slash)))
        errs.push_back(Invalid(cp, controller.substr(0, slash), m));
    }
  }
  if (const object* params = Obj(spec, "parameters")) {
    FieldPath pp = FieldPath("spec").Child("parameters");
    if (Str(params, "kind").empty()) errs.push_back(Required(pp.Child("kind")));
    if (Str(params, "name").empty()) errs.push_back(Required(pp.Child("name")));
    if (Has(params, "scope")) {
      std::string scope = Str(params, "scope");
      if (scope != "Cluster" && scope != "Namespace") {
        errs.push_back(NotSupported(pp.Child("scope"), scope, {"Cluster", "Namespace"}));
      } else if (scope == "Namespace" && Str(params, "namespace").empty()) {
        errs.push_back(Required(pp.Child("namespace"), "`parameters.scope` is set to 'Namespace'"));
      } else if (scope == "Cluster" && Has(params, "namespace")) {
        errs.push_back(Forbidden(pp.Child("namespace"), "`parameters.scope` is set to 'Cluster'"));
      }
    }
  }
  return errs;
}

ErrorList ValidateNetworkPolicyPorts(const array* ports, const FieldPath& path) {
  ErrorList errs;
  for (size_t i = 0; i < Size(ports); ++i) {
    const object* p = ObjAt(*ports, i);
    FieldPath ip = path.Index(i);
    if (Has(p, "protocol")) {
      std::string proto = Str(p, "protocol");
      if (proto != "TCP" && proto != "UDP" && proto != "SCTP") {
        errs.push_back(NotSupported(ip.Child("protocol"), proto, {"SCTP", "TCP", "UDP"}));
      }
    }
    IntOrString port = IntOrStr(p, "port");
    if (port.present) {
      if (port.is_string) {
        for (auto& m : IsValidPortName(port.str_value))
          errs.push_back(Invalid(ip.Child("port"), port.str_value, m));
        if (Has(p, "endPort"))
          errs.push_back(
              Forbidden(ip.Child("endPort"), "may not be specified when `port` is non-numeric"));
      } else {
        for (auto& m : IsValidPortNum(port.int_value))
          errs.push_back(InvalidInt(ip.Child("port"), port.int_value, m));
        if (auto end = Int(p, "endPort")) {
          if (*end < port.int_value)
            errs.push_back(
                InvalidInt(ip.Child("endPort"), *end, "must be greater than or equal to `port`"));
          for (auto& m : IsValidPortNum(*end))
            errs.push_back(InvalidInt(ip.Child("endPort"), *end, m));
        }
      }
    } else if (Has(p, "endPort")) {
      errs.push_back(Required(ip.Child("port"), "must be specified when `endPort` is specified"));
    }
  }
  return errs;
}

ErrorList ValidateNetworkPolicyPeers(const array* peers, const FieldPath& path) {
  ErrorList errs;
  for (size_t i = 0; i < Size(peers); ++i) {
    const object* peer = ObjAt(*peers, i);
    FieldPath pp = path.Index(i);
    int count = 0;
    if (const object* ps = Obj(peer, "podSelector")) {
      ++count;
      Append(errs, ValidateLabelSelector(ps, pp.Child("podSelector")));
    }
    if (const object* ns = Obj(peer, "namespaceSelector")) {
      ++count;
      Append(errs, ValidateLabelSelector(ns, pp.Child("namespaceSelector")));
    }
    if (const object* block = Obj(peer, "ipBlock")) {
      ++count;
      std::string cidr = Str(block, "cidr");
      if (cidr.empty()) errs.push_back(Required(pp.Child("ipBlock", "cidr")));
    }
    if (count == 0) {
      errs.push_back(Required(pp, "must specify a peer"));
    } else if (count > 1 && Has(peer, "ipBlock")) {
      errs.push_back(Forbidden(pp, "may not specify both ipBlock and another peer"));
    }
  }
  return errs;
}

ErrorList ValidateNetworkPolicy(const object& np) {
  ErrorList errs;
  const object* spec = SpecOf(np);
  FieldPath sp("spec");
  Append(errs, ValidateLabelSelector(Obj(spec, "podSelector"), sp.Child("podSelector")));
  for (const char* dir : {"ingress", "egress"}) {
    const array* rules = Arr(spec, dir);
    for (size_t i = 0; i < Size(rules); ++i) {
      const object* rule = ObjAt(*rules, i);
      FieldPath rp = sp.Child(dir).Index(i);
      Append(errs, ValidateNetworkPolicyPorts(Arr(rule, "ports"), rp.Child("ports")));
      const char* peers = std::string(dir) == "ingress" ? "from" : "to";
      Append(errs, ValidateNetworkPolicyPeers(Arr(rule, peers), rp.Child(peers)));
    }
  }
  auto types = Strings(spec, "policyTypes");
  for (size_t i = 0; i < types.size(); ++i) {
    if (types[i] != "Ingress" && types[i] != "Egress") {
      errs.push_back(
          NotSupported(sp.Child("policyTypes").Index(i), types[i], {"Ingress", "Egress"}));
    }
  }
  if (types.size() > 2) {
    errs.push_back(InvalidRaw(sp.Child("policyTypes"), GoStringSlice(types),
                              "may not specify more than two policyTypes"));
  }
  return errs;
}

}  // namespace

void RegisterNetworkingKinds(KindTable& t) {
  t["networking.k8s.io/Ingress"].validate = ValidateIngress;
  t["networking.k8s.io/IngressClass"].validate = ValidateIngressClass;
  t["networking.k8s.io/IngressClass"].validate_update = [](const object& o, const object& old) {
    return ValidateImmutableString(Str(SpecOf(o), "controller"), Str(SpecOf(old), "controller"),
                                   FieldPath("spec").Child("controller"));
  };
  t["networking.k8s.io/NetworkPolicy"].validate = ValidateNetworkPolicy;
}

}  // namespace kubepp::api::validation
