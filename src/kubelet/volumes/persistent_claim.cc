#include "kubelet/volumes/persistent_claim.h"

#include <sys/stat.h>

#include "client/object.h"
#include "kubelet/pod_fields.h"
#include "kubelet/volumes/volume_paths.h"

namespace kubepp::kubelet::volumes {
namespace {

bool ControlledBy(const boost::json::object& obj, std::string_view owner_uid) {
  const boost::json::array* refs = Arr(Obj(&obj, "metadata"), "ownerReferences");
  if (refs == nullptr) return false;
  for (const auto& r : *refs) {
    if (!r.is_object()) continue;
    const boost::json::object& ref = r.get_object();
    if (Bool(&ref, "controller").value_or(false)) return Str(&ref, "uid") == owner_uid;
  }
  return false;
}

}  // namespace

StatusOr<ClaimedVolume> ResolveClaim(const boost::json::object& pod, const std::string& claim_name,
                                     bool read_only, bool ephemeral_for_pod, ObjectGetter& getter) {
  std::string ns(client::NamespaceOf(pod));
  std::string prefix = "error processing PVC " + ns + "/" + claim_name + ": ";

  StatusOr<client::ObjectPtr> pvc = getter.Get(ObjectKind::kPersistentVolumeClaim, ns, claim_name);
  if (!pvc.ok()) {
    return Status(pvc.status().reason(),
                  prefix + "failed to fetch PVC from API server: " + pvc.status().message());
  }
  if (ephemeral_for_pod && !ControlledBy(**pvc, client::UidOf(pod))) {
    return Status::Conflict("PVC " + ns + "/" + claim_name + " was not created for pod " + ns +
                            "/" + std::string(client::NameOf(pod)) + " (pod is not owner)");
  }
  if (Field(Obj(pvc->get(), "metadata"), "deletionTimestamp") != nullptr &&
      !Field(Obj(pvc->get(), "metadata"), "deletionTimestamp")->is_null()) {
    return Status::Unavailable(prefix + "PVC is being deleted");
  }
  if (Str(Obj(pvc->get(), "status"), "phase") != "Bound")
    return Status::Unavailable(prefix + "PVC is not bound");
  std::string pv_name = Str(Obj(pvc->get(), "spec"), "volumeName");
  if (pv_name.empty()) return Status::Unavailable(prefix + "PVC has empty pvc.Spec.VolumeName");

  StatusOr<client::ObjectPtr> pv = getter.Get(ObjectKind::kPersistentVolume, "", pv_name);
  if (!pv.ok()) {
    return Status(pv.status().reason(), prefix + "failed to fetch PV " + pv_name +
                                            " from API server: " + pv.status().message());
  }
  const boost::json::object* spec = Obj(pv->get(), "spec");
  const boost::json::object* claim_ref = Obj(spec, "claimRef");
  if (claim_ref == nullptr) {
    return Status::Unavailable(
        prefix + "found PV object " + pv_name +
        " but it has a nil pv.Spec.ClaimRef indicating it is not yet bound to the claim");
  }
  std::string claim_uid(client::UidOf(**pvc));
  if (Str(claim_ref, "uid") != claim_uid) {
    return Status::Unavailable(prefix + "found PV object " + pv_name +
                               " but its pv.Spec.ClaimRef.UID " + Str(claim_ref, "uid") +
                               " does not point to claim.UID " + claim_uid);
  }

  ClaimedVolume out;
  out.pv_name = pv_name;
  out.read_only = read_only;
  out.volume_mode = Str(spec, "volumeMode");
  if (out.volume_mode.empty()) out.volume_mode = "Filesystem";
  if (const boost::json::object* host_path = Obj(spec, "hostPath")) {
    out.plugin = std::string(kHostPathPlugin);
    out.host_path = Str(host_path, "path");
    out.host_path_type = Str(host_path, "type");
    return out;
  }
  if (const boost::json::object* local = Obj(spec, "local")) {
    out.plugin = std::string(kLocalVolumePlugin);
    out.host_path = Str(local, "path");
    struct stat st;
    if (::stat(out.host_path.c_str(), &st) != 0) {
      return Status::NotFound("local volume " + pv_name + ": path \"" + out.host_path +
                              "\" does not exist");
    }
    return out;
  }
  return Status::Invalid("no volume plugin matched");
}

}  // namespace kubepp::kubelet::volumes
