// StatefulSetController::UpdateSet: one step of the set towards its spec —
// replace or create missing pods, condemn the ones beyond replicas, roll pods
// to the update revision — stopping wherever OrderedReady must wait. Status
// reflects the pods as this sync found them.
#include <algorithm>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/fields.h"
#include "controllers/common/history.h"
#include "controllers/common/pod_util.h"
#include "controllers/statefulset/stateful_pod.h"
#include "controllers/statefulset/statefulset_controller.h"

namespace kubepp::controllers::statefulset {

using namespace common;  // NOLINT
using client::ObjectPtr;

namespace {

// The pod template a revision restores (its data minus the replace directive).
boost::json::object TemplateOf(const boost::json::object& revision) {
  const boost::json::object* t = ObjAt(revision, {"data", "spec", "template"});
  boost::json::object out = t ? *t : boost::json::object();
  out.erase("$patch");
  return out;
}

std::string RevisionOfPod(const boost::json::object& pod) {
  return StrAt(pod, {"metadata", "labels", kControllerRevisionHashLabel});
}

bool IsCreated(const boost::json::object& pod) { return !PodPhase(pod).empty(); }
bool IsTerminal(const boost::json::object& pod) {
  return PodPhase(pod) == "Failed" || PodPhase(pod) == "Succeeded";
}

}  // namespace

Status StatefulSetController::UpdateSet(const boost::json::object& set, const std::vector<ObjectPtr>& pods,
                                        const Revisions& revs, boost::json::object& status) {
  const std::string_view set_name = client::NameOf(set);
  const int64_t replicas = std::max<int64_t>(0, IntAt(set, {"spec", "replicas"}).value_or(1));
  const int64_t start = StartOrdinal(set);
  const bool monotonic = StrAt(set, {"spec", "podManagementPolicy"}) != "Parallel";
  const std::string strategy = StrAt(set, {"spec", "updateStrategy", "type"});
  const bool on_delete = strategy == "OnDelete";
  const int64_t partition = IntAt(set, {"spec", "updateStrategy", "rollingUpdate", "partition"}).value_or(0);
  const int64_t min_ready = IntAt(set, {"spec", "minReadySeconds"}).value_or(0);
  const Clock::TimePoint now = ctx_.clock.Now();
  const std::string current_name(client::NameOf(*revs.current)), update_name(client::NameOf(*revs.update));
  auto healthy = [&](const ObjectPtr& p) {
    return PodPhase(*p) == "Running" && !IsBeingDeleted(*p) && IsPodAvailable(*p, min_ready, now);
  };

  std::vector<ObjectPtr> slots(static_cast<size_t>(replicas));
  std::vector<std::pair<int64_t, ObjectPtr>> condemned;
  for (const ObjectPtr& p : pods) {
    int64_t ord = *OrdinalOf(set_name, client::NameOf(*p));
    if (ord >= start && ord < start + replicas) {
      slots[static_cast<size_t>(ord - start)] = p;
    } else {
      condemned.emplace_back(ord, p);
    }
  }
  std::sort(condemned.begin(), condemned.end(), [](const auto& a, const auto& b) { return a.first > b.first; });

  // Status from the pods as found.
  int64_t n = 0, ready = 0, available = 0, current = 0, updated = 0;
  for (const ObjectPtr& p : pods) {
    if (!IsCreated(*p)) continue;
    ++n;
    if (PodPhase(*p) == "Running" && IsPodReady(*p)) {
      ++ready;
      if (IsPodAvailable(*p, min_ready, now)) ++available;
    }
    if (IsBeingDeleted(*p)) continue;
    if (RevisionOfPod(*p) == current_name) ++current;
    if (RevisionOfPod(*p) == update_name) ++updated;
  }
  status["observedGeneration"] = IntAt(set, {"metadata", "generation"}).value_or(0);
  status["replicas"] = n;
  status["readyReplicas"] = ready;
  status["availableReplicas"] = available;
  status["currentReplicas"] = current;
  status["updatedReplicas"] = updated;
  status["currentRevision"] = current_name;
  status["updateRevision"] = update_name;
  if (!on_delete && updated == n && ready == n && n == replicas) {
    // The rollout is complete: the update revision becomes current.
    status["currentReplicas"] = updated;
    status["currentRevision"] = update_name;
  }
  if (ready > available) queue_->AddAfter(client::KeyOf(set), std::chrono::seconds(min_ready));

  const boost::json::object current_template = TemplateOf(*revs.current);
  const boost::json::object update_template = TemplateOf(*revs.update);
  Status first;
  auto note = [&](Status st) {
    if (!st.ok() && first.ok()) first = st;
    return st.ok();
  };

  // 1. Every ordinal in range: recreate finished pods, create missing ones, wait on unhealthy ones.
  for (int64_t i = 0; i < replicas; ++i) {
    const int64_t ord = start + i;
    ObjectPtr& pod = slots[static_cast<size_t>(i)];
    if (pod && IsTerminal(*pod) && !IsBeingDeleted(*pod)) {
      VLOG(2) << "statefulset " << client::KeyOf(set) << " recreates finished pod " << client::NameOf(*pod);
      note(DeletePod(set, *pod));
      if (monotonic) return first;
      continue;
    }
    if (!pod) {
      bool old_revision = !on_delete && ord < partition;
      note(CreatePod(set, old_revision ? current_template : update_template, ord,
                     old_revision ? current_name : update_name));
      if (monotonic) return first;
      continue;
    }
    if (monotonic && !healthy(pod)) return first;  // OrderedReady: one healthy pod at a time
    note(EnsureClaims(set, ord, client::NameOf(*pod)));
  }

  // 2. Scale down, highest ordinal first.
  ObjectPtr first_unhealthy;
  for (const auto& [ord, p] : condemned) {
    if (!healthy(p)) first_unhealthy = p;  // the lowest unhealthy ordinal ends up here
  }
  const bool delete_claims = StrAt(set, {"spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"}) == "Delete";
  for (const auto& [ord, p] : condemned) {
    if (IsBeingDeleted(*p)) {
      if (monotonic) return first;
      continue;
    }
    if (monotonic && first_unhealthy && first_unhealthy != p) return first;
    if (delete_claims) {
      // The pod becomes the claims' owner: the garbage collector removes them after it.
      for (const boost::json::object& claim : ClaimsFor(set, ord)) {
        std::string patch = R"({"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":")" +
                            std::string(client::NameOf(*p)) + R"(","uid":")" + std::string(client::UidOf(*p)) +
                            R"("}]}})";
        auto r = ctx_.client.Patch(claims_resource_, client::NamespaceOf(set), client::NameOf(claim),
                                   client::PatchType::kMerge, patch);
        if (!r.ok() && !r.status().IsNotFound()) note(r.status());
      }
    }
    note(DeletePod(set, *p));
    if (monotonic) return first;
  }
  if (!first.ok() || on_delete) return first;

  // 3. RollingUpdate: highest ordinal first, down to the partition, one pod at a time.
  for (int64_t i = replicas - 1; i >= 0 && start + i >= partition; --i) {
    const ObjectPtr& pod = slots[static_cast<size_t>(i)];
    if (!pod) continue;
    if (RevisionOfPod(*pod) != update_name && !IsBeingDeleted(*pod)) {
      VLOG(2) << "statefulset " << client::KeyOf(set) << " replaces pod " << client::NameOf(*pod) << " for update";
      return DeletePod(set, *pod);
    }
    if (!healthy(pod)) return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace kubepp::controllers::statefulset
