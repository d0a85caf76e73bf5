#include "kubelet/eviction/eviction_manager.h"

#include <algorithm>

#include "base/log.h"
#include "client/time_format.h"
#include "controllers/util/object_fields.h"
#include "kubelet/eviction/admission.h"
#include "kubelet/eviction/eviction_message.h"
#include "kubelet/eviction/local_storage.h"
#include "kubelet/eviction/ranking.h"
#include "kubelet/eviction/signals.h"
#include "kubelet/qos/oom_score.h"

namespace kubepp::kubelet::eviction {
namespace {

namespace json = boost::json;

// The pod's terminationGracePeriodSeconds; the API defaults it to 30.
constexpr int64_t kDefaultTerminationGracePeriodSeconds = 30;

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The first threshold whose signal reclaims a resource.
const Threshold* ReclaimableThreshold(const std::vector<Threshold>& thresholds) {
  for (const auto& t : thresholds) {
    if (!SignalResource(t.signal).empty()) return &t;
    VLOG(3) << "eviction manager: threshold " << t.signal
            << " was crossed, but reclaim is not implemented for it";
  }
  return nullptr;
}

bool IsDiskSignal(std::string_view signal) {
  std::string_view resource = SignalResource(signal);
  return resource == kResourceEphemeralStorage || resource == kResourceInodes;
}

}  // namespace

EvictionManager::EvictionManager(EvictionConfig config, EvictionDeps deps, Clock& clock)
    : config_(std::move(config)), deps_(std::move(deps)), clock_(clock) {}

EvictionManager::~EvictionManager() { Stop(); }

void EvictionManager::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void EvictionManager::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EvictionManager::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    client::ObjectPtr evicted = Synchronize();
    if (evicted) {
      KLOG(INFO) << "eviction manager: pod " << client::KeyOf(*evicted)
                 << " evicted; measuring again after the monitoring interval";
    }
    lock.lock();
    clock_.WaitUntil(lock, cv_, clock_.Now() + config_.monitoring_interval,
                     [this] { return stopping_; });
  }
}

PodAdmitResult EvictionManager::Admit(const json::object& pod) const {
  std::vector<std::string> conditions;
  {
    std::lock_guard lock(mu_);
    conditions = node_conditions_;
  }
  PodAdmitResult result = AdmitUnderPressure(conditions, pod);
  if (!result.admit) {
    KLOG(INFO) << "eviction manager: failed to admit pod " << client::KeyOf(pod)
               << " to node: " << result.message;
  }
  return result;
}

NodePressure EvictionManager::Pressure() const {
  std::lock_guard lock(mu_);
  NodePressure pressure;
  pressure.memory = Contains(node_conditions_, kMemoryPressure);
  pressure.disk = Contains(node_conditions_, kDiskPressure);
  pressure.pid = Contains(node_conditions_, kPidPressure);
  return pressure;
}

client::ObjectPtr EvictionManager::Synchronize() {
  std::lock_guard round(round_mu_);
  if (config_.thresholds.empty() && !config_.local_storage_capacity_isolation) return nullptr;
  if (!dedicated_imagefs_) {
    auto dedicated = deps_.stats->HasDedicatedImageFs();
    if (!dedicated.ok()) {
      KLOG(WARNING)
          << "eviction manager: failed to tell whether images have a filesystem of their own: "
          << dedicated.status().ToString();
      return nullptr;
    }
    dedicated_imagefs_ = *dedicated;
  }
  std::vector<client::ObjectPtr> active = deps_.active_pods();
  auto summary = deps_.stats->Get();
  if (!summary.ok()) {
    KLOG(WARNING) << "eviction manager: failed to get summary stats: "
                  << summary.status().ToString();
    return nullptr;
  }
  Observations observations = MakeSignalObservations(*summary);

  // Met now, or met before and not yet back above threshold + minimum reclaim.
  std::vector<Threshold> met = ThresholdsMet(config_.thresholds, observations, false);
  if (!thresholds_met_.empty())
    met = MergeThresholds(std::move(met), ThresholdsMet(thresholds_met_, observations, true));

  Clock::TimePoint now = clock_.Now();
  ThresholdsObservedAt first_observed =
      ThresholdsFirstObservedAt(met, thresholds_first_observed_at_, now);
  NodeConditionsObservedAt last_observed =
      NodeConditionsLastObservedAt(NodeConditions(met), node_conditions_last_observed_at_, now);
  std::vector<std::string> conditions =
      NodeConditionsObservedSince(last_observed, config_.pressure_transition_period, now);
  std::vector<Threshold> to_act_on = ThresholdsMetGracePeriod(first_observed, now);

  thresholds_first_observed_at_ = std::move(first_observed);
  node_conditions_last_observed_at_ = std::move(last_observed);
  thresholds_met_ = to_act_on;
  to_act_on = ThresholdsUpdatedStats(to_act_on, observations, last_observations_);
  last_observations_ = observations;
  {
    std::lock_guard lock(mu_);
    if (conditions != node_conditions_) {
      std::string list;
      for (const auto& c : conditions) list += (list.empty() ? "" : ",") + c;
      KLOG(INFO) << "eviction manager: node conditions now [" << list << "]";
    }
    node_conditions_ = conditions;
  }

  PodStatsFunc stats = StatsByUid(summary->pods);
  if (config_.local_storage_capacity_isolation) {
    // Pods over their own storage limits go first, and then nothing else this round.
    if (client::ObjectPtr evicted = LocalStorageEviction(active, stats)) return evicted;
  }

  if (to_act_on.empty()) {
    VLOG(3) << "eviction manager: no resources are starved";
    return nullptr;
  }
  SortByEvictionPriority(to_act_on);
  const Threshold* reclaim = ReclaimableThreshold(to_act_on);
  if (!reclaim) return nullptr;
  std::string signal = reclaim->signal;
  std::string resource(SignalResource(signal));
  bool hard = IsHardThreshold(*reclaim);
  KLOG(INFO) << "eviction manager: attempting to reclaim " << resource;
  if (deps_.node_events)
    deps_.node_events("Warning", "EvictionThresholdMet", "Attempting to reclaim " + resource);

  if (ReclaimNodeLevelResources(signal)) {
    KLOG(INFO) << "eviction manager: able to reduce " << resource
               << " pressure without evicting pods";
    return nullptr;
  }
  RankFunc rank = RankFuncFor(signal, *dedicated_imagefs_);
  if (!rank) {
    KLOG(ERROR) << "eviction manager: no ranking function for signal " << signal;
    return nullptr;
  }
  if (active.empty()) {
    KLOG(ERROR)
        << "eviction manager: eviction thresholds have been met, but no pods are active to evict";
    return nullptr;
  }
  rank(active, stats);
  std::string ranked;
  for (const auto& p : active) ranked += (ranked.empty() ? "" : ", ") + client::KeyOf(*p);
  KLOG(INFO) << "eviction manager: pods ranked for eviction: " << ranked;

  for (const auto& pod : active) {
    int64_t grace = hard ? 0 : SoftGracePeriod(*pod);
    std::string message = EvictionMessage(resource, *pod, stats(*pod), to_act_on, observations);
    if (EvictPod(pod, grace, message, /*disruption_condition=*/true)) return pod;
  }
  KLOG(INFO) << "eviction manager: unable to evict any pods from the node";
  return nullptr;
}

client::ObjectPtr EvictionManager::LocalStorageEviction(const std::vector<client::ObjectPtr>& pods,
                                                        const PodStatsFunc& stats) {
  client::ObjectPtr first;
  for (const auto& pod : pods) {
    const PodStats* pod_stats = stats(*pod);
    if (pod_stats == nullptr) continue;
    std::optional<std::string> message =
        LocalStorageLimitExceeded(*pod, *pod_stats, *dedicated_imagefs_);
    // Upstream marks these evictions with no DisruptionTarget condition.
    if (message && EvictPod(pod, 0, *message, /*disruption_condition=*/false) && !first)
      first = pod;
  }
  return first;
}

bool EvictionManager::ReclaimNodeLevelResources(std::string_view signal) {
  if (!deps_.reclaimer || !IsDiskSignal(signal)) return false;
  // With images on a filesystem of their own, nodefs holds neither images nor
  // writable layers: nothing node-level frees it.
  bool nodefs = signal == kSignalNodeFsAvailable || signal == kSignalNodeFsInodesFree;
  if (*dedicated_imagefs_ && nodefs) return false;
  if (Status st = deps_.reclaimer->DeleteAllUnusedContainers(); !st.ok()) {
    KLOG(INFO) << "eviction manager: unexpected error when attempting to reduce disk pressure: "
               << st.ToString();
  }
  if (Status st = deps_.reclaimer->DeleteUnusedImages(); !st.ok()) {
    KLOG(INFO) << "eviction manager: unexpected error when attempting to reduce disk pressure: "
               << st.ToString();
  }
  auto summary = deps_.stats->Get();
  if (!summary.ok()) {
    KLOG(ERROR) << "eviction manager: failed to get summary stats after resource reclaim: "
                << summary.status().ToString();
    return false;
  }
  return ThresholdsMet(config_.thresholds, MakeSignalObservations(*summary), true).empty();
}

int64_t EvictionManager::SoftGracePeriod(const json::object& pod) const {
  int64_t own = controllers::util::IntAt(pod, {"spec", "terminationGracePeriodSeconds"},
                                         kDefaultTerminationGracePeriodSeconds);
  if (config_.max_pod_grace_period_seconds <= 0) return own;
  return std::min(own, config_.max_pod_grace_period_seconds);
}

bool EvictionManager::EvictPod(const client::ObjectPtr& pod, int64_t grace_seconds,
                               const std::string& message, bool disruption_condition) {
  if (qos::IsCriticalPod(*pod)) {
    KLOG(ERROR) << "eviction manager: cannot evict a critical pod " << client::KeyOf(*pod);
    return false;
  }
  if (deps_.recorder) deps_.recorder->Event(*pod, "Warning", kEvictedReason, message);
  PodTermination termination;
  termination.grace_seconds = grace_seconds;
  termination.reason = std::string(kEvictedReason);
  termination.message = message;
  if (disruption_condition) {
    termination.condition = json::object{
      {"type", "DisruptionTarget"},       {"status", "True"},
      {"lastProbeTime", nullptr},         {"lastTransitionTime", client::FormatTime(clock_.Now())},
      {"reason", "TerminationByKubelet"}, {"message", message}};
  }
  KLOG(INFO) << "eviction manager: evicting pod " << client::KeyOf(*pod) << " (grace period "
             << grace_seconds << "s): " << message;
  if (Status st = deps_.kill_pod(*pod, termination); !st.ok()) {
    KLOG(ERROR) << "eviction manager: pod " << client::KeyOf(*pod)
                << " failed to evict: " << st.ToString();
  } else {
    KLOG(INFO) << "eviction manager: pod " << client::KeyOf(*pod) << " is evicted successfully";
  }
  return true;
}

}  // namespace kubepp::kubelet::eviction
