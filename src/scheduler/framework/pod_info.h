// PodInfo: everything the scheduler reads from a pod, parsed once when the
// informer delivers the pod, so that no filter or score touches JSON in the
// scheduling loop. Shared immutable (PodInfoPtr) by the queue, the cache and
// every NodeInfo that holds the pod.
//
// Thread safety: immutable after ParsePod.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "client/object.h"
#include "scheduler/framework/resource.h"
#include "scheduler/framework/selectors.h"

namespace kubepp::scheduler::framework {

struct HostPort {
  std::string ip;        // "" means 0.0.0.0 (every address)
  std::string protocol;  // TCP (default), UDP, SCTP
  int32_t port = 0;
  bool operator==(const HostPort&) const = default;
};

struct PodInfo {
  client::ObjectPtr object;  // the pod as the informer delivered it
  std::string ns, name, uid;
  std::string key;  // "ns/name"
  std::string node_name;
  std::string nominated_node_name;
  std::string scheduler_name;  // "default-scheduler" when unset
  std::string phase;
  std::string preemption_policy;  // "PreemptLowerPriority" (default) or "Never"
  int32_t priority = 0;
  bool terminating = false;  // deletionTimestamp set
  Clock::TimePoint creation;
  Clock::TimePoint start_time;  // status.startTime, else creation
  api::Labels labels;

  // Requests as upstream's PodRequests: max(sum of containers, the largest
  // init container step incl. restartable sidecars) + overhead.
  Resource requests;
  // The same with 100m cpu / 200Mi memory for containers that request none;
  // only for scoring.
  int64_t non_zero_milli_cpu = 0;
  int64_t non_zero_memory = 0;
  std::vector<HostPort> host_ports;
  std::vector<std::string> images;  // normalized: "nginx" -> "nginx:latest"

  api::Labels node_selector;
  std::optional<NodeSelector> required_node_affinity;
  std::vector<PreferredSchedulingTerm> preferred_node_affinity;
  std::vector<Toleration> tolerations;

  std::vector<AffinityTerm> required_affinity;
  std::vector<AffinityTerm> required_anti_affinity;
  std::vector<WeightedAffinityTerm> preferred_affinity;
  std::vector<WeightedAffinityTerm> preferred_anti_affinity;
  std::vector<TopologySpreadConstraint> spread_constraints;
  std::vector<std::string> scheduling_gates;
  // Owner kinds that make the system default spread constraints apply
  // (Service, ReplicaSet, ReplicationController, StatefulSet): true when owned by a controller.
  bool has_controller_owner = false;

  bool HasAffinity() const {
    return !required_affinity.empty() || !required_anti_affinity.empty() || !preferred_affinity.empty() ||
           !preferred_anti_affinity.empty();
  }
  bool HasRequiredAntiAffinity() const { return !required_anti_affinity.empty(); }
};

using PodInfoPtr = std::shared_ptr<const PodInfo>;

// The value of a PriorityClass by name, or nullopt when unknown.
using PriorityResolver = std::function<std::optional<int32_t>(std::string_view class_name)>;

// `resolver` (optional) gives pods that name a priorityClassName but carry
// no spec.priority their class's value — what the apiserver's Priority
// admission would have written.
PodInfoPtr ParsePod(client::ObjectPtr pod, const PriorityResolver* resolver = nullptr);
// The same pod assumed on `node` (the scheduler's view until the bind is observed).
PodInfoPtr WithNodeName(const PodInfo& pod, const std::string& node);
// An image reference with ":latest" added when it names no tag or digest.
std::string NormalizeImageName(std::string_view image);
// RFC 3339 ("2026-01-01T00:00:00Z") to a time point; epoch when unparsable.
Clock::TimePoint ParseTime(std::string_view text);

}  // namespace kubepp::scheduler::framework
