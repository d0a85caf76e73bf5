// ObjectGetter: how kubelet code reads the API objects a Pod refers to —
// ConfigMaps and Secrets for env and volumes, PersistentVolumeClaims and
// PersistentVolumes for claims — without knowing whether they come from a
// cache, a watch or a direct GET.
//
// Errors follow the kubelet's own object managers, because they end up in
// container statuses (CreateContainerConfigError) and events that users and
// tests read: a missing ConfigMap is NotFound `configmap "x" not found`, a
// missing Secret `secret "x" not found` (singular, as upstream's watch-based
// managers word it); claims and volumes carry the apiserver's message
// (`persistentvolumeclaims "x" not found`).
//
// Thread safety: implementations must allow concurrent calls.
#pragma once

#include <memory>
#include <string_view>

#include "base/status.h"
#include "client/api_client.h"
#include "client/object.h"

namespace kubepp::kubelet {

enum class ObjectKind { kConfigMap, kSecret, kPersistentVolumeClaim, kPersistentVolume };

class ObjectGetter {
 public:
  virtual ~ObjectGetter() = default;
  // `ns` is ignored for cluster-scoped kinds (PersistentVolume).
  virtual StatusOr<client::ObjectPtr> Get(ObjectKind kind, std::string_view ns,
                                          std::string_view name) = 0;
};

// An ObjectGetter that GETs each object through `client` (which must outlive
// it), rewording NotFound for ConfigMaps and Secrets as described above.
std::unique_ptr<ObjectGetter> NewApiObjectGetter(client::ApiClient& client);

}  // namespace kubepp::kubelet
