// Pods: create validation on top of the PodSpec rules, and the update rule
// that only a few spec fields may change once a pod exists.
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <climits>

#include "api/validation/object_meta.h"
#include "api/validation/pod_spec.h"

namespace kubepp::api::validation {
namespace {

using boost::json::array;
using boost::json::object;

// The updatable fields as upstream lists them in its Forbidden message (v1.32,
// InPlacePodVerticalScaling off by default), joined with ",".
constexpr const char* kUpdatablePodSpecFields =
    "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
    "`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

bool HasSurroundingSpace(const std::string& s) {
  return !s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) ||
                        std::isspace(static_cast<unsigned char>(s.back())));
}

ErrorList ValidateImagesOnlyForPod(const array* containers, const FieldPath& path) {
  ErrorList errs;
  for (size_t i = 0; i < Size(containers); ++i) {
    std::string image = Str(ObjAt(*containers, i), "image");
    if (HasSurroundingSpace(image)) {
      errs.push_back(Invalid(path.Index(i).Child("image"), image,
                             "must not have leading or trailing whitespace"));
    }
  }
  return errs;
}

ErrorList ValidatePodMetadataAndSpec(const object& pod, bool namespaced) {
  ErrorList errs;
  const object* meta = Obj(&pod, "metadata");
  const object* spec = Obj(&pod, "spec");
  FieldPath sp("spec");
  Append(errs,
         ValidateObjectMeta(meta, namespaced, NameRule::kDNSSubdomain, FieldPath("metadata")));
  const object* annotations = Obj(meta, "annotations");
  if (annotations && annotations->contains("kubernetes.io/config.mirror") &&
      Str(spec, "nodeName").empty()) {
    errs.push_back(
        Invalid(FieldPath("metadata").Child("annotations").Key("kubernetes.io/config.mirror"),
                Str(annotations, "kubernetes.io/config.mirror"),
                "must set spec.nodeName if mirror pod annotation is set"));
  }
  Append(errs, ValidatePodSpec(spec, sp, true));
  if (Str(spec, "serviceAccountName").empty()) {
    const array* vols = Arr(spec, "volumes");
    for (size_t i = 0; i < Size(vols); ++i) {
      const array* sources = Arr(Obj(ObjAt(*vols, i), "projected"), "sources");
      for (size_t j = 0; j < Size(sources); ++j) {
        if (Has(ObjAt(*sources, j), "serviceAccountToken")) {
          errs.push_back(Forbidden(sp.Child("volumes")
                                       .Index(i)
                                       .Child("projected", "sources")
                                       .Index(j)
                                       .Child("serviceAccountToken"),
                                   "must not be specified when serviceAccountName is not set"));
        }
      }
    }
  }
  Append(errs, ValidateImagesOnlyForPod(Arr(spec, "containers"), sp.Child("containers")));
  Append(errs, ValidateImagesOnlyForPod(Arr(spec, "initContainers"), sp.Child("initContainers")));
  return errs;
}

// Containers may change only their images; counts must stay.
ErrorList ValidateContainerUpdates(const array* now, const array* old, const FieldPath& path,
                                   bool* stop) {
  ErrorList errs;
  if (Size(now) != Size(old)) {
    *stop = true;
    return {Forbidden(path, "pod updates may not add or remove containers")};
  }
  for (size_t i = 0; i < Size(now); ++i) {
    std::string image = Str(ObjAt(*now, i), "image");
    if (image.empty()) errs.push_back(Required(path.Index(i).Child("image")));
    if (HasSurroundingSpace(image)) {
      errs.push_back(Invalid(path.Index(i).Child("image"), image,
                             "must not have leading or trailing whitespace"));
    }
  }
  return errs;
}

// A short account of what differs, standing in for upstream's cmp.Diff.
std::string SpecDiff(const object& old_spec, const object& new_spec) {
  std::string out = "  core.PodSpec{\n";
  std::vector<std::string> keys;
  for (const auto& kv : old_spec) keys.emplace_back(kv.key());
  for (const auto& kv : new_spec) {
    if (!old_spec.contains(kv.key())) keys.emplace_back(kv.key());
  }
  for (const auto& k : keys) {
    const boost::json::value* a = old_spec.if_contains(k);
    const boost::json::value* b = new_spec.if_contains(k);
    if (a && b && *a == *b) continue;
    if (a) out += "- \t" + k + ": " + boost::json::serialize(*a) + ",\n";
    if (b) out += "+ \t" + k + ": " + boost::json::serialize(*b) + ",\n";
  }
  return out + "  }\n";
}

// Upstream compares whole tolerations except tolerationSeconds, which may change.
bool TolerationIn(const boost::json::value& t, const array* list) {
  if (list == nullptr || !t.is_object()) return false;
  object a = t.get_object();
  a.erase("tolerationSeconds");
  for (const auto& o : *list) {
    if (!o.is_object()) continue;
    object b = o.get_object();
    b.erase("tolerationSeconds");
    if (a == b) return true;
  }
  return false;
}

std::vector<std::string> GateNames(const array* list) {
  std::vector<std::string> out;
  for (size_t i = 0; i < Size(list); ++i) out.push_back(Str(ObjAt(*list, i), "name"));
  return out;
}

}  // namespace

ErrorList ValidatePodCreate(const object& pod, bool namespaced) {
  ErrorList errs = ValidatePodMetadataAndSpec(pod, namespaced);
  const object* spec = Obj(&pod, "spec");
  FieldPath sp("spec");
  if (Size(Arr(spec, "ephemeralContainers")) > 0) {
    errs.push_back(Forbidden(sp.Child("ephemeralContainers"), "cannot be set on create"));
  }
  if (!Str(spec, "nodeName").empty() && Size(Arr(spec, "schedulingGates")) != 0) {
    errs.push_back(Forbidden(sp.Child("nodeName"),
                             "cannot be set until all schedulingGates have been cleared"));
  }
  return errs;
}

ErrorList ValidatePodUpdate(const object& pod, const object& old) {
  FieldPath mp("metadata");
  ErrorList errs = ValidateObjectMetaUpdate(Obj(&pod, "metadata"), Obj(&old, "metadata"), mp);
  Append(errs, ValidatePodMetadataAndSpec(pod, true));
  const object* old_annotations = Obj(Obj(&old, "metadata"), "annotations");
  const object* new_annotations = Obj(Obj(&pod, "metadata"), "annotations");
  const std::string mirror = "kubernetes.io/config.mirror";
  bool old_mirror = old_annotations && old_annotations->contains(mirror);
  bool new_mirror = new_annotations && new_annotations->contains(mirror);
  if (old_mirror && (!new_mirror || Str(old_annotations, mirror) != Str(new_annotations, mirror))) {
    errs.push_back(Forbidden(mp.Child("annotations").Key(mirror),
                             "may not remove or update mirror pod annotation"));
  } else if (!old_mirror && new_mirror) {
    errs.push_back(
        Forbidden(mp.Child("annotations").Key(mirror), "may not add mirror pod annotation"));
  }

  static const object kEmpty;
  const object* spec = Obj(&pod, "spec");
  const object* old_spec = Obj(&old, "spec");
  if (spec == nullptr) spec = &kEmpty;
  if (old_spec == nullptr) old_spec = &kEmpty;
  FieldPath sp("spec");
  bool stop = false;
  Append(errs, ValidateContainerUpdates(Arr(spec, "containers"), Arr(old_spec, "containers"),
                                        sp.Child("containers"), &stop));
  if (stop) return errs;
  Append(errs,
         ValidateContainerUpdates(Arr(spec, "initContainers"), Arr(old_spec, "initContainers"),
                                  sp.Child("initContainers"), &stop));
  if (stop) return errs;

  auto ads = Int(spec, "activeDeadlineSeconds");
  auto old_ads = Int(old_spec, "activeDeadlineSeconds");
  if (ads) {
    if (*ads < 0 || *ads > INT32_MAX) {
      errs.push_back(InvalidInt(sp.Child("activeDeadlineSeconds"), *ads,
                                "must be between 0 and 2147483647, inclusive"));
      return errs;
    }
    if (old_ads && *old_ads < *ads) {
      errs.push_back(InvalidInt(sp.Child("activeDeadlineSeconds"), *ads,
                                "must be less than or equal to previous value"));
      return errs;
    }
  } else if (old_ads) {
    errs.push_back(InvalidRaw(sp.Child("activeDeadlineSeconds"), "null",
                              "must not update from a positive integer to nil value"));
  }

  // Tolerations may only be added to.
  const array* old_tolerations = Arr(old_spec, "tolerations");
  const array* tolerations = Arr(spec, "tolerations");
  for (size_t i = 0; i < Size(old_tolerations); ++i) {
    if (!TolerationIn((*old_tolerations)[i], tolerations)) {
      errs.push_back(
          Forbidden(sp.Child("tolerations"),
                    "existing toleration can not be modified except its tolerationSeconds"));
      break;
    }
  }
  // Scheduling gates may only be removed.
  std::vector<std::string> old_gates = GateNames(Arr(old_spec, "schedulingGates"));
  std::vector<std::string> gates = GateNames(Arr(spec, "schedulingGates"));
  for (size_t i = 0; i < gates.size(); ++i) {
    if (std::find(old_gates.begin(), old_gates.end(), gates[i]) == old_gates.end()) {
      errs.push_back(
          Forbidden(sp.Child("schedulingGates").Index(i).Child("name"),
                    "only deletion is allowed, but found new scheduling gate '" + gates[i] + "'"));
    }
  }

  if (*spec == *old_spec) return errs;
  // Put back what may change and compare the rest.
  object munged = *spec;
  for (const char* kind : {"containers", "initContainers"}) {
    auto* now = munged.if_contains(kind);
    const array* was = Arr(old_spec, kind);
    if (now == nullptr || !now->is_array() || was == nullptr) continue;
    for (size_t i = 0; i < now->get_array().size() && i < was->size(); ++i) {
      auto& c = now->get_array()[i];
      if (!c.is_object()) continue;
      if (const boost::json::value* img = ObjAt(*was, i)->if_contains("image")) {
        c.get_object()["image"] = *img;
      } else {
        c.get_object().erase("image");
      }
    }
  }
  for (const char* f : {"activeDeadlineSeconds", "schedulingGates", "tolerations"}) {
    if (const boost::json::value* v = old_spec->if_contains(f)) {
      munged[f] = *v;
    } else {
      munged.erase(f);
    }
  }
  auto old_grace = Int(old_spec, "terminationGracePeriodSeconds");
  if (old_grace && *old_grace < 0 && IntOr(&munged, "terminationGracePeriodSeconds", 0) == 1) {
    munged["terminationGracePeriodSeconds"] = *old_grace;
  }
  if (munged != *old_spec) {
    errs.push_back(Forbidden(sp, std::string("pod updates may not change fields other than ") +
                                     kUpdatablePodSpecFields + "\n" + SpecDiff(*old_spec, munged)));
  }
  return errs;
}

}  // namespace kubepp::api::validation
