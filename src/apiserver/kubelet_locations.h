// The lookups behind the apiserver's kubelet proxies, with upstream's
// answers when one fails: the pod (NotFound `pods "x" not found`), the
// container a request means (pkg/registry/core/pod/strategy.go
// validateContainer), the node's kubelet endpoint, and the Status a
// kubelet's error answer turns into (upstream's GenericHttpResponseChecker).
//
// Thread safety: stateless; the registry's reads are thread-safe.
#pragma once

#include <string>
#include <utility>

#include <boost/json/object.hpp>

#include "apiserver/kubelet_connection.h"
#include "apiserver/registry.h"
#include "apiserver/status_json.h"
#include "base/status.h"
#include "net/http.h"

namespace kubepp::apiserver {

// A failure and the details its Status object carries.
struct DetailedStatus {
  Status status;
  StatusDetails details;
};

// The Status object as an HTTP response.
net::HttpResponse StatusResponse(const Status& status, const StatusDetails& details = {});

StatusOr<boost::json::object> GetPodForProxy(Registry& registry, const std::string& pod_namespace,
                                             const std::string& name, DetailedStatus* failure);

// The container a request for `container` in `pod` means: the only one when
// none is named; BadRequest "a container name must be specified for pod p,
// choose one of: [a b]" or "container c is not valid for pod p" otherwise.
StatusOr<std::string> ValidateContainer(const std::string& container, const boost::json::object& pod);

// The kubelet endpoint of node `node_name` (NotFound `nodes "n" not found`).
StatusOr<KubeletEndpoint> NodeKubeletEndpoint(Registry& registry, const std::string& node_name,
                                              DetailedStatus* failure);

// The Status for a kubelet answer outside 200..206 to a request for
// `resource` ("pods/log") `name`: 500 InternalError "Internal error
// occurred: <body>", 400 BadRequest "<body>", 404 NotFound "the server could
// not find the requested resource ( pods/log name)", and so on.
DetailedStatus KubeletAnswerStatus(int code, const std::string& body, const std::string& resource,
                                   const std::string& name);

}  // namespace kubepp::apiserver
