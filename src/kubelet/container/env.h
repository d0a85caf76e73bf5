// A container's environment, built as upstream's kubelet
// makeEnvironmentVariables (v1.32) does:
//
//   1. Service links (service_env.h) form a separate, lowest layer.
//   2. envFrom, in order: every key of each ConfigMap's data / Secret's
//      (base64-decoded) data, with the entry's prefix; later entries
//      overwrite earlier ones. Like v1.32 (RelaxedEnvironmentVariableValidation)
//      no key is skipped for its name: the apiserver already refused what a
//      runtime cannot carry.
//   3. env, in order, overwriting: `value` with $(VAR) references expanded
//      against the variables defined so far, then the service links; or
//      valueFrom: configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef.
//      An optional reference that is missing leaves the variable unset.
//   4. The service links no earlier step defined.
//
// Upstream returns the variables in Go map order (unspecified); kubepp keeps
// the order of first definition (envFrom keys, then env), followed by the
// service links sorted by name, so that a container's config is stable.
//
// A missing ConfigMap or Secret that is not optional fails the whole build
// with the getter's error (`configmap "x" not found`); a missing key with
// `couldn't find key k in ConfigMap ns/x` — the kubelet reports either as
// CreateContainerConfigError.
// Thread safety: MakeEnvironmentVariables may run concurrently if the
// ObjectGetter allows it.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "base/status.h"
#include "client/object.h"
#include "kubelet/fieldpath/resource_field.h"
#include "kubelet/object_getter.h"

namespace kubepp::kubelet::container {

struct EnvVar {
  std::string name;
  std::string value;
  bool operator==(const EnvVar&) const = default;
};

// What the kubelet knows besides the Pod itself.
struct EnvContext {
  // Every Service of the cluster (the kubelet's Service lister).
  std::vector<client::ObjectPtr> services;
  // The pod's IPs from its sandbox, and the node's IPs (primary first);
  // status.podIP(s) are ordered by the node's primary IP family as upstream.
  std::vector<std::string> pod_ips;
  std::vector<std::string> host_ips;
  // Node allocatable: the default of a missing limit in resourceFieldRef.
  fieldpath::ResourceList node_allocatable;
};

StatusOr<std::vector<EnvVar>> MakeEnvironmentVariables(const boost::json::object& pod,
                                                       const boost::json::object& container,
                                                       const EnvContext& context,
                                                       ObjectGetter& getter);

// The value of a fieldRef (ObjectFieldSelector {apiVersion, fieldPath}) for
// a pod, including the paths only the kubelet knows (status.podIP(s),
// status.hostIP(s)). Shared with the downward API.
StatusOr<std::string> PodFieldSelectorRuntimeValue(const boost::json::object& selector,
                                                   const boost::json::object& pod,
                                                   const std::vector<std::string>& pod_ips,
                                                   const std::vector<std::string>& host_ips);

// upstream's sortPodIPs: at most one IP of the node's primary family (IPv4
// when unknown), then at most one of the other family.
std::vector<std::string> SortPodIps(const std::vector<std::string>& pod_ips,
                                    const std::vector<std::string>& host_ips);

}  // namespace kubepp::kubelet::container
