// DaemonSetController::Sync: revisions, then the pods each node should run,
// then the rolling update, then status.
#include <algorithm>
#include <set>

#include "base/log.h"
#include "client/object.h"
#include "controllers/common/compute_hash.h"
#include "controllers/common/fields.h"
#include "controllers/common/history.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_util.h"
#include "controllers/common/slow_start.h"
#include "controllers/daemon/daemon_controller.h"
#include "controllers/daemon/node_fit.h"

namespace kubepp::controllers::daemon {

using namespace common;  // NOLINT
using client::ObjectPtr;

namespace {

// Oldest first; among equals, Running before others, then by name.
void SortOldestFirst(std::vector<ObjectPtr>& pods) {
  std::stable_sort(pods.begin(), pods.end(), [](const ObjectPtr& a, const ObjectPtr& b) {
    std::string ca = StrAt(*a, {"metadata", "creationTimestamp"}), cb = StrAt(*b, {"metadata", "creationTimestamp"});
    if (ca != cb) return ca < cb;
    bool ra = PodPhase(*a) == "Running", rb = PodPhase(*b) == "Running";
    if (ra != rb) return ra;
    return client::NameOf(*a) < client::NameOf(*b);
  });
}

bool IsUpdated(const boost::json::object& pod, const std::string& hash) {
  return StrAt(pod, {"metadata", "labels", kControllerRevisionHashLabel}) == hash;
}

bool RollingUpdateStrategy(const boost::json::object& ds) {
  std::string type = StrAt(ds, {"spec", "updateStrategy", "type"});
  return type.empty() || type == "RollingUpdate";
}

}  // namespace

Status DaemonSetController::Sync(const std::string& key) {
  // Plain variables, not a structured binding: lambdas below capture them (clang 14 cannot).
  const auto split = client::SplitKey(key);
  const std::string_view ns = split.first, name = split.second;
  ObjectPtr ds_ptr = ds_informer_.Get(ns, name);
  if (ds_ptr == nullptr) {
    expectations_.Delete(key);
    deletions_.Delete(key);
    return Status::Ok();
  }
  const boost::json::object& ds = *ds_ptr;
  const boost::json::object* sel = ObjAt(ds, {"spec", "selector"});
  auto selector = sel ? api::LabelSelector::FromObject(*sel) : StatusOr<api::LabelSelector>(Status::Invalid(""));
  if (!selector.ok() || selector->Empty()) {
    // An empty selector would select every pod in the namespace: upstream refuses it too.
    recorder_.Event(ds, "Warning", "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.");
    return Status::Ok();
  }
  if (IsBeingDeleted(ds)) return Status::Ok();

  // Revisions: the current template's hash names new pods.
  HistoryConfig history{"apps/v1", "DaemonSet", ds_resource_,
                        [&](const boost::json::object&, std::optional<int64_t> collisions) {
                          const boost::json::value* tmpl = ValueAt(ds, {"spec", "template"});
                          std::string hash = ComputeHash(tmpl ? *tmpl : boost::json::value(), collisions);
                          return std::make_pair(hash, std::string(name) + "-" + hash);
                        },
                        [&](const std::string& hash, const std::string&) {
                          const boost::json::object* l = ObjAt(ds, {"spec", "template", "metadata", "labels"});
                          boost::json::object labels = l ? *l : boost::json::object();
                          labels[kControllerRevisionHashLabel] = hash;
                          return labels;
                        }};
  auto revisions = SyncHistory(ctx_.client, revision_informer_, ds, *selector, history);
  if (!revisions.ok()) return revisions.status();
  const std::string hash = revisions->hash;

  // The pods this DaemonSet owns, by the node they are for.
  ControllerRefManager refs(ctx_.client, pods_resource_, ds, "apps/v1", "DaemonSet", *selector,
                            RecheckDeletionTimestamp(ctx_.client, ds_resource_, ds));
  auto claimed = refs.Claim(pod_informer_.ListNamespace(ns));
  if (!claimed.ok()) return claimed.status();
  NodePods node_pods;
  for (const ObjectPtr& p : *claimed) {
    if (IsBeingDeleted(*p)) continue;
    node_pods[TargetNodeName(*p)].push_back(p);
  }
  std::vector<ObjectPtr> nodes = node_informer_.List();
  std::sort(nodes.begin(), nodes.end(),
            [](const ObjectPtr& a, const ObjectPtr& b) { return client::NameOf(*a) < client::NameOf(*b); });

  Status manage_error;
  if (Satisfied(key)) {
    // Per node: create, keep one, or delete.
    std::vector<std::string> create_on;
    std::vector<ObjectPtr> to_delete;
    const bool surge = RollingUpdateStrategy(ds) && [&] {
      auto s = ScaledValueFromIntOrPercent(ValueAt(ds, {"spec", "updateStrategy", "rollingUpdate", "maxSurge"}), 1, true);
      return s.ok() && *s > 0;
    }();
    std::set<std::string> node_names;
    for (const ObjectPtr& node : nodes) {
      std::string node_name(client::NameOf(*node));
      node_names.insert(node_name);
      NodeFit fit = NodeShouldRunDaemonPod(*node, ds);
      auto it = node_pods.find(node_name);
      std::vector<ObjectPtr> pods = it == node_pods.end() ? std::vector<ObjectPtr>() : it->second;
      if (fit.should_run && pods.empty()) {
        create_on.push_back(node_name);
        continue;
      }
      if (!fit.should_continue) {
        to_delete.insert(to_delete.end(), pods.begin(), pods.end());
        continue;
      }
      std::vector<ObjectPtr> running;
      for (const ObjectPtr& p : pods) {
        if (PodPhase(*p) == "Failed") {
          recorder_.Event(ds, "Warning", "FailedDaemonPod",
                          "Found failed daemon pod " + client::KeyOf(*p) + " on node " + node_name +
                              ", will try to kill it");
          to_delete.push_back(p);
        } else {
          running.push_back(p);
        }
      }
      if (running.size() <= 1) continue;
      SortOldestFirst(running);
      if (!surge) {
        to_delete.insert(to_delete.end(), running.begin() + 1, running.end());
        continue;
      }
      // Surging: the oldest updated pod and the oldest old pod may coexist.
      bool have_new = false, have_old = false;
      for (const ObjectPtr& p : running) {
        bool& have = IsUpdated(*p, hash) ? have_new : have_old;
        if (!have) {
          have = true;
        } else {
          to_delete.push_back(p);
        }
      }
    }
    // Pods for nodes that no longer exist.
    for (const auto& [node_name, pods] : node_pods) {
      if (!node_names.count(node_name)) to_delete.insert(to_delete.end(), pods.begin(), pods.end());
    }
    manage_error = SyncNodes(ds, key, create_on, to_delete, hash);
    // The rolling update judges availability from this sync's view of the pods: only
    // when the manage step changed nothing is that view still true.
    if (manage_error.ok() && RollingUpdateStrategy(ds) && create_on.empty() && to_delete.empty()) {
      int64_t desired = 0;
      NodePods desired_pods;
      for (const ObjectPtr& node : nodes) {
        if (!NodeShouldRunDaemonPod(*node, ds).should_run) continue;
        ++desired;
        std::string node_name(client::NameOf(*node));
        auto it = node_pods.find(node_name);
        desired_pods[node_name] = it == node_pods.end() ? std::vector<ObjectPtr>() : it->second;
      }
      manage_error = RollingUpdate(ds, key, desired_pods, hash, desired);
    }
    if (manage_error.ok()) {
      std::set<std::string> live_hashes;
      for (const ObjectPtr& p : *claimed) live_hashes.insert(StrAt(*p, {"metadata", "labels", kControllerRevisionHashLabel}));
      manage_error = TruncateHistory(ctx_.client, revisions->old, IntAt(ds, {"spec", "revisionHistoryLimit"}).value_or(10),
                                     [&](const boost::json::object& r) {
                                       return live_hashes.count(StrAt(r, {"metadata", "labels", kControllerRevisionHashLabel})) > 0;
                                     });
    }
  }
  Status st = UpdateStatus(ds, nodes, node_pods, hash);
  if (!manage_error.ok()) return manage_error;
  return st;
}

Status DaemonSetController::SyncNodes(const boost::json::object& ds, const std::string& key,
                                      const std::vector<std::string>& create_on,
                                      const std::vector<ObjectPtr>& to_delete, const std::string& hash) {
  std::string ns(client::NamespaceOf(ds));
  std::vector<std::string> create = create_on;
  std::vector<ObjectPtr> del = to_delete;
  if (create.size() > 500) create.resize(500);  // upstream's burstReplicas
  if (del.size() > 500) del.resize(500);
  std::vector<std::string> del_keys;
  for (const ObjectPtr& p : del) del_keys.push_back(client::KeyOf(*p));
  if (!create.empty()) expectations_.ExpectCreations(key, static_cast<int>(create.size()));
  if (!del.empty()) deletions_.ExpectDeletions(key, del_keys);
  Status first;
  // The template every new pod starts from.
  const boost::json::object* tmpl = ObjAt(ds, {"spec", "template"});
  boost::json::object base = tmpl ? *tmpl : boost::json::object();
  boost::json::object& labels = MutableObj(MutableObj(base, "metadata"), "labels");
  labels[kControllerRevisionHashLabel] = hash;
  labels[kPodTemplateGenerationLabel] = std::to_string(IntAt(ds, {"metadata", "generation"}).value_or(1));
  AddDaemonTolerations(MutableObj(base, "spec"));
  boost::json::object ref = NewControllerRef(ds, "apps/v1", "DaemonSet");

  std::mutex mu;
  size_t next = 0;
  auto [created, error] = SlowStartBatch(static_cast<int>(create.size()), 1, [&]() -> Status {
    std::string node;
    {
      std::lock_guard lock(mu);
      node = create[next++];
    }
    boost::json::object pod_template = base;
    PinToNode(MutableObj(pod_template, "spec"), node);
    return pod_control_.CreatePod(ns, pod_template, ds, ref);
  });
  for (size_t i = created; i < create.size(); ++i) expectations_.CreationObserved(key);
  if (!error.ok()) first = error;
  for (const ObjectPtr& p : del) {
    Status st = pod_control_.DeletePod(ns, client::NameOf(*p), ds);
    if (!st.ok()) {
      deletions_.DeletionObserved(key, client::KeyOf(*p));
      if (!st.IsNotFound() && first.ok()) first = st;
    }
  }
  return first;
}

Status DaemonSetController::RollingUpdate(const boost::json::object& ds, const std::string& key,
                                          const NodePods& node_pods, const std::string& hash, int64_t desired) {
  const boost::json::object* ru = ObjAt(ds, {"spec", "updateStrategy", "rollingUpdate"});
  static const boost::json::value kOne(1), kZero(0);
  const boost::json::value* max_surge_v = Field(ru, "maxSurge");
  const boost::json::value* max_unavail_v = Field(ru, "maxUnavailable");
  auto max_surge = ScaledValueFromIntOrPercent(max_surge_v ? max_surge_v : &kZero, desired, true);
  auto max_unavailable = ScaledValueFromIntOrPercent(max_unavail_v ? max_unavail_v : &kOne, desired, true);
  if (!max_surge.ok()) return max_surge.status();
  if (!max_unavailable.ok()) return max_unavailable.status();
  if (*max_surge == 0 && *max_unavailable == 0) *max_unavailable = 1;
  const int64_t min_ready = IntAt(ds, {"spec", "minReadySeconds"}).value_or(0);
  const Clock::TimePoint now = ctx_.clock.Now();
  auto available = [&](const ObjectPtr& p) { return p && IsPodAvailable(*p, min_ready, now); };

  std::vector<ObjectPtr> old_to_delete;
  std::vector<std::string> create_on;
  if (*max_surge == 0) {
    int64_t unavailable = 0;
    std::vector<ObjectPtr> replace, candidates;
    for (const auto& [node, pods] : node_pods) {
      ObjectPtr new_pod, old_pod;
      bool ok = true;
      for (const ObjectPtr& p : pods) {
        ObjectPtr& slot = IsUpdated(*p, hash) ? new_pod : old_pod;
        if (slot) ok = false;
        slot = p;
      }
      if (!ok || (!new_pod && !old_pod) || (new_pod && old_pod)) {
        ++unavailable;  // the manage loop settles this node first
      } else if (new_pod) {
        if (!available(new_pod)) ++unavailable;
      } else if (!available(old_pod)) {
        replace.push_back(old_pod);
      } else if (unavailable < *max_unavailable) {
        candidates.push_back(old_pod);
      }
    }
    int64_t room = std::clamp<int64_t>(*max_unavailable - unavailable, 0, static_cast<int64_t>(candidates.size()));
    old_to_delete = replace;
    old_to_delete.insert(old_to_delete.end(), candidates.begin(), candidates.begin() + room);
  } else {
    int64_t surging = 0;
    std::vector<std::string> allowed, candidates;
    for (const auto& [node, pods] : node_pods) {
      ObjectPtr new_pod, old_pod;
      bool ok = true;
      for (const ObjectPtr& p : pods) {
        ObjectPtr& slot = IsUpdated(*p, hash) ? new_pod : old_pod;
        if (slot) ok = false;
        slot = p;
      }
      if (!ok) {
        ++surging;
        continue;
      }
      if (!old_pod) continue;
      if (!new_pod) {
        if (!available(old_pod)) {
          allowed.push_back(node);
        } else if (surging < *max_surge) {
          candidates.push_back(node);
        }
      } else if (!available(new_pod)) {
        ++surging;  // waiting for the new pod
      } else {
        old_to_delete.push_back(old_pod);
      }
    }
    int64_t room = std::clamp<int64_t>(*max_surge - surging, 0, static_cast<int64_t>(candidates.size()));
    create_on = allowed;
    create_on.insert(create_on.end(), candidates.begin(), candidates.begin() + room);
  }
  if (old_to_delete.empty() && create_on.empty()) return Status::Ok();
  VLOG(4) << "daemonset " << key << " rolling update: deleting " << old_to_delete.size() << ", surging onto "
          << create_on.size();
  return SyncNodes(ds, key, create_on, old_to_delete, hash);
}

Status DaemonSetController::UpdateStatus(const boost::json::object& ds, const std::vector<ObjectPtr>& nodes,
                                         const NodePods& node_pods, const std::string& hash) {
  int64_t desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
  const int64_t min_ready = IntAt(ds, {"spec", "minReadySeconds"}).value_or(0);
  const Clock::TimePoint now = ctx_.clock.Now();
  bool waiting_for_available = false;
  for (const ObjectPtr& node : nodes) {
    NodeFit fit = NodeShouldRunDaemonPod(*node, ds);
    auto it = node_pods.find(std::string(client::NameOf(*node)));
    bool scheduled = it != node_pods.end() && !it->second.empty();
    if (!fit.should_run) {
      if (scheduled) ++misscheduled;
      continue;
    }
    ++desired;
    if (!scheduled) continue;
    ++current;
    std::vector<ObjectPtr> pods = it->second;
    SortOldestFirst(pods);
    const ObjectPtr& pod = pods.front();
    if (IsPodReady(*pod)) {
      ++ready;
      if (IsPodAvailable(*pod, min_ready, now)) {
        ++available;
      } else {
        waiting_for_available = true;
      }
    }
    if (IsUpdated(*pod, hash)) ++updated;
  }
  boost::json::object status = ObjAt(ds, {"status"}) ? *ObjAt(ds, {"status"}) : boost::json::object();
  status["currentNumberScheduled"] = current;
  status["numberMisscheduled"] = misscheduled;
  status["desiredNumberScheduled"] = desired;
  status["numberReady"] = ready;
  status["updatedNumberScheduled"] = updated;
  status["numberAvailable"] = available;
  status["numberUnavailable"] = desired - available;
  status["observedGeneration"] = IntAt(ds, {"metadata", "generation"}).value_or(0);
  if (waiting_for_available && min_ready > 0) {
    queue_->AddAfter(client::KeyOf(ds), std::chrono::seconds(min_ready));
  }
  const boost::json::object* old = ObjAt(ds, {"status"});
  if (old != nullptr && *old == status) return Status::Ok();
  boost::json::object copy = ds;
  copy["status"] = status;
  auto r = ctx_.client.Update(ds_resource_, client::NamespaceOf(ds), copy, "status");
  if (r.ok() || !r.status().IsConflict()) return r.status();
  auto fresh = ctx_.client.Get(ds_resource_, client::NamespaceOf(ds), client::NameOf(ds));
  if (!fresh.ok()) return r.status();
  copy = **fresh;
  copy["status"] = status;
  return ctx_.client.Update(ds_resource_, client::NamespaceOf(ds), copy, "status").status();
}

}  // namespace kubepp::controllers::daemon
