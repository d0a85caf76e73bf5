// HorizontalPodAutoscaler autoscaling/v1 ↔ autoscaling/v2 (the storage
// version), with upstream's mapping:
//
//   v1 targetCPUUtilizationPercentage  ↔ v2's Resource metric "cpu" with a
//                                        Utilization target (v1 without one:
//                                        the v2 default, 80 %)
//   v1 currentCPUUtilizationPercentage ↔ v2's current "cpu" utilization
//   scaleTargetRef, min/maxReplicas, observedGeneration, lastScaleTime,
//   current/desiredReplicas            as they are
//
// What v1 cannot hold rides in annotations so that a v1 client's
// read-modify-write keeps it: the other metrics
// (autoscaling.alpha.kubernetes.io/metrics), behavior (…/behavior), the
// current metrics (…/current-metrics) and the conditions (…/conditions).
// Those annotations carry the v2 objects' JSON; upstream writes the metrics
// in v1's older metric shape and behavior in its internal field names, so an
// annotation written by upstream does not read back here (and the other way
// round) — nothing but the conversion itself reads them.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

#include "base/status.h"

namespace kubepp::api::conversion {

// A BadRequest when a round-trip annotation is not the JSON it must be.
Status HpaV1ToV2(boost::json::object& hpa);
void HpaV2ToV1(boost::json::object& hpa);

}  // namespace kubepp::api::conversion
