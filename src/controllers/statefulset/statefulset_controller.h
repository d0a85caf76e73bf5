// The StatefulSet controller (upstream "statefulset"): pods with stable
// names "<set>-<ordinal>", stable storage (PVCs from volumeClaimTemplates),
// and ordered change.
//
// OrderedReady (the default): pods are created lowest ordinal first, each
// only once all lower ones are Running and Ready (and available after
// minReadySeconds); scale-down deletes the highest ordinal first, one at a
// time, and waits while any pod is unhealthy. Parallel creates and deletes
// without waiting. Failed or succeeded pods are deleted and recreated.
//
// Templates are ControllerRevisions "<set>-<hash>"; status.updateRevision is
// the current template's, status.currentRevision the one the set is rolling
// from. Pods carry controller-revision-hash = their revision's name.
// RollingUpdate replaces pods from the highest ordinal down to `partition`,
// one at a time, each healthy before the next; pods below the partition keep
// (and are recreated from) the current revision. OnDelete replaces only pods
// someone else deleted.
//
// PVCs are created before their pod and never deleted by default
// (persistentVolumeClaimRetentionPolicy Retain/Retain); whenDeleted: Delete
// makes the set their owner, whenScaled: Delete makes the condemned pod
// their owner before it is deleted, so the garbage collector removes them.
//
// Thread safety: Start/Stop from one thread; Sync runs on the workers and
// never concurrently for one key.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers::statefulset {

class StatefulSetController : public Controller {
 public:
  // Asks for statefulset, pod, PVC and controllerrevision informers; call before the factory starts.
  explicit StatefulSetController(ControllerContext& ctx);
  ~StatefulSetController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  // One reconcile of the StatefulSet "ns/name"; public so tests can drive it.
  Status Sync(const std::string& key);

 private:
  class Handlers;
  // The revision pods roll from (current) and to (update); `old` is every other one.
  struct Revisions {
    client::ObjectPtr current, update;
    std::vector<client::ObjectPtr> old;
  };

  Status UpdateSet(const boost::json::object& set, const std::vector<client::ObjectPtr>& pods,
                   const Revisions& revs, boost::json::object& status);
  Status CreatePod(const boost::json::object& set, const boost::json::object& pod_template, int64_t ordinal,
                   const std::string& revision_name);
  Status DeletePod(const boost::json::object& set, const boost::json::object& pod);
  Status EnsureClaims(const boost::json::object& set, int64_t ordinal, std::string_view pod_name);
  Status WriteStatus(const boost::json::object& set, const boost::json::object& status);

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource sets_resource_, pods_resource_, claims_resource_, revisions_resource_;
  client::Informer& set_informer_;
  client::Informer& pod_informer_;
  client::Informer& claim_informer_;
  client::Informer& revision_informer_;
  client::EventRecorder& recorder_;
  std::unique_ptr<client::WorkQueue> queue_;
  std::unique_ptr<KeyWorkers> workers_;
};

std::unique_ptr<Controller> NewStatefulSetController(ControllerContext& ctx);

}  // namespace kubepp::controllers::statefulset
