// PodTermination: the kubelet ending a pod on its own initiative (eviction),
// rather than because the pod was deleted or finished. The pod's containers
// stop with `grace_seconds`; once none runs, its status turns phase Failed
// with `reason` and `message`, plus `condition` (a pod condition object such
// as DisruptionTarget) when set. The pod stays in the API, Failed, as
// upstream's evicted pods do.
//
// Thread safety: a plain value.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace kubepp::kubelet {

struct PodTermination {
  int64_t grace_seconds = 0;
  std::string reason;   // "Evicted"
  std::string message;  // status.message
  std::optional<boost::json::object> condition;
};

}  // namespace kubepp::kubelet
