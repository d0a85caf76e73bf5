// The /etc/hosts file the kubelet writes for each pod and bind-mounts into
// its containers, and the hostname and domain it names — upstream's
// kubelet_pods.go (v1.32), byte for byte. For a pod "web-0" with IP
// 10.1.0.5 in subdomain "web" of namespace "shop":
//
//   # Kubernetes-managed hosts file.
//   127.0.0.1	localhost
//   ::1	localhost ip6-localhost ip6-loopback
//   fe00::0	ip6-localnet
//   fe00::0	ip6-mcastprefix
//   fe00::1	ip6-allnodes
//   fe00::2	ip6-allrouters
//   10.1.0.5	web-0.web.shop.svc.cluster.local	web-0
//
// followed, when the pod has hostAliases, by a blank line,
// "# Entries added by HostAliases." and one "IP<TAB>names" line per alias.
// A hostNetwork pod gets the node's own hosts file under the header
// "# Kubernetes-managed hosts file (host network).".
// Thread safety: pure functions over the file system.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace kubepp::kubelet::volumes {

// `host_aliases` is spec.hostAliases (may be null).
std::string ManagedHostsFileContent(const std::vector<std::string>& pod_ips,
                                    const std::string& hostname, const std::string& host_domain,
                                    const boost::json::array* host_aliases);
StatusOr<std::string> NodeHostsFileContent(const std::string& node_hosts_file,
                                           const boost::json::array* host_aliases);

// Writes the pod's hosts file to `path` with mode 0644.
Status EnsureHostsFile(const std::string& path, const boost::json::object& pod,
                       const std::vector<std::string>& pod_ips, const std::string& hostname,
                       const std::string& host_domain,
                       const std::string& node_hosts_file = "/etc/hosts");

// The pod's hostname (spec.hostname or its name, cut to 63 characters) and
// domain ("<subdomain>.<namespace>.svc.<cluster domain>" when spec.subdomain
// is set, else "").
StatusOr<std::pair<std::string, std::string>> PodHostnameAndDomain(
    const boost::json::object& pod, const std::string& cluster_domain);

}  // namespace kubepp::kubelet::volumes
