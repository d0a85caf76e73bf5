// Resolving a probe's port: a number is used as is; a name is looked up
// among the container's ports (their containerPort), and a name that is not
// there is tried as a number written as text — upstream's
// probe.ResolveContainerPort, with its error texts. Valid ports are 1..65535.
//
// Thread safety: a pure function.
#pragma once

#include <boost/json/object.hpp>

#include "base/status.h"
#include "kubelet/prober/probe_spec.h"

namespace kubepp::kubelet::prober {

StatusOr<int> ResolveContainerPort(const PortRef& port, const boost::json::object& container);

}  // namespace kubepp::kubelet::prober
