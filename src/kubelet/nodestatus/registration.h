// Registering the kubelet's Node, as upstream's tryRegisterWithAPIServer:
// create it; when a Node of that name already exists (a restarted kubelet,
// a re-imaged machine), take it over and reconcile only what a kubelet owns
// there:
//   - the controller-managed attach/detach annotation (set or removed);
//   - the default labels (hostname, os, arch, zone/region, instance-type;
//     ReconciledDefaultLabels) to the values this kubelet would register;
//   - extended resources zeroed in capacity and allocatable until their
//     device plugins register again;
//   - hugepages capacity/allocatable per page size, and sizes the machine no
//     longer has removed.
// Everything else on the existing Node — other labels, taints, spec — stays
// as the cluster left it: --node-labels and --register-with-taints apply
// only when the Node is created. The node.kubernetes.io/not-ready taint is
// the node lifecycle controller's business, never the kubelet's.
//
// Metadata changes go through a merge patch of the Node, status changes
// through a merge patch of nodes/status.
//
// Thread safety: functions; the client may be used from any thread.
#pragma once

#include <boost/json/object.hpp>

#include "base/status.h"
#include "client/api_client.h"

namespace kubepp::kubelet {

// One attempt. OK when the Node exists afterwards with the reconciled
// fields; any failure is returned (the caller retries with back-off).
Status TryRegisterNode(client::ApiClient& client, const boost::json::object& initial_node);

// The reconcile steps on `existing` (modified in place), true when they
// changed something. Exposed for tests.
bool ReconcileControllerManagedAttach(const boost::json::object& initial, boost::json::object& existing);
bool ReconcileDefaultLabels(const boost::json::object& initial, boost::json::object& existing);
bool ReconcileExtendedResources(const boost::json::object& initial, boost::json::object& existing);
bool ReconcileHugePages(const boost::json::object& initial, boost::json::object& existing);

}  // namespace kubepp::kubelet
