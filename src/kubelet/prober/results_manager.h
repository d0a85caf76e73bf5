// ResultsManager: the latest probe result per container, one manager per
// probe type (liveness, readiness, startup), as upstream's
// prober/results.Manager. Workers Set results; the kubelet reads them with
// Get and is told of every change through listeners:
//   - liveness Failure: kill the container and restart it per its policy;
//   - startup Failure: the same (the startup probe gave up);
//   - readiness changes: recompute the pod's Ready condition.
// Setting the value a container already has notifies nobody.
//
// Container ids are the full "<runtime>://<id>" strings of containerStatuses.
//
// Thread safety: every method may be called from any thread. Listeners run
// on the thread that made the change, after the change is visible to Get,
// never under the manager's lock; they must not block for long.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kubelet/prober/probe_types.h"

namespace kubepp::kubelet::prober {

struct ProbeResultUpdate {
  std::string container_id;
  ProbeResult result;
  std::string pod_uid;
};

class ResultsManager {
 public:
  using Listener = std::function<void(const ProbeResultUpdate&)>;

  std::optional<ProbeResult> Get(std::string_view container_id) const;
  void Set(std::string_view container_id, ProbeResult result, std::string_view pod_uid);
  void Remove(std::string_view container_id);
  void AddListener(Listener listener);

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, ProbeResult> results_;  // guarded by mu_
  std::vector<Listener> listeners_;                       // guarded by mu_
};

}  // namespace kubepp::kubelet::prober
