// Cluster infrastructure kinds: Node, PersistentVolume, PersistentVolumeClaim,
// StorageClass, Endpoints, EndpointSlice and Event (core, storage, discovery,
// events validation).
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "api/names/names.h"
#include "api/quantity/quantity.h"
#include "api/validation/json_access.h"
#include "api/validation/kinds.h"
#include "api/validation/label_selector.h"
#include "api/validation/pod_spec.h"

namespace kubepp::api::validation {
namespace {

using boost::json::array;
using boost::json::object;

const std::vector<std::string> kAccessModes = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
                                               "ReadWriteOncePod"};
const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"};

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

ErrorList ValidatePositiveQuantity(const boost::json::value* v, const FieldPath& path) {
  std::string text =
      v && v->is_string() ? std::string(v->get_string()) : (v ? GoValue(*v) : std::string());
  auto q = Quantity::Parse(text);
  if (!q.ok()) return {Invalid(path, text, q.status().message())};
  if (q->Compare(Quantity()) <= 0) return {Invalid(path, q->String(), "must be greater than zero")};
  return {};
}

ErrorList ValidateNode(const object& node) {
  ErrorList errs;
  const object* spec = SpecOf(node);
  FieldPath sp("spec");
  auto cidrs = Strings(spec, "podCIDRs");
  for (size_t i = 0; i < cidrs.size(); ++i) {
    size_t slash = cidrs[i].find('/');
    if (slash == std::string::npos || !IsValidIP(cidrs[i].substr(0, slash)).empty()) {
      errs.push_back(Invalid(sp.Child("podCIDRs").Index(i), cidrs[i],
                             "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    }
  }
  if (cidrs.size() > 2)
    errs.push_back(InvalidRaw(sp.Child("podCIDRs"), GoStringSlice(cidrs),
                              "may specify no more than one CIDR for each IP family"));
  const array* taints = Arr(spec, "taints");
  std::vector<std::string> seen;
  for (size_t i = 0; i < Size(taints); ++i) {
    const object* t = ObjAt(*taints, i);
    // Upstream reports spec.taints under metadata.taints.
    FieldPath tp = FieldPath("metadata").Child("taints").Index(i);
    std::string key = Str(t, "key"), value = Str(t, "value"), effect = Str(t, "effect");
    Append(errs, ValidateQualifiedName(key, tp.Child("key")));
    auto msgs = IsValidLabelValue(value);
    if (!msgs.empty()) {
      std::string joined;
      for (size_t k = 0; k < msgs.size(); ++k) joined += (k ? ";" : "") + msgs[k];
      errs.push_back(Invalid(tp.Child("value"), value, joined));
    }
    if (effect.empty()) {
      errs.push_back(Required(tp.Child("effect")));
    } else if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute") {
      errs.push_back(NotSupported(tp.Child("effect"), effect,
                                  {"NoSchedule", "PreferNoSchedule", "NoExecute"}));
    }
    std::string k = key + "\n" + effect;
    if (Contains(seen, k)) {
      FieldError e = DuplicateRaw(tp, GoValue(taints->at(i)));
      e.detail = "taints must be unique by key and effect pair";
      errs.push_back(e);
      continue;
    }
    seen.push_back(k);
  }
  return errs;
}

ErrorList ValidateNodeUpdate(const object& node, const object& old) {
  ErrorList errs;
  const object* spec = SpecOf(node);
  const object* old_spec = SpecOf(old);
  auto was = Strings(old_spec, "podCIDRs");
  if (!was.empty() && Strings(spec, "podCIDRs") != was) {
    errs.push_back(Forbidden(FieldPath("spec").Child("podCIDRs"),
                             "node updates may not change podCIDR except from \"\" to valid"));
  }
  std::string provider = Str(old_spec, "providerID");
  if (!provider.empty() && Str(spec, "providerID") != provider) {
    errs.push_back(Forbidden(FieldPath("spec").Child("providerID"),
                             "node updates may not change providerID except from \"\" to valid"));
  }
  return errs;
}

ErrorList ValidateStorageQuantities(const object* list, const FieldPath& path) {
  ErrorList errs;
  if (list == nullptr) return errs;
  for (const auto& kv : *list)
    Append(errs, ValidatePositiveQuantity(&kv.value(), path.Key(kv.key())));
  return errs;
}

ErrorList ValidatePV(const object& pv) {
  ErrorList errs;
  const object* spec = SpecOf(pv);
  FieldPath sp("spec");
  auto modes = Strings(spec, "accessModes");
  if (modes.empty()) errs.push_back(Required(sp.Child("accessModes")));
  for (const auto& m : modes) {
    if (!Contains(kAccessModes, m))
      errs.push_back(NotSupported(sp.Child("accessModes"), m, kAccessModes));
  }
  const object* capacity = Obj(spec, "capacity");
  if (Size(capacity) == 0) errs.push_back(Required(sp.Child("capacity")));
  if (capacity == nullptr || !capacity->contains("storage") || capacity->size() > 1) {
    errs.push_back(NotSupportedRaw(
        sp.Child("capacity"),
        capacity ? boost::json::serialize(*capacity) : "core.ResourceList(nil)", {"storage"}));
  }
  Append(errs, ValidateStorageQuantities(capacity, sp.Child("capacity")));
  if (Has(spec, "persistentVolumeReclaimPolicy")) {
    std::string p = Str(spec, "persistentVolumeReclaimPolicy");
    if (!p.empty() && p != "Delete" && p != "Recycle" && p != "Retain") {
      errs.push_back(NotSupported(sp.Child("persistentVolumeReclaimPolicy"), p,
                                  {"Delete", "Recycle", "Retain"}));
    }
  }
  static const std::vector<std::string> kSources = {"hostPath",
                                                    "gcePersistentDisk",
                                                    "awsElasticBlockStore",
                                                    "glusterfs",
                                                    "flocker",
                                                    "nfs",
                                                    "rbd",
                                                    "quobyte",
                                                    "cinder",
                                                    "cephfs",
                                                    "fc",
                                                    "azureFile",
                                                    "vsphereVolume",
                                                    "azureDisk",
                                                    "photonPersistentDisk",
                                                    "portworxVolume",
                                                    "scaleIO",
                                                    "local",
                                                    "storageos",
                                                    "csi",
                                                    "iscsi"};
  int sources = 0;
  for (const auto& s : kSources) {
    if (!Has(spec, s)) continue;
    if (sources++ > 0)
      errs.push_back(Forbidden(sp.Child(s), "may not specify more than 1 volume type"));
  }
  if (sources == 0) errs.push_back(Required(sp, "must specify a volume type"));
  if (const object* hp = Obj(spec, "hostPath"); hp && Str(hp, "path").empty()) {
    errs.push_back(Required(sp.Child("hostPath", "path")));
  }
  return errs;
}

ErrorList ValidatePVC(const object& pvc) {
  ErrorList errs;
  const object* spec = SpecOf(pvc);
  FieldPath sp("spec");
  auto modes = Strings(spec, "accessModes");
  if (modes.empty())
    errs.push_back(Required(sp.Child("accessModes"), "at least 1 access mode is required"));
  if (const object* sel = Obj(spec, "selector"))
    Append(errs, ValidateLabelSelector(sel, sp.Child("selector")));
  for (const auto& m : modes) {
    if (!Contains(kAccessModes, m))
      errs.push_back(NotSupported(sp.Child("accessModes"), m, kAccessModes));
  }
  const boost::json::value* storage = Field(Obj(Obj(spec, "resources"), "requests"), "storage");
  FieldPath rp = sp.Child("resources").Key("storage");
  if (storage == nullptr) {
    errs.push_back(Required(rp));
  } else {
    Append(errs, ValidatePositiveQuantity(storage, rp));
  }
  std::string cls = Str(spec, "storageClassName");
  if (!cls.empty()) {
    for (auto& m : IsDNS1123Subdomain(cls))
      errs.push_back(Invalid(sp.Child("storageClassName"), cls, m));
  }
  if (Has(spec, "volumeMode")) {
    std::string mode = Str(spec, "volumeMode");
    if (mode != "Block" && mode != "Filesystem")
      errs.push_back(NotSupported(sp.Child("volumeMode"), mode, {"Block", "Filesystem"}));
  }
  return errs;
}

ErrorList ValidatePVCUpdate(const object& pvc, const object& old) {
  const object* spec = SpecOf(pvc);
  const object* old_spec = SpecOf(old);
  static const object kEmpty;
  object now = spec ? *spec : kEmpty;
  object was = old_spec ? *old_spec : kEmpty;
  // The binder sets volumeName once, on a claim that has none yet.
  if (Str(old_spec, "volumeName").empty()) {
    if (const auto* name = now.if_contains("volumeName")) {
      was["volumeName"] = *name;
    } else {
      was.erase("volumeName");
    }
  }
  // Bound claims may grow: their storage request is not part of the comparison.
  bool bound = Str(Obj(&old, "status"), "phase") == "Bound";
  if (bound) {
    for (object* o : {&now, &was}) {
      if (auto* res = o->if_contains("resources"); res && res->is_object()) {
        if (auto* req = res->get_object().if_contains("requests"); req && req->is_object())
          req->get_object().erase("storage");
      }
    }
  }
  if (now == was) return {};
  return {
      Forbidden(FieldPath("spec"),
                "spec is immutable after creation except resources.requests for bound claims\n" +
                    boost::json::serialize(now))};
}

ErrorList ValidateStorageClass(const object& sc) {
  ErrorList errs;
  std::string provisioner = Str(&sc, "provisioner");
  if (provisioner.empty()) {
    errs.push_back(Required(FieldPath("provisioner")));
  } else {
    std::string lower = provisioner;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    Append(errs, ValidateQualifiedName(lower, FieldPath("provisioner")));
  }
  const object* params = Obj(&sc, "parameters");
  if (params && params->size() > 512) {
    errs.push_back(TooLongMaxLength(FieldPath("parameters"), 512));
  }
  if (Has(&sc, "reclaimPolicy")) {
    std::string p = Str(&sc, "reclaimPolicy");
    if (p != "Delete" && p != "Retain")
      errs.push_back(NotSupported(FieldPath("reclaimPolicy"), p, {"Delete", "Retain"}));
  }
  if (!Has(&sc, "volumeBindingMode")) {
    errs.push_back(Required(FieldPath("volumeBindingMode")));
  } else {
    std::string m = Str(&sc, "volumeBindingMode");
    if (m != "Immediate" && m != "WaitForFirstConsumer") {
      errs.push_back(
          NotSupported(FieldPath("volumeBindingMode"), m, {"Immediate", "WaitForFirstConsumer"}));
    }
  }
  return errs;
}

ErrorList ValidateStorageClassUpdate(const object& sc, const object& old) {
  ErrorList errs;
  const boost::json::value* p = Field(&sc, "parameters");
  const boost::json::value* op = Field(&old, "parameters");
  bool p_empty = p == nullptr || (p->is_object() && p->get_object().empty());
  bool op_empty = op == nullptr || (op->is_object() && op->get_object().empty());
  if (p_empty != op_empty || (!p_empty && *p != *op)) {
    errs.push_back(Forbidden(FieldPath("parameters"), "updates to parameters are forbidden."));
  }
  if (Str(&sc, "provisioner") != Str(&old, "provisioner")) {
    errs.push_back(Forbidden(FieldPath("provisioner"), "updates to provisioner are forbidden."));
  }
  if (Str(&sc, "reclaimPolicy") != Str(&old, "reclaimPolicy")) {
    errs.push_back(
        Forbidden(FieldPath("reclaimPolicy"), "updates to reclaimPolicy are forbidden."));
  }
  Append(errs,
         ValidateImmutableString(Str(&sc, "volumeBindingMode"), Str(&old, "volumeBindingMode"),
                                 FieldPath("volumeBindingMode")));
  return errs;
}

ErrorList ValidateEndpointPort(const object* p, bool require_name, const FieldPath& path) {
  ErrorList errs;
  std::string name = Str(p, "name");
  if (require_name && name.empty()) {
    errs.push_back(Required(path.Child("name")));
  } else if (!name.empty()) {
    Append(errs, ValidateDNS1123Label(name, path.Child("name")));
  }
  int64_t port = IntOr(p, "port", 0);
  for (auto& m : IsValidPortNum(port)) errs.push_back(InvalidInt(path.Child("port"), port, m));
  std::string protocol = Str(p, "protocol");
  if (protocol.empty()) {
    errs.push_back(Required(path.Child("protocol")));
  } else if (!Contains(kProtocols, protocol)) {
    errs.push_back(NotSupported(path.Child("protocol"), protocol, kProtocols));
  }
  return errs;
}

ErrorList ValidateEndpointAddresses(const array* addrs, const FieldPath& path) {
  ErrorList errs;
  for (size_t i = 0; i < Size(addrs); ++i) {
    const object* a = ObjAt(*addrs, i);
    FieldPath ap = path.Index(i);
    std::string ip = Str(a, "ip");
    for (auto& m : IsValidIP(ip)) errs.push_back(Invalid(ap.Child("ip"), ip, m));
    std::string hostname = Str(a, "hostname");
    if (!hostname.empty()) Append(errs, ValidateDNS1123Label(hostname, ap.Child("hostname")));
    std::string node = Str(a, "nodeName");
    if (!node.empty()) {
      for (auto& m : IsDNS1123Subdomain(node))
        errs.push_back(Invalid(ap.Child("nodeName"), node, m));
    }
  }
  return errs;
}

ErrorList ValidateEndpoints(const object& ep) {
  ErrorList errs;
  const array* subsets = Arr(&ep, "subsets");
  for (size_t i = 0; i < Size(subsets); ++i) {
    const object* ss = ObjAt(*subsets, i);
    FieldPath ip = FieldPath("subsets").Index(i);
    if (Size(Arr(ss, "addresses")) == 0 && Size(Arr(ss, "notReadyAddresses")) == 0) {
      errs.push_back(Required(ip, "must specify `addresses` or `notReadyAddresses`"));
    }
    Append(errs, ValidateEndpointAddresses(Arr(ss, "addresses"), ip.Child("addresses")));
    Append(errs,
           ValidateEndpointAddresses(Arr(ss, "notReadyAddresses"), ip.Child("notReadyAddresses")));
    const array* ports = Arr(ss, "ports");
    for (size_t j = 0; j < Size(ports); ++j) {
      Append(errs,
             ValidateEndpointPort(ObjAt(*ports, j), ports->size() > 1, ip.Child("ports").Index(j)));
    }
  }
  return errs;
}

ErrorList ValidateEndpointSlice(const object& slice) {
  ErrorList errs;
  std::string type = Str(&slice, "addressType");
  if (type.empty()) {
    errs.push_back(Required(FieldPath("addressType")));
  } else if (type != "IPv4" && type != "IPv6" && type != "FQDN") {
    errs.push_back(NotSupported(FieldPath("addressType"), type, {"FQDN", "IPv4", "IPv6"}));
  }
  const array* endpoints = Arr(&slice, "endpoints");
  if (Size(endpoints) > 1000)
    errs.push_back(TooMany(FieldPath("endpoints"), static_cast<int64_t>(endpoints->size()), 1000));
  for (size_t i = 0; i < Size(endpoints); ++i) {
    const object* e = ObjAt(*endpoints, i);
    FieldPath ap = FieldPath("endpoints").Index(i).Child("addresses");
    auto addrs = Strings(e, "addresses");
    if (addrs.empty()) {
      errs.push_back(Required(ap, "must contain at least 1 address"));
    } else if (addrs.size() > 100) {
      errs.push_back(TooMany(ap, static_cast<int64_t>(addrs.size()), 100));
    }
    for (size_t j = 0; j < addrs.size(); ++j) {
      if (type == "IPv4" &&
          (!IsValidIP(addrs[j]).empty() || addrs[j].find(':') != std::string::npos)) {
        errs.push_back(Invalid(ap.Index(j), addrs[j], "must be a valid IPv4 address"));
      } else if (type == "IPv6" &&
                 (!IsValidIP(addrs[j]).empty() || addrs[j].find(':') == std::string::npos)) {
        errs.push_back(Invalid(ap.Index(j), addrs[j], "must be a valid IPv6 address"));
      } else if (type == "FQDN") {
        for (auto& m : IsDNS1123Subdomain(addrs[j]))
          errs.push_back(Invalid(ap.Index(j), addrs[j], m));
      }
    }
    if (Has(e, "hostname"))
      Append(errs, ValidateDNS1123Label(Str(e, "hostname"),
                                        FieldPath("endpoints").Index(i).Child("hostname")));
  }
  const array* ports = Arr(&slice, "ports");
  if (Size(ports) > 100)
    errs.push_back(TooMany(FieldPath("ports"), static_cast<int64_t>(ports->size()), 100));
  std::vector<std::string> names;
  for (size_t i = 0; i < Size(ports); ++i) {
    const object* p = ObjAt(*ports, i);
    FieldPath pp = FieldPath("ports").Index(i);
    std::string name = Str(p, "name");
    if (!name.empty()) Append(errs, ValidateDNS1123Label(name, pp.Child("name")));
    if (Contains(names, name)) errs.push_back(Duplicate(pp.Child("name"), name));
    names.push_back(name);
    if (Has(p, "protocol") && !Contains(kProtocols, Str(p, "protocol"))) {
      errs.push_back(NotSupported(pp.Child("protocol"), Str(p, "protocol"), kProtocols));
    }
    if (auto port = Int(p, "port")) {
      for (auto& m : IsValidPortNum(*port)) errs.push_back(InvalidInt(pp.Child("port"), *port, m));
    }
  }
  return errs;
}

ErrorList ValidateEvent(const object& ev) {
  ErrorList errs;
  std::string ns = Str(Obj(&ev, "metadata"), "namespace");
  const object* involved = Obj(&ev, "involvedObject");
  if (involved == nullptr) involved = Obj(&ev, "regarding");
  FieldPath ip = FieldPath(Has(&ev, "involvedObject") || !Has(&ev, "regarding") ? "involvedObject"
                                                                                : "regarding");
  std::string involved_ns = Str(involved, "namespace");
  if (!Has(&ev, "eventTime")) {
    if (involved_ns.empty()) {
      if (!ns.empty() && ns != "default")
        errs.push_back(
            Invalid(ip.Child("namespace"), involved_ns, "does not match event.namespace"));
    } else if (ns != involved_ns) {
      errs.push_back(Invalid(ip.Child("namespace"), involved_ns, "does not match event.namespace"));
    }
  } else {
    if (!involved_ns.empty() && ns != involved_ns) {
      errs.push_back(Invalid(ip.Child("namespace"), involved_ns, "does not match event.namespace"));
    }
    for (const char* f : {"reportingController", "reportingInstance", "action", "reason"}) {
      if (Str(&ev, f).empty()) errs.push_back(Required(FieldPath(f)));
    }
    std::string type = Str(&ev, "type");
    if (type != "Normal" && type != "Warning")
      errs.push_back(Invalid(FieldPath("type"), type, "has invalid value: " + type));
  }
  for (auto& m : IsDNS1123Subdomain(ns)) errs.push_back(Invalid(FieldPath("namespace"), ns, m));
  return errs;
}

}  // namespace

void RegisterStorageKinds(KindTable& t) {
  t["/Node"].validate = ValidateNode;
  t["/Node"].validate_update = ValidateNodeUpdate;
  t["/PersistentVolume"].validate = ValidatePV;
  t["/PersistentVolumeClaim"].validate = ValidatePVC;
  t["/PersistentVolumeClaim"].validate_update = ValidatePVCUpdate;
  t["storage.k8s.io/StorageClass"].validate = ValidateStorageClass;
  t["storage.k8s.io/StorageClass"].validate_update = ValidateStorageClassUpdate;
  t["/Endpoints"].validate = ValidateEndpoints;
  t["discovery.k8s.io/EndpointSlice"].validate = ValidateEndpointSlice;
  t["/Event"].validate = ValidateEvent;
  t["events.k8s.io/Event"].validate = ValidateEvent;
}

}  // namespace kubepp::api::validation
