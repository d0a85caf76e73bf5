#include "controllers/common/pod_control.h"

#include "base/log.h"
#include "client/object.h"
#include "client/resource.h"
#include "controllers/common/fields.h"

namespace kubepp::controllers::common {
namespace {

const client::Resource& Pods() {
  static const client::Resource r = client::Resource::Of("", "pods");
  return r;
}

}  // namespace

boost::json::object PodFromTemplate(const boost::json::object& pod_template, const boost::json::object& owner,
                                    const boost::json::object& controller_ref) {
  boost::json::object meta;
  const boost::json::object* tmeta = Obj(&pod_template, "metadata");
  for (std::string_view key : {"labels", "annotations", "finalizers"}) {
    if (const boost::json::value* v = Field(tmeta, key); v != nullptr && !v->is_null()) meta[key] = *v;
  }
  meta["generateName"] = std::string(client::NameOf(owner)) + "-";
  meta["ownerReferences"] = boost::json::array{controller_ref};
  boost::json::object pod;
  pod["apiVersion"] = "v1";
  pod["kind"] = "Pod";
  pod["metadata"] = std::move(meta);
  if (const boost::json::value* spec = Field(&pod_template, "spec")) pod["spec"] = *spec;
  return pod;
}

Status RealPodControl::CreatePod(std::string_view ns, const boost::json::object& pod_template,
                                 const boost::json::object& owner, const boost::json::object& controller_ref) {
  boost::json::object pod = PodFromTemplate(pod_template, owner, controller_ref);
  // A pod without labels could never be matched back to its owner.
  const boost::json::object* labels = ObjAt(pod, {"metadata", "labels"});
  if (labels == nullptr || labels->empty()) return Status::Invalid("unable to create pods, no labels");
  auto created = client_.Create(Pods(), ns, pod);
  if (!created.ok()) {
    recorder_.Event(owner, "Warning", "FailedCreate", "Error creating: " + created.status().message());
    return created.status();
  }
  VLOG(4) << "controller " << client::NameOf(owner) << " created pod " << client::NameOf(**created);
  recorder_.Event(owner, "Normal", "SuccessfulCreate", "Created pod: " + std::string(client::NameOf(**created)));
  return Status::Ok();
}

Status RealPodControl::DeletePod(std::string_view ns, std::string_view name, const boost::json::object& owner) {
  VLOG(2) << "deleting pod " << ns << "/" << name;
  auto deleted = client_.Delete(Pods(), ns, name);
  if (!deleted.ok()) {
    if (deleted.status().IsNotFound()) {
      VLOG(4) << "pod " << ns << "/" << name << " has already been deleted";
      return deleted.status();
    }
    recorder_.Event(owner, "Warning", "FailedDelete", "Error deleting: " + deleted.status().message());
    return deleted.status();
  }
  recorder_.Event(owner, "Normal", "SuccessfulDelete", "Deleted pod: " + std::string(name));
  return Status::Ok();
}

}  // namespace kubepp::controllers::common
