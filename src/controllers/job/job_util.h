// Job vocabulary shared by the Job, CronJob and TTL-after-finished
// controllers: the tracking finalizer and completion-index keys, the
// conditions that mark a Job finished, the compressed index-set text of
// status.completedIndexes ("1,3-5,7"), and the pod failure back-off.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "base/clock.h"

namespace kubepp::controllers::job {

// On every pod the Job controller creates until it has counted the pod's
// outcome in the Job's status: a finished pod cannot vanish uncounted.
inline constexpr std::string_view kJobTrackingFinalizer = "batch.kubernetes.io/job-tracking";
// Annotation and label carrying an Indexed Job pod's index.
inline constexpr std::string_view kCompletionIndexKey = "batch.kubernetes.io/job-completion-index";

// Pod failure back-off: 10 s doubling per failure since the last success, capped at 10 minutes.
inline constexpr std::chrono::seconds kPodFailureBackoff{10};
inline constexpr std::chrono::minutes kMaxPodFailureBackoff{10};
// The most pods one sync creates or deletes.
inline constexpr int kMaxPodCreateDeletePerSync = 500;

// The status.conditions entry of `type`, or nullptr.
const boost::json::object* FindCondition(const boost::json::object& job, std::string_view type);
bool ConditionTrue(const boost::json::object& job, std::string_view type);
// Sets (or adds) a condition in a status object; lastTransitionTime changes only when the
// condition's status does. Returns whether anything changed.
bool SetCondition(boost::json::object& status, std::string_view type, std::string_view cond_status,
                  std::string_view reason, std::string_view message, Clock::TimePoint now);
// The Job has a Complete or Failed condition that is True.
bool IsJobFinished(const boost::json::object& job);
// When the Job finished: the lastTransitionTime of its terminal condition.
std::optional<Clock::TimePoint> JobFinishTime(const boost::json::object& job);

// "1,3-5" -> {1,3,4,5}; malformed parts are skipped.
std::set<int64_t> ParseIndexes(std::string_view text);
std::string FormatIndexes(const std::set<int64_t>& indexes);
// The completion index of a pod (annotation first, then label); nullopt when absent or malformed.
std::optional<int64_t> PodCompletionIndex(const boost::json::object& pod);

// The pod still carries kJobTrackingFinalizer.
bool HasTrackingFinalizer(const boost::json::object& pod);
bool PodSucceeded(const boost::json::object& pod);
// Failed, or deleted before it succeeded: an orphan may never reach a phase.
bool PodFailed(const boost::json::object& pod);
// When a pod finished, from the best evidence at hand: its containers' latest
// terminated.finishedAt once all terminated, its Ready=False transition, the
// start of its deletion, its creation; `fallback` when it has none of these.
Clock::TimePoint PodFinishTime(const boost::json::object& pod, Clock::TimePoint fallback);

// How long to wait before creating a pod after `failures` consecutive failures.
Clock::Duration PodFailureBackoff(int64_t failures);

}  // namespace kubepp::controllers::job
