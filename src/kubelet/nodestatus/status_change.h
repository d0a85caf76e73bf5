// Whether a freshly computed Node status differs from the one stored, as
// upstream's nodeStatusHasChanged decides it: conditions are compared by
// type without their lastHeartbeatTime (a heartbeat alone is no change),
// quantities by value ("1Gi" == "1024Mi"), everything else as JSON. Used to
// write nodes/status only when something changed, or when
// node-status-report-frequency has passed since the last write.
//
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

namespace kubepp::kubelet {

// `original` and `updated` are status objects (either may be null: two
// nulls are equal, one null is a change).
bool NodeStatusHasChanged(const boost::json::object* original, const boost::json::object* updated);

}  // namespace kubepp::kubelet
