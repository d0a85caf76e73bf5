// Small pieces the kubelet server's endpoints share: plain-text answers as
// upstream's kubelet writes them (go-restful's WriteError: the message as the
// body) and questions about the pod a request names.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "net/http.h"

namespace kubepp::kubelet::server {

net::HttpResponse TextResponse(int status, std::string body);

// Whether the pod's spec has a container, init container or ephemeral
// container of that name.
bool PodHasContainer(const boost::json::object& pod, std::string_view container);

// metadata.uid
std::string PodUid(const boost::json::object& pod);

}  // namespace kubepp::kubelet::server
