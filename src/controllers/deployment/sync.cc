// Deployment sync steps shared by every strategy: finding or creating the new
// ReplicaSet with its revision, proportional scaling, history clean-up and
// the status.
#include <algorithm>

#include <boost/json/serialize.hpp>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/compute_hash.h"
#include "controllers/common/fields.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/ranking.h"
#include "controllers/deployment/deployment_controller.h"
#include "controllers/deployment/deployment_util.h"

namespace kubepp::controllers::deployment {

using namespace common;  // NOLINT

namespace {

boost::json::object& StatusOf(boost::json::object& d) { return MutableObj(d, "status"); }

std::vector<ObjectPtr> WithNew(std::vector<ObjectPtr> old_rss, const ObjectPtr& new_rs) {
  if (new_rs != nullptr) old_rss.push_back(new_rs);
  return old_rss;
}

}  // namespace

Status DeploymentController::SyncStatusOnly(boost::json::object& d, const std::vector<ObjectPtr>& rss) {
  auto revs = GetAllReplicaSetsAndSyncRevision(d, rss, false);
  if (!revs.ok()) return revs.status();
  return SyncDeploymentStatus(WithNew(revs->old_rss, revs->new_rs), revs->new_rs, d);
}

Status DeploymentController::SyncScale(boost::json::object& d, const std::vector<ObjectPtr>& rss) {
  auto revs = GetAllReplicaSetsAndSyncRevision(d, rss, false);
  if (!revs.ok()) return revs.status();
  KUBEPP_RETURN_IF_ERROR(Scale(d, revs->new_rs, revs->old_rss));
  // A paused Deployment still sheds history beyond revisionHistoryLimit.
  if (BoolAt(d, {"spec", "paused"})) KUBEPP_RETURN_IF_ERROR(CleanupDeployment(revs->old_rss, d));
  return SyncDeploymentStatus(WithNew(revs->old_rss, revs->new_rs), revs->new_rs, d);
}

Status DeploymentController::CheckPausedConditions(boost::json::object& d) {
  if (!HasProgressDeadline(d)) return Status::Ok();
  boost::json::object& status = StatusOf(d);
  const boost::json::object* cond = GetCondition(status, "Progressing");
  // A rollout already reported as stuck stays reported.
  if (cond != nullptr && Str(cond, "reason") == kTimedOutReason) return Status::Ok();
  bool paused_cond = cond != nullptr && Str(cond, "reason") == kPausedDeployReason;
  bool paused = BoolAt(d, {"spec", "paused"});
  if (paused && !paused_cond) {
    SetCondition(status, NewCondition("Progressing", "Unknown", kPausedDeployReason, "Deployment is paused",
                                      ctx_.clock.Now()));
  } else if (!paused && paused_cond) {
    SetCondition(status, NewCondition("Progressing", "Unknown", kResumedDeployReason, "Deployment is resumed",
                                      ctx_.clock.Now()));
  } else {
    return Status::Ok();
  }
  return UpdateDeploymentStatus(d);
}

StatusOr<DeploymentController::Revisions> DeploymentController::GetAllReplicaSetsAndSyncRevision(
    boost::json::object& d, const std::vector<ObjectPtr>& rss, bool create) {
  std::vector<ObjectPtr> old_rss = FindOldReplicaSets(d, rss);
  auto new_rs = GetNewReplicaSet(d, rss, old_rss, create);
  if (!new_rs.ok()) return new_rs.status();
  return Revisions{*new_rs, std::move(old_rss)};
}

Status DeploymentController::PatchRevision(boost::json::object& d) {
  boost::json::object ann;
  ann[kRevisionAnnotation] = StrAt(d, {"metadata", "annotations", kRevisionAnnotation});
  boost::json::object meta;
  meta["annotations"] = std::move(ann);
  boost::json::object patch;
  patch["metadata"] = std::move(meta);
  auto r = ctx_.client.Patch(deployments_, client::NamespaceOf(d), client::NameOf(d), client::PatchType::kMerge,
                             boost::json::serialize(patch));
  if (!r.ok()) return r.status();
  // Keep the status this sync has computed so far; take the written metadata.
  boost::json::object status = StatusOf(d);
  d = **r;
  d["status"] = std::move(status);
  return Status::Ok();
}

StatusOr<ObjectPtr> DeploymentController::GetNewReplicaSet(boost::json::object& d, const std::vector<ObjectPtr>& rss,
                                                           const std::vector<ObjectPtr>& old_rss, bool create) {
  ObjectPtr existing = FindNewReplicaSet(d, rss);
  std::string new_revision = std::to_string(MaxRevision(old_rss) + 1);
  int64_t min_ready = IntAt(d, {"spec", "minReadySeconds"}).value_or(0);

  if (existing != nullptr) {
    boost::json::object rs = *existing;
    bool annotations_updated = SetNewReplicaSetAnnotations(d, rs, new_revision, true);
    if (annotations_updated || IntAt(rs, {"spec", "minReadySeconds"}).value_or(0) != min_ready) {
      MutableObj(rs, "spec")["minReadySeconds"] = min_ready;
      auto updated = ctx_.client.Update(replicasets_, client::NamespaceOf(rs), rs);
      if (!updated.ok()) return updated.status();
      return *updated;
    }
    bool revision_changed =
        SetDeploymentRevision(d, StrAt(rs, {"metadata", "annotations", kRevisionAnnotation}));
    bool status_changed = false;
    if (HasProgressDeadline(d) && GetCondition(StatusOf(d), "Progressing") == nullptr) {
      SetCondition(StatusOf(d), NewCondition("Progressing", "True", kFoundNewRSReason,
                                             "Found new replica set \"" + std::string(client::NameOf(rs)) + "\"",
                                             ctx_.clock.Now()));
      status_changed = true;
    }
    if (revision_changed) KUBEPP_RETURN_IF_ERROR(PatchRevision(d));
    if (status_changed) KUBEPP_RETURN_IF_ERROR(UpdateDeploymentStatus(d));
    return existing;
  }
  if (!create) return ObjectPtr();

  // A new ReplicaSet: "<deployment>-<hash>", the hash also in its labels and selector.
  const boost::json::object* tmpl = ObjAt(d, {"spec", "template"});
  boost::json::object new_template = tmpl ? *tmpl : boost::json::object();
  std::optional<int64_t> collision_count = IntAt(d, {"status", "collisionCount"});
  std::string hash = ComputeHash(new_template, collision_count);
  boost::json::object& tmeta = MutableObj(new_template, "metadata");
  MutableObj(tmeta, "labels")[kPodTemplateHashLabel] = hash;
  boost::json::object selector;
  if (const boost::json::object* sel = ObjAt(d, {"spec", "selector"})) selector = *sel;
  MutableObj(selector, "matchLabels")[kPodTemplateHashLabel] = hash;

  std::string ns(client::NamespaceOf(d));
  boost::json::object rs;
  rs["apiVersion"] = "apps/v1";
  rs["kind"] = "ReplicaSet";
  boost::json::object meta;
  meta["name"] = std::string(client::NameOf(d)) + "-" + hash;
  meta["namespace"] = ns;
  meta["labels"] = tmeta["labels"];
  meta["ownerReferences"] = boost::json::array{NewControllerRef(d, "apps/v1", "Deployment")};
  rs["metadata"] = std::move(meta);
  boost::json::object spec;
  spec["replicas"] = 0;
  spec["minReadySeconds"] = min_ready;
  spec["selector"] = std::move(selector);
  spec["template"] = std::move(new_template);
  rs["spec"] = std::move(spec);

  std::vector<ObjectPtr> all = old_rss;
  ObjectPtr candidate = client::MakeObject(rs);
  all.push_back(candidate);
  auto count = NewRSNewReplicas(d, all, *candidate);
  if (!count.ok()) return count.status();
  rs["spec"].get_object()["replicas"] = *count;
  SetNewReplicaSetAnnotations(d, rs, new_revision, false);

  bool already_exists = false;
  ObjectPtr created;
  auto result = ctx_.client.Create(replicasets_, ns, rs);
  if (result.ok()) {
    created = *result;
  } else if (result.status().IsAlreadyExists()) {
    // A slow cache, or a hash collision with someone else's ReplicaSet.
    already_exists = true;
    auto existing_rs = ctx_.client.Get(replicasets_, ns, StrAt(rs, {"metadata", "name"}));
    if (!existing_rs.ok()) return existing_rs.status();
    const boost::json::object* ref = GetControllerOf(**existing_rs);
    if (ref != nullptr && Str(ref, "uid") == client::UidOf(d) &&
        EqualIgnoreHash(ObjAt(d, {"spec", "template"}), ObjAt(**existing_rs, {"spec", "template"}))) {
      created = *existing_rs;
    } else {
      int64_t before = collision_count.value_or(0);
      StatusOf(d)["collisionCount"] = before + 1;
      if (UpdateDeploymentStatus(d).ok()) {
        VLOG(2) << "found a hash collision for deployment " << client::KeyOf(d) << " - bumping collisionCount ("
                << before << "->" << before + 1 << ") to resolve it";
      }
      return result.status();
    }
  } else {
    std::string msg = "Failed to create new replica set \"" + StrAt(rs, {"metadata", "name"}) +
                      "\": " + result.status().message();
    if (HasProgressDeadline(d)) {
      SetCondition(StatusOf(d), NewCondition("Progressing", "False", kFailedRSCreateReason, msg, ctx_.clock.Now()));
      (void)UpdateDeploymentStatus(d);  // the bigger problem is reported below
    }
    recorder_.Event(d, "Warning", kFailedRSCreateReason, msg);
    return result.status();
  }
  if (!already_exists && *count > 0) {
    recorder_.Event(d, "Normal", "ScalingReplicaSet",
                    "Scaled up replica set " + std::string(client::NameOf(*created)) + " to " + std::to_string(*count));
  }
  bool revision_changed = SetDeploymentRevision(d, new_revision);
  if (revision_changed) KUBEPP_RETURN_IF_ERROR(PatchRevision(d));
  if (!already_exists && HasProgressDeadline(d)) {
    SetCondition(StatusOf(d),
                 NewCondition("Progressing", "True", kNewReplicaSetReason,
                              "Created new replica set \"" + std::string(client::NameOf(*created)) + "\"",
                              ctx_.clock.Now()));
    KUBEPP_RETURN_IF_ERROR(UpdateDeploymentStatus(d));
  }
  return created;
}

Status DeploymentController::Scale(boost::json::object& d, const ObjectPtr& new_rs, std::vector<ObjectPtr> old_rss) {
  int64_t want = Replicas(d);
  if (ObjectPtr only = FindActiveOrLatest(new_rs, old_rss)) {
    if (Replicas(*only) == want) return Status::Ok();
    return ScaleAndRecordEvent(only, want, d).status();
  }
  // The new ReplicaSet has everything: old ones go to zero (adoption while saturated).
  if (IsSaturated(d, new_rs)) {
    for (const ObjectPtr& old : FilterActive(old_rss)) {
      KUBEPP_RETURN_IF_ERROR(ScaleAndRecordEvent(old, 0, d).status());
    }
    return Status::Ok();
  }
  // Mid-rollout with several active ReplicaSets: spread the change over them
  // in proportion to their sizes, so scaling does not speed up or slow down the rollout.
  if (!IsRollingUpdate(d)) return Status::Ok();
  std::vector<ObjectPtr> all = FilterActive(WithNew(old_rss, new_rs));
  int64_t current = SumSpecReplicas(all);
  int64_t allowed = want > 0 ? want + MaxSurge(d) : 0;
  int64_t to_add = allowed - current;
  std::string operation;
  if (to_add > 0) {
    SortReplicaSetsBySizeNewer(all);
    operation = "up";
  } else if (to_add < 0) {
    SortReplicaSetsBySizeOlder(all);
    operation = "down";
  }
  int64_t added = 0;
  std::vector<int64_t> sizes;
  for (const ObjectPtr& rs : all) {
    int64_t size = Replicas(*rs);
    if (to_add != 0) {
      int64_t share = GetProportion(*rs, d, to_add, added);
      size += share;
      added += share;
    }
    sizes.push_back(size);
  }
  for (size_t i = 0; i < all.size(); ++i) {
    // Whatever rounding left over goes to the largest.
    if (i == 0 && to_add != 0) sizes[0] = std::max<int64_t>(0, sizes[0] + to_add - added);
    KUBEPP_RETURN_IF_ERROR(ScaleReplicaSet(all[i], sizes[i], d, operation).status());
  }
  return Status::Ok();
}

StatusOr<std::pair<bool, ObjectPtr>> DeploymentController::ScaleAndRecordEvent(const ObjectPtr& rs,
                                                                               int64_t new_scale,
                                                                               const boost::json::object& d) {
  if (Replicas(*rs) == new_scale) return std::pair<bool, ObjectPtr>{false, rs};
  return ScaleReplicaSet(rs, new_scale, d, Replicas(*rs) < new_scale ? "up" : "down");
}

StatusOr<std::pair<bool, ObjectPtr>> DeploymentController::ScaleReplicaSet(const ObjectPtr& rs, int64_t new_scale,
                                                                           const boost::json::object& d,
                                                                           std::string_view operation) {
  int64_t old_scale = Replicas(*rs);
  bool size_changes = old_scale != new_scale;
  int64_t desired = Replicas(d), max = Replicas(d) + MaxSurge(d);
  if (!size_changes && !ReplicasAnnotationsNeedUpdate(*rs, desired, max)) {
    return std::pair<bool, ObjectPtr>{false, rs};
  }
  boost::json::object copy = *rs;
  MutableObj(copy, "spec")["replicas"] = new_scale;
  SetReplicasAnnotations(copy, desired, max);
  auto updated = ctx_.client.Update(replicasets_, client::NamespaceOf(copy), copy);
  if (!updated.ok()) return updated.status();
  if (size_changes) {
    recorder_.Event(d, "Normal", "ScalingReplicaSet",
                    "Scaled " + std::string(operation) + " replica set " + std::string(client::NameOf(copy)) +
                        " to " + std::to_string(new_scale) + " from " + std::to_string(old_scale));
  }
  return std::pair<bool, ObjectPtr>{size_changes, *updated};
}

Status DeploymentController::CleanupDeployment(const std::vector<ObjectPtr>& old_rss, const boost::json::object& d) {
  if (!HasRevisionHistoryLimit(d)) return Status::Ok();
  std::vector<ObjectPtr> cleanable;
  for (const ObjectPtr& rs : old_rss) {
    if (rs != nullptr && !IsBeingDeleted(*rs)) cleanable.push_back(rs);
  }
  int64_t diff = static_cast<int64_t>(cleanable.size()) - IntAt(d, {"spec", "revisionHistoryLimit"}).value_or(10);
  if (diff <= 0) return Status::Ok();
  // Oldest revisions first (ties by creation time).
  std::stable_sort(cleanable.begin(), cleanable.end(), [](const ObjectPtr& a, const ObjectPtr& b) {
    int64_t ra = Revision(*a).value_or(0), rb = Revision(*b).value_or(0);
    if (ra != rb) return ra < rb;
    auto ta = TimeAt(*a, {"metadata", "creationTimestamp"}), tb = TimeAt(*b, {"metadata", "creationTimestamp"});
    if (ta != tb) return ta < tb;
    return client::NameOf(*a) < client::NameOf(*b);
  });
  VLOG(4) << "looking to clean up old replica sets of deployment " << client::KeyOf(d);
  for (int64_t i = 0; i < diff; ++i) {
    const boost::json::object& rs = *cleanable[i];
    // Only a ReplicaSet with no pods, wanted or running, whose status is current.
    if (StatusInt(rs, "replicas") != 0 || Replicas(rs) != 0 ||
        IntAt(rs, {"metadata", "generation"}).value_or(0) > StatusInt(rs, "observedGeneration") ||
        IsBeingDeleted(rs)) {
      continue;
    }
    VLOG(4) << "deleting old replica set " << client::KeyOf(rs) << " of deployment " << client::KeyOf(d);
    auto r = ctx_.client.Delete(replicasets_, client::NamespaceOf(rs), client::NameOf(rs));
    if (!r.ok() && !r.status().IsNotFound()) return r.status();
  }
  return Status::Ok();
}

boost::json::object DeploymentController::CalculateStatus(const std::vector<ObjectPtr>& all_rss,
                                                          const ObjectPtr& new_rs, const boost::json::object& d) {
  int64_t available = SumStatus(all_rss, "availableReplicas");
  int64_t total = SumSpecReplicas(all_rss);
  int64_t unavailable = std::max<int64_t>(0, total - available);
  boost::json::object status;
  // Zero counts are left out, as upstream's omitempty fields are.
  auto put = [&status](std::string_view key, int64_t v) {
    if (v != 0) status[key] = v;
  };
  put("observedGeneration", IntAt(d, {"metadata", "generation"}).value_or(0));
  put("replicas", SumStatus(all_rss, "replicas"));
  put("updatedReplicas", new_rs ? StatusInt(*new_rs, "replicas") : 0);
  put("readyReplicas", SumStatus(all_rss, "readyReplicas"));
  put("availableReplicas", available);
  put("unavailableReplicas", unavailable);
  if (const boost::json::value* cc = ValueAt(d, {"status", "collisionCount"}); cc && !cc->is_null()) {
    status["collisionCount"] = *cc;
  }
  if (const boost::json::value* conds = ValueAt(d, {"status", "conditions"}); conds && conds->is_array()) {
    status["conditions"] = *conds;
  }
  if (available >= Replicas(d) - MaxUnavailable(d)) {
    SetCondition(status, NewCondition("Available", "True", kMinimumReplicasAvailable,
                                      "Deployment has minimum availability.", ctx_.clock.Now()));
  } else {
    SetCondition(status, NewCondition("Available", "False", kMinimumReplicasUnavailable,
                                      "Deployment does not have minimum availability.", ctx_.clock.Now()));
  }
  return status;
}

Status DeploymentController::SyncDeploymentStatus(const std::vector<ObjectPtr>& all_rss, const ObjectPtr& new_rs,
                                                  boost::json::object& d) {
  boost::json::object status = CalculateStatus(all_rss, new_rs, d);
  if (StatusEqual(StatusOf(d), status)) return Status::Ok();
  d["status"] = std::move(status);
  return UpdateDeploymentStatus(d);
}

StatusOr<bool> DeploymentController::IsScalingEvent(boost::json::object& d, const std::vector<ObjectPtr>& rss) {
  auto revs = GetAllReplicaSetsAndSyncRevision(d, rss, false);
  if (!revs.ok()) return revs.status();
  for (const ObjectPtr& rs : FilterActive(WithNew(revs->old_rss, revs->new_rs))) {
    std::string desired = StrAt(*rs, {"metadata", "annotations", kDesiredReplicasAnnotation});
    if (desired.empty()) continue;
    if (desired != std::to_string(Replicas(d))) return true;
  }
  return false;
}

}  // namespace kubepp::controllers::deployment
