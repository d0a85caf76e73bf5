// Service address allocation, as the upstream apiserver does it on Service
// writes: a ClusterIP from the service CIDR (10.96.0.0/12; 10.96.0.1 belongs
// to the `kubernetes` Service) and NodePorts from 30000-32767.
//
// Each allocated address is a claim key in the store
// (/registry/ranges/serviceips/<ip>, /registry/ranges/servicenodeports/<port>)
// created in the same transaction as the Service, on the condition that it
// does not exist yet: two Services can never hold one address, and a
// deleted Service releases its keys in the transaction that deletes it.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/status.h"
#include "store/store.h"

namespace kubepp::apiserver {

struct ServiceClaims {
  std::vector<std::string> claim;    // keys to create (must not exist)
  std::vector<std::string> release;  // keys to delete
};

// Fills spec.clusterIP(s) and nodePorts that `svc` lacks (carrying those of
// `old` on update, as upstream does) and says which keys to claim and release.
// Invalid or taken requested addresses are Invalid errors with upstream's text.
StatusOr<ServiceClaims> AllocateServiceAddresses(store::Store* store, boost::json::object& svc,
                                                 const boost::json::object* old);
// Every claim key a stored Service holds.
std::vector<std::string> ServiceClaimKeys(const boost::json::object& svc);

}  // namespace kubepp::apiserver
