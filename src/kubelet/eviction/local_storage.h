// Local ephemeral storage isolation (upstream's localStorageEviction, on by
// default as LocalStorageCapacityIsolation): whatever the node's pressure, a
// pod is evicted at once when
//
//   1. an emptyDir volume holds more than its sizeLimit:
//        Usage of EmptyDir volume "cache" exceeds the limit "1Mi".
//   2. the pod uses more ephemeral storage (writable layers, logs, ephemeral
//      volumes, etc-hosts) than its containers' ephemeral-storage limits
//      together (only when one of them sets a limit):
//        Pod ephemeral local storage usage exceeds the total limit of containers 2Mi.
//   3. a container uses more than its own ephemeral-storage limit: its logs,
//      and its writable layer too when that lives on the node's filesystem
//      (no dedicated image filesystem):
//        Container app exceeded its local ephemeral storage limit "1Mi".
//
// checked in that order (each message ends with ". "). Usage above a limit
// means strictly more than it.
//
// Thread safety: pure function.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "kubelet/eviction/summary.h"

namespace kubepp::kubelet::eviction {

// The eviction message of the first limit `pod` exceeds by `stats`; nullopt
// when it keeps to them all.
std::optional<std::string> LocalStorageLimitExceeded(const boost::json::object& pod,
                                                     const PodStats& stats, bool dedicated_imagefs);

}  // namespace kubepp::kubelet::eviction
