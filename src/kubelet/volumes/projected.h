// The files of a projected volume: its sources (configMap, secret,
// downwardAPI, serviceAccountToken) merged into one payload, as upstream's
// pkg/volume/projected collectData (v1.32). Later sources overwrite earlier
// ones at the same path. A failing source does not stop the others from
// being read, but the volume fails with all their errors aggregated.
//
// The well-known kube-api-access-* volume is such a volume: a token, the
// kube-root-ca.crt ConfigMap's ca.crt and the namespace from the downward API.
// clusterTrustBundle sources are not supported ("... is not supported").
// Thread safety: as the ObjectGetter and TokenRequester given.
#pragma once

#include <boost/json/object.hpp>

#include "base/status.h"
#include "kubelet/fieldpath/resource_field.h"
#include "kubelet/object_getter.h"
#include "kubelet/volumes/atomic_writer.h"
#include "kubelet/volumes/service_account_token.h"

namespace kubepp::kubelet::volumes {

// `source` is the volume's `projected` object. `tokens` may be null, in
// which case serviceAccountToken sources fail.
StatusOr<Payload> ProjectedPayload(const boost::json::object& source,
                                   const boost::json::object& pod, ObjectGetter& getter,
                                   TokenRequester* tokens,
                                   const fieldpath::ResourceList& node_allocatable);

}  // namespace kubepp::kubelet::volumes
