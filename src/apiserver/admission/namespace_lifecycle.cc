// NamespaceLifecycle's part in deletes: the namespaces every cluster needs
// (default, kube-system, kube-public) may not be deleted. The apiserver
// itself makes them and puts the kubernetes Service in default; deleting one
// would empty it with nothing to bring it back until the next restart.
#include "apiserver/admission/admission.h"
#include "apiserver/registry.h"

namespace kubepp::apiserver::admission {

Status AdmitDelete(const api::ResourceInfo& r, const std::string& name) {
  if (!r.group.empty() || r.resource != "namespaces") return Status::Ok();
  if (name != "default" && name != "kube-system" && name != "kube-public") return Status::Ok();
  return Status::Forbidden(QualifiedResource(r) + " \"" + name +
                           "\" is forbidden: this namespace may not be deleted");
}

}  // namespace kubepp::apiserver::admission
