// Service links: the Docker-link style variables a container gets for the
// Services it may talk to, as upstream's kubelet getServiceEnvVarMap and
// envvars.FromServices. For a Service "redis-primary" with cluster IP
// 10.0.0.11 and a first port 6379/TCP named "redis":
//
//   REDIS_PRIMARY_SERVICE_HOST=10.0.0.11
//   REDIS_PRIMARY_SERVICE_PORT=6379
//   REDIS_PRIMARY_SERVICE_PORT_REDIS=6379
//   REDIS_PRIMARY_PORT=tcp://10.0.0.11:6379
//   REDIS_PRIMARY_PORT_6379_TCP=tcp://10.0.0.11:6379
//   REDIS_PRIMARY_PORT_6379_TCP_PROTO=tcp
//   REDIS_PRIMARY_PORT_6379_TCP_PORT=6379
//   REDIS_PRIMARY_PORT_6379_TCP_ADDR=10.0.0.11
//
// A pod sees the Services of its own namespace when spec.enableServiceLinks
// is not false, and always the "kubernetes" Service of "default". Services
// without a cluster IP (headless, ExternalName) give no variables.
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "client/object.h"
#include "kubelet/container/expansion.h"

namespace kubepp::kubelet::container {

// Every variable for the Services a pod in `ns` sees, from `services` (the
// Services of every namespace, as a lister returns them). When two Services
// claim one name (the pod's own namespace has a "kubernetes" Service too),
// the later one in `services` wins, except that default/kubernetes never
// replaces an earlier entry.
EnvMap ServiceEnvVarMap(std::string_view ns, bool enable_service_links,
                        const std::vector<client::ObjectPtr>& services);

// The variables of one Service, in upstream's order; empty when it has no cluster IP.
std::vector<std::pair<std::string, std::string>> ServiceEnvVars(const boost::json::object& service);

}  // namespace kubepp::kubelet::container
