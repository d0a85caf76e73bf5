// The status a ReplicaSet (or ReplicationController) reports for the pods it
// controls: replicas, fullyLabeledReplicas (pods carrying every template
// label), readyReplicas, availableReplicas (ready for minReadySeconds), and
// the ReplicaFailure condition while creating or deleting pods fails.
//
// Thread safety: pure functions.
#pragma once

#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "client/object.h"

namespace kubepp::controllers::replicaset {

// `manage_error` is what the last ManageReplicas returned. observedGeneration
// is left as it was; the writer sets it.
boost::json::object CalculateStatus(const boost::json::object& rs, const std::vector<client::ObjectPtr>& pods,
                                    const Status& manage_error, Clock::TimePoint now);

// The counters and conditions equal (observedGeneration aside).
bool StatusCountsEqual(const boost::json::object& a, const boost::json::object& b);

}  // namespace kubepp::controllers::replicaset
