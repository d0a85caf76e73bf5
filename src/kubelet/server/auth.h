// Who may use the kubelet's API on port 10250. Clients authenticate with a
// certificate signed by the cluster CA (the HTTPS listener verifies it); the
// apiserver uses apiserver-kubelet-client.crt (CN kube-apiserver-kubelet-client,
// O system:masters).
//
// Authorization is a fixed rule where upstream asks the apiserver (a
// SubjectAccessReview for nodes/proxy, nodes/log, nodes/stats, ...): the
// apiserver's kubelet client and members of system:masters may do anything;
// everyone else is refused with upstream's 403 text. Anonymous requests get
// 401, as a kubelet with anonymous authentication off answers.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "net/http.h"

namespace kubepp::kubelet::server {

inline constexpr const char* kApiserverKubeletClient = "kube-apiserver-kubelet-client";

// The refusal to send, or nullopt when the request may proceed.
std::optional<net::HttpResponse> Authorize(const net::HttpRequest& request);

// The attributes upstream authorizes a kubelet request with: the verb from
// the method (GET get, POST create, PUT update, PATCH patch, DELETE delete)
// and the nodes subresource from the path (stats, metrics, log, else proxy).
std::string RequestVerb(const std::string& method);
std::string NodeSubresource(const std::string& path);

}  // namespace kubepp::kubelet::server
