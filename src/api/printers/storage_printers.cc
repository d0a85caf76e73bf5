// Persistent volumes and claims, storage classes and the CSI objects.
// (CSIStorageCapacity has an upstream print handler, but its store uses the
// default table convertor, so it is deliberately absent here.)
// Access modes print as RWO, ROX, RWX, RWOP in that order; the storage class
// of a volume or claim is the beta annotation when present, else the field.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/printers/json_fields.h"
#include "api/printers/printer.h"

namespace kubepp::api::printers {
namespace {

using boost::json::object;
using boost::json::value;

constexpr std::string_view kBetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

std::string AccessModes(const boost::json::array& modes) {
  auto has = [&](std::string_view m) {
    for (const value& v : modes) {
      if (v.is_string() && v.get_string() == m) return true;
    }
    return false;
  };
  std::string out;
  const std::pair<std::string_view, std::string_view> kShort[] = {{"ReadWriteOnce", "RWO"},
                                                                  {"ReadOnlyMany", "ROX"},
                                                                  {"ReadWriteMany", "RWX"},
                                                                  {"ReadWriteOncePod", "RWOP"}};
  for (const auto& [mode, abbreviation] : kShort) {
    if (!has(mode)) continue;
    if (!out.empty()) out += ",";
    out += abbreviation;
  }
  return out;
}

std::optional<std::string> BetaStorageClass(const object& obj) {
  const object& annotations = Obj(Obj(obj, "metadata"), "annotations");
  if (auto it = annotations.find(kBetaStorageClassAnnotation); it != annotations.end()) {
    return it->value().is_string() ? std::string(it->value().get_string()) : "";
  }
  return std::nullopt;
}

boost::json::array PersistentVolumeCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");
  std::string claim;
  if (const value* ref = Find(spec, "claimRef"); ref && ref->is_object()) {
    claim = Str(ref->get_object(), "namespace") + "/" + Str(ref->get_object(), "name");
  }
  std::string phase = Str(status, "phase");
  if (Meta(ctx.obj, "deletionTimestamp")) phase = "Terminating";
  return {value(Name(ctx.obj)),
          value(QuantityText(Find(Obj(spec, "capacity"), "storage"))),
          value(AccessModes(Arr(spec, "accessModes"))),
          value(Str(spec, "persistentVolumeReclaimPolicy")),
          value(phase),
          value(claim),
          value(BetaStorageClass(ctx.obj).value_or(Str(spec, "storageClassName"))),
          value(OptStr(spec, "volumeAttributesClassName").value_or("<unset>")),
          value(Str(status, "reason")),
          value(Age(ctx)),
          value(OptStr(spec, "volumeMode").value_or("<unset>"))};
}

boost::json::array PersistentVolumeClaimCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  const object& status = Obj(ctx.obj, "status");
  std::string phase = Str(status, "phase");
  if (Meta(ctx.obj, "deletionTimestamp")) phase = "Terminating";
  const std::string volume = Str(spec, "volumeName");
  std::string capacity, access_modes;
  // Capacity and modes are the bound volume's, so shown only once bound.
  if (!volume.empty()) {
    access_modes = AccessModes(Arr(status, "accessModes"));
    capacity = QuantityText(Find(Obj(status, "capacity"), "storage"));
  }
  return {value(Name(ctx.obj)),
          value(phase),
          value(volume),
          value(capacity),
          value(access_modes),
          value(BetaStorageClass(ctx.obj).value_or(Str(spec, "storageClassName"))),
          value(OptStr(spec, "volumeAttributesClassName").value_or("<unset>")),
          value(Age(ctx)),
          value(OptStr(spec, "volumeMode").value_or("<unset>"))};
}

boost::json::array StorageClassCells(const PrintContext& ctx) {
  const object& annotations = Obj(Obj(ctx.obj, "metadata"), "annotations");
  std::string name = Name(ctx.obj);
  if (Str(annotations, "storageclass.kubernetes.io/is-default-class") == "true" ||
      Str(annotations, "storageclass.beta.kubernetes.io/is-default-class") == "true") {
    name += " (default)";
  }
  return {value(name),
          value(Str(ctx.obj, "provisioner")),
          value(OptStr(ctx.obj, "reclaimPolicy").value_or("Delete")),
          value(OptStr(ctx.obj, "volumeBindingMode").value_or("Immediate")),
          value(Bool(ctx.obj, "allowVolumeExpansion")),
          value(Age(ctx))};
}

boost::json::array VolumeAttachmentCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  return {value(Name(ctx.obj)),
          value(Str(spec, "attacher")),
          value(Str(Obj(spec, "source"), "persistentVolumeName")),
          value(Str(spec, "nodeName")),
          value(Bool(Obj(ctx.obj, "status"), "attached")),
          value(Age(ctx))};
}

boost::json::array CsiNodeCells(const PrintContext& ctx) {
  return {value(Name(ctx.obj)),
          value(static_cast<long long>(Arr(Obj(ctx.obj, "spec"), "drivers").size())),
          value(Age(ctx))};
}

boost::json::array CsiDriverCells(const PrintContext& ctx) {
  const object& spec = Obj(ctx.obj, "spec");
  std::string token_requests = "<unset>";
  if (const value* t = Find(spec, "tokenRequests"); t && t->is_array()) {
    token_requests.clear();
    for (const value& r : t->get_array()) {
      if (!token_requests.empty()) token_requests += ",";
      token_requests += Str(AsObj(r), "audience");
    }
  }
  std::string modes;
  for (const value& m : Arr(spec, "volumeLifecycleModes")) {
    if (!modes.empty()) modes += ",";
    modes += m.is_string() ? std::string(m.get_string()) : "";
  }
  if (modes.empty()) modes = "<none>";
  return {value(Name(ctx.obj)),
          value(Bool(spec, "attachRequired", true)),
          value(Bool(spec, "podInfoOnMount")),
          value(Bool(spec, "storageCapacity")),
          value(token_requests),
          value(Bool(spec, "requiresRepublish")),
          value(modes),
          value(Age(ctx))};
}

}  // namespace

void RegisterStoragePrinters(PrinterMap& m) {
  m[{"", "persistentvolumes"}] = Printer{
      {NameColumn(),
       {"Capacity", "string", "",
        "capacity is the description of the persistent volume's resources and capacity.", 0},
       {"Access Modes", "string", "", "accessModes contains all ways the volume can be mounted.",
        0},
       {"Reclaim Policy", "string", "",
        "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released "
        "from its claim.",
        0},
       {"Status", "string", "",
        "phase indicates if a volume is available, bound to a claim, or released by a claim.", 0},
       {"Claim", "string", "",
        "claimRef is part of a bi-directional binding between PersistentVolume and "
        "PersistentVolumeClaim.",
        0},
       {"StorageClass", "string", "", "StorageClass of the pv", 0},
       {"VolumeAttributesClass", "string", "", "VolumeAttributesClass of the pv", 0},
       {"Reason", "string", "",
        "reason is a brief CamelCase string that describes any failure and is meant for machine "
        "parsing and tidy display in the CLI.",
        0},
       AgeColumn(),
       {"VolumeMode", "string", "",
        "volumeMode defines if a volume is intended to be used with a formatted filesystem or to "
        "remain in raw block state.",
        1}},
      PersistentVolumeCells};
  m[{"", "persistentvolumeclaims"}] = Printer{
      {NameColumn(),
       {"Status", "string", "", "phase represents the current phase of PersistentVolumeClaim.", 0},
       {"Volume", "string", "",
        "volumeName is the binding reference to the PersistentVolume backing this claim.", 0},
       {"Capacity", "string", "",
        "capacity represents the actual resources of the underlying volume.", 0},
       {"Access Modes", "string", "",
        "accessModes contains the actual access modes the volume backing the PVC has.", 0},
       {"StorageClass", "string", "", "StorageClass of the pvc", 0},
       {"VolumeAttributesClass", "string", "", "VolumeAttributesClass of the pvc", 0},
       AgeColumn(),
       {"VolumeMode", "string", "",
        "volumeMode defines what type of volume is required by the claim. Value of Filesystem is "
        "implied when not included in claim spec.",
        1}},
      PersistentVolumeClaimCells};
  m[{"storage.k8s.io", "storageclasses"}] = Printer{
      {NameColumn(),
       {"Provisioner", "string", "", "provisioner indicates the type of the provisioner.", 0},
       {"ReclaimPolicy", "string", "",
        "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes "
        "of this storage class. Defaults to Delete.",
        0},
       {"VolumeBindingMode", "string", "",
        "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. "
        "When unset, VolumeBindingImmediate is used.",
        0},
       {"AllowVolumeExpansion", "string", "",
        "allowVolumeExpansion shows whether the storage class allow volume expand.", 0},
       AgeColumn()},
      StorageClassCells};
  m[{"storage.k8s.io", "volumeattachments"}] = Printer{
      {NameColumn(),
       {"Attacher", "string", "name",
        "attacher indicates the name of the volume driver that MUST handle this request.", 0},
       {"PV", "string", "",
        "persistentVolumeName represents the name of the persistent volume to attach.", 0},
       {"Node", "string", "", "nodeName represents the node that the volume should be attached to.",
        0},
       {"Attached", "boolean", "", "attached indicates the volume is successfully attached.", 0},
       AgeColumn()},
      VolumeAttachmentCells};
  m[{"storage.k8s.io", "csinodes"}] =
      Printer{{NameColumn(),
               {"Drivers", "integer", "",
                "Drivers indicates the number of CSI drivers registered on the node", 0},
               AgeColumn()},
              CsiNodeCells};
  m[{"storage.k8s.io", "csidrivers"}] = Printer{
      {NameColumn(),
       {"AttachRequired", "boolean", "",
        "attachRequired indicates this CSI volume driver requires an attach operation.", 0},
       {"PodInfoOnMount", "boolean", "",
        "podInfoOnMount indicates this CSI volume driver requires additional pod information "
        "(like podName, podUID, etc.) during mount operations.",
        0},
       {"StorageCapacity", "boolean", "",
        "storageCapacity indicates that the CSI volume driver wants pod scheduling to consider "
        "the storage capacity that the driver deployment will report.",
        0},
       {"TokenRequests", "string", "",
        "tokenRequests indicates the CSI driver needs pods' service account tokens it is "
        "mounting volume for to do necessary authentication.",
        0},
       {"RequiresRepublish", "boolean", "",
        "requiresRepublish indicates the CSI driver wants NodePublishVolume being periodically "
        "called to reflect any possible change in the mounted volume.",
        0},
       {"Modes", "string", "",
        "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports.", 0},
       AgeColumn()},
      CsiDriverCells};
}

}  // namespace kubepp::api::printers
