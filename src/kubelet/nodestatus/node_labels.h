// The labels a kubelet puts on its Node and the rules for the ones an
// administrator adds with --node-labels, as upstream:
//   - kubernetes.io/hostname, kubernetes.io/os, kubernetes.io/arch and their
//     legacy beta.kubernetes.io/os|arch twins are set by the kubelet itself;
//   - --node-labels may not use the kubernetes.io or k8s.io namespaces except
//     under kubelet.kubernetes.io/ and node.kubernetes.io/ (e.g.
//     node.kubernetes.io/exclude-from-external-load-balancers) or for the
//     labels in the allowed set (the ones above plus zone, region and
//     instance-type), so a node cannot claim e.g. node-role.kubernetes.io/*.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::kubelet {

// The name a kubelet registers under: `hostname_override` or the machine's
// hostname, trimmed and lower-cased. Invalid "empty hostname is invalid".
StatusOr<std::string> NodeHostname(std::string_view hostname_override);

// The labels the kubelet sets itself: hostname, os and arch (stable and beta).
std::map<std::string, std::string> KubeletOwnLabels(std::string_view hostname, std::string_view os,
                                                    std::string_view arch);

// Labels a kubelet keeps in line with what it would register when it finds
// its Node already there (upstream's updateDefaultLabels), in that order.
const std::vector<std::string>& ReconciledDefaultLabels();

// Errors: BadRequest with upstream's texts ("unknown 'kubernetes.io' or
// 'k8s.io' labels specified with --node-labels: [...]", "invalid node
// labels: ...").
Status ValidateNodeLabels(const std::map<std::string, std::string>& labels);

// Parses "k1=v1,k2=v2" (the --node-labels flag).
StatusOr<std::map<std::string, std::string>> ParseNodeLabels(std::string_view flag);

}  // namespace kubepp::kubelet
