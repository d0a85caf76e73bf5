// The rules of a Deployment rollout that do not touch the API (upstream's
// deployment/util): surge and unavailability budgets, revision and replica
// annotations on ReplicaSets, which ReplicaSet is "new", proportional
// scaling shares, and the status conditions with their reasons.
//
// ReplicaSets are passed as client::ObjectPtr (cache objects: never
// modified); functions that change an object take a boost::json::object&
// copy. Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "client/object.h"

namespace kubepp::controllers::deployment {

using client::ObjectPtr;

inline constexpr std::string_view kRevisionAnnotation = "deployment.kubernetes.io/revision";
inline constexpr std::string_view kRevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
inline constexpr std::string_view kDesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
inline constexpr std::string_view kMaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
inline constexpr std::string_view kPodTemplateHashLabel = "pod-template-hash";
inline constexpr size_t kMaxRevHistoryLengthInChars = 2000;

// Progressing reasons.
inline constexpr std::string_view kReplicaSetUpdatedReason = "ReplicaSetUpdated";
inline constexpr std::string_view kFailedRSCreateReason = "ReplicaSetCreateError";
inline constexpr std::string_view kNewReplicaSetReason = "NewReplicaSetCreated";
inline constexpr std::string_view kFoundNewRSReason = "FoundNewReplicaSet";
inline constexpr std::string_view kNewRSAvailableReason = "NewReplicaSetAvailable";
inline constexpr std::string_view kTimedOutReason = "ProgressDeadlineExceeded";
inline constexpr std::string_view kPausedDeployReason = "DeploymentPaused";
inline constexpr std::string_view kResumedDeployReason = "DeploymentResumed";
// Available reasons.
inline constexpr std::string_view kMinimumReplicasAvailable = "MinimumReplicasAvailable";
inline constexpr std::string_view kMinimumReplicasUnavailable = "MinimumReplicasUnavailable";

// spec.replicas (the apiserver defaults it to 1).
int64_t Replicas(const boost::json::object& obj);
int64_t StatusInt(const boost::json::object& obj, std::string_view field);

bool IsRollingUpdate(const boost::json::object& d);
// {maxSurge, maxUnavailable} of the rolling update: surge rounded up,
// unavailable rounded down, and never both zero (then unavailable is 1).
StatusOr<std::pair<int64_t, int64_t>> ResolveFenceposts(const boost::json::object& d);
// 0 for Recreate; errors read as 0, as upstream.
int64_t MaxSurge(const boost::json::object& d);
// 0 for Recreate or zero replicas; at most spec.replicas.
int64_t MaxUnavailable(const boost::json::object& d);

// The deployment.kubernetes.io/revision of an object; 0 when absent, nullopt when malformed.
std::optional<int64_t> Revision(const boost::json::object& obj);
int64_t MaxRevision(const std::vector<ObjectPtr>& rss);

// Copies the Deployment's annotations (but not its own bookkeeping ones and
// not kubectl's last-applied-configuration) to `rs`, raises its revision to
// `new_revision` when lower (moving the old one into revision-history), and,
// for a ReplicaSet about to be created, sets desired/max replicas. True when
// anything changed.
bool SetNewReplicaSetAnnotations(const boost::json::object& d, boost::json::object& rs,
                                 std::string_view new_revision, bool exists);
bool ReplicasAnnotationsNeedUpdate(const boost::json::object& rs, int64_t desired, int64_t max);
bool SetReplicasAnnotations(boost::json::object& rs, int64_t desired, int64_t max);
// Sets the Deployment's revision annotation; true when it changed.
bool SetDeploymentRevision(boost::json::object& d, std::string_view revision);

// Pod templates equal apart from the pod-template-hash label.
bool EqualIgnoreHash(const boost::json::object* a, const boost::json::object* b);
// The oldest ReplicaSet whose template equals the Deployment's, or nullptr.
ObjectPtr FindNewReplicaSet(const boost::json::object& d, const std::vector<ObjectPtr>& rss);
// Every ReplicaSet but the new one.
std::vector<ObjectPtr> FindOldReplicaSets(const boost::json::object& d, const std::vector<ObjectPtr>& rss);
std::vector<ObjectPtr> FilterActive(const std::vector<ObjectPtr>& rss);  // spec.replicas > 0
// The one active ReplicaSet, or the newest when none is active; nullptr when several are.
ObjectPtr FindActiveOrLatest(const ObjectPtr& new_rs, std::vector<ObjectPtr> old_rss);

int64_t SumSpecReplicas(const std::vector<ObjectPtr>& rss);
int64_t SumStatus(const std::vector<ObjectPtr>& rss, std::string_view field);

// How many replicas the new ReplicaSet should have now.
StatusOr<int64_t> NewRSNewReplicas(const boost::json::object& d, const std::vector<ObjectPtr>& all_rss,
                                   const boost::json::object& new_rs);
// The new ReplicaSet runs every replica and all of them are available.
bool IsSaturated(const boost::json::object& d, const ObjectPtr& rs);
// The share of `to_add` this ReplicaSet gets when scaling proportionally.
int64_t GetProportion(const boost::json::object& rs, const boost::json::object& d, int64_t to_add, int64_t added);

// Conditions in deployment status.
const boost::json::object* GetCondition(const boost::json::object& status, std::string_view type);
boost::json::object NewCondition(std::string_view type, std::string_view status, std::string_view reason,
                                 std::string_view message, Clock::TimePoint now);
// Replaces the condition of that type, unless one with the same status and
// reason is there; keeps lastTransitionTime when the status did not change.
void SetCondition(boost::json::object& status, boost::json::object condition);
void RemoveCondition(boost::json::object& status, std::string_view type);

// Two Deployment statuses say the same (absent counts read as 0).
bool StatusEqual(const boost::json::object& a, const boost::json::object& b);

bool HasProgressDeadline(const boost::json::object& d);
bool HasRevisionHistoryLimit(const boost::json::object& d);
// Every replica updated and available, and the status reflects the latest spec.
bool DeploymentComplete(const boost::json::object& d, const boost::json::object& status);
// The new status shows progress over the Deployment's current status.
bool DeploymentProgressing(const boost::json::object& d, const boost::json::object& status);
bool DeploymentTimedOut(const boost::json::object& d, const boost::json::object& status, Clock::TimePoint now);

}  // namespace kubepp::controllers::deployment
