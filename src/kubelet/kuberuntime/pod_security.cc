#include "kubelet/kuberuntime/pod_security.h"

#include "controllers/util/object_fields.h"

namespace kubepp::kubelet {

using controllers::util::ArrayAt;
using controllers::util::BoolAt;
using controllers::util::ObjectAt;

runtime::v1::NamespaceOption PodNamespaceOptions(const boost::json::object& pod) {
  runtime::v1::NamespaceOption ns;
  ns.set_network(BoolAt(pod, {"spec", "hostNetwork"}, false) ? runtime::v1::NODE : runtime::v1::POD);
  ns.set_ipc(BoolAt(pod, {"spec", "hostIPC"}, false) ? runtime::v1::NODE : runtime::v1::POD);
  ns.set_pid(BoolAt(pod, {"spec", "hostPID"}, false)                 ? runtime::v1::NODE
             : BoolAt(pod, {"spec", "shareProcessNamespace"}, false) ? runtime::v1::POD
                                                                     : runtime::v1::CONTAINER);
  return ns;
}

void AddPodSupplementalGroups(const boost::json::object& pod,
                              google::protobuf::RepeatedField<int64_t>* groups) {
  const boost::json::object* psc = ObjectAt(pod, {"spec", "securityContext"});
  if (psc == nullptr) return;
  if (const boost::json::array* listed = ArrayAt(*psc, {"supplementalGroups"})) {
    for (const auto& g : *listed) {
      if (g.is_int64()) groups->Add(g.as_int64());
    }
  }
  if (const boost::json::value* fs = psc->if_contains("fsGroup"); fs && fs->is_int64()) groups->Add(fs->as_int64());
}

}  // namespace kubepp::kubelet
