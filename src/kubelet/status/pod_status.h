// The status the kubelet reports for a pod — upstream's
// generateAPIPodStatus: container statuses (state, lastState, ready,
// started, restartCount, image, imageID, containerID) from what the
// runtime holds, waiting reasons from the last sync (ErrImagePull,
// CrashLoopBackOff, CreateContainerConfigError, ...), the phase, the
// conditions in upstream's order, IPs, startTime and qosClass.
//
// Pure functions; safe from any thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "kubelet/container/runtime_status.h"
#include "kubelet/lifecycle/pod_termination.h"

namespace kubepp::kubelet {

// Why a container could not be started in the last sync (upstream's
// reasonCache): reason is the waiting reason, message its detail.
struct StartFailure {
  std::string reason;
  std::string message;
};

struct PodStatusInputs {
  const PodRuntimeStatus* runtime = nullptr;
  // container name -> the last start failure, if the last sync had one.
  std::map<std::string, StartFailure> start_failures;
  // Probe results for a running container (by runtime id).
  std::function<bool(const std::string& container_id)> ready;    // readiness (true without a probe)
  std::function<bool(const std::string& container_id)> started;  // startup (true without a probe)
  // Sets containerStatuses[].started/.ready (and initContainerStatuses')
  // from the probes, in a status holding just those two lists; when set,
  // `ready` and `started` above are not used.
  std::function<void(const boost::json::object& pod, boost::json::object& statuses)> update_readiness;
  std::vector<std::string> host_ips;  // the node's, first is hostIP
  std::string qos_class;
  std::string runtime_name = "containerd";  // containerID is "<runtime_name>://<id>"
  Clock::TimePoint now{};
  // Whether the kubelet is tearing the pod down (deleted, or evicted).
  bool terminating = false;
  // Set when the kubelet ends the pod on its own (eviction): once no
  // container runs, the phase is Failed with the termination's reason,
  // message and condition.
  const PodTermination* termination = nullptr;
};

// The pod's new status, built on `pod`'s current one (kept: startTime,
// the conditions the kubelet does not own — PodScheduled, DisruptionTarget,
// readiness gates' —, transition times of unchanged conditions, a terminal
// phase, and the reason and message while the phase stays the same).
boost::json::object GeneratePodStatus(const boost::json::object& pod, const PodStatusInputs& in);

// The status of a pod refused admission (upstream's rejectPod): phase
// Failed, `reason`, message "Pod was rejected: <message>", its QoS class,
// startTime, and the conditions the kubelet does not own.
boost::json::object RejectedPodStatus(const boost::json::object& pod, std::string_view reason,
                                      std::string_view message, Clock::TimePoint now);

// Upstream's getPhase over container statuses already in API form.
std::string PodPhase(const boost::json::object& pod, const boost::json::array& init_statuses,
                     const boost::json::array& statuses);

bool IsTerminalPhase(std::string_view phase);

}  // namespace kubepp::kubelet
