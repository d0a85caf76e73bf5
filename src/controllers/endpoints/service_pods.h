// What the Endpoints and EndpointSlice controllers share: which pods back a
// Service and how a Service port lands on a pod.
//   SelectorMatches     spec.selector (a plain map) against pod labels;
//   ShouldPodBeInEndpoints  a pod with an IP, not finished, and (unless
//                       terminating pods are wanted) not being deleted;
//   FindPort            a Service port's targetPort on a pod: a number as is,
//                       a name through the pod's container ports of the
//                       same protocol; unset means the Service port number.
// Pure functions over immutable objects; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

namespace kubepp::controllers {

// False for a Service without a selector (its endpoints are someone else's).
bool HasSelector(const boost::json::object& service);
bool SelectorMatches(const boost::json::object& service, const boost::json::object& pod);
bool ShouldPodBeInEndpoints(const boost::json::object& pod, bool include_terminating);
std::optional<int64_t> FindPort(const boost::json::object& pod, const boost::json::object& service_port);
// The pod's hostname as a Service endpoint: spec.hostname when the pod's
// spec.subdomain names this Service (same namespace), else "".
std::string EndpointHostname(const boost::json::object& pod, const boost::json::object& service);
bool IsHeadless(const boost::json::object& service);

}  // namespace kubepp::controllers
