// The image pull part of ServiceAccount admission, as upstream's plugin: a
// pod that lists no imagePullSecrets gets those of its ServiceAccount, so the
// kubelet (which reads only the pod) pulls with them. A pod that lists any
// keeps its own; mirror pods are left alone. (Defaulting the account name
// happens in NormalizeForWrite; refusing pods whose account does not exist
// waits for the serviceaccount controller to be reliable at startup.)
#include <string>

#include "api/codec/codec.h"
#include "apiserver/admission/admission.h"
#include "apiserver/object_meta.h"
#include "apiserver/registry.h"

namespace kubepp::apiserver::admission {

namespace {

using boost::json::array;
using boost::json::object;

bool IsMirrorPod(const object& pod) {
  const auto* meta = pod.if_contains("metadata");
  const auto* annotations = meta && meta->is_object() ? meta->get_object().if_contains("annotations") : nullptr;
  return annotations && annotations->is_object() && annotations->get_object().contains("kubernetes.io/config.mirror");
}

}  // namespace

void ApplyServiceAccountPullSecrets(const object& account, object& pod) {
  auto* spec = pod.if_contains("spec") ? pod["spec"].if_object() : nullptr;
  if (spec == nullptr || IsMirrorPod(pod)) return;
  if (const auto* own = spec->if_contains("imagePullSecrets"); own && own->is_array() && !own->get_array().empty()) {
    return;
  }
  const auto* theirs = account.if_contains("imagePullSecrets");
  if (theirs == nullptr || !theirs->is_array() || theirs->get_array().empty()) return;
  array copied;
  for (const auto& ref : theirs->get_array()) {
    const auto* name = ref.is_object() ? ref.get_object().if_contains("name") : nullptr;
    copied.push_back(object{{"name", name && name->is_string() ? name->get_string() : ""}});
  }
  (*spec)["imagePullSecrets"] = std::move(copied);
}

Status AdmitPodServiceAccount(store::Store& store, const api::ResourceInfo& r, object& pod) {
  const auto* spec = pod.if_contains("spec");
  const auto* name = spec && spec->is_object() ? spec->get_object().if_contains("serviceAccountName") : nullptr;
  if (name == nullptr || !name->is_string() || name->get_string().empty()) return Status::Ok();
  const api::ResourceInfo* accounts = api::Catalog::Get().Find("", "v1", "serviceaccounts");
  if (accounts == nullptr) return Status::Ok();
  store::RangeRequest req;
  req.key = Registry::Key(*accounts, MetaString(pod, "namespace"), std::string(name->get_string()));
  auto resp = store.Range(req);
  if (!resp.ok()) return resp.status();
  if (resp->kvs.empty()) return Status::Ok();
  auto account = api::DecodeStored(resp->kvs.front().value, resp->kvs.front().mod_revision);
  if (account.ok()) ApplyServiceAccountPullSecrets(*account, pod);
  return Status::Ok();
}

}  // namespace kubepp::apiserver::admission
