// The DaemonSet controller (upstream "daemonset"): one pod per eligible node
// (node_fit.h). Pods are created unbound, pinned to their node by a required
// node affinity on metadata.name, with the default daemon tolerations; the
// scheduler binds them. Extra pods on a node (all but the oldest), failed
// pods, and pods on nodes that no longer fit are deleted.
//
// Templates are versioned as ControllerRevisions "<ds>-<hash>" (the hash is
// the pod-template-hash of the template and collisionCount); pods carry
// controller-revision-hash and pod-template-generation labels. Updates:
//   RollingUpdate with maxSurge 0: delete at most maxUnavailable old pods at
//     a time (unavailable old pods first) and let the manage loop recreate them;
//   RollingUpdate with maxSurge > 0: start a new pod beside the old one on at
//     most maxSurge nodes, and delete the old pod once the new one is available;
//   OnDelete: new pods only where old ones were deleted by someone else.
// Revisions beyond revisionHistoryLimit (10) that no pod uses are deleted.
//
// Thread safety: Start/Stop from one thread; Sync runs on the workers and
// never concurrently for one key.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/informer.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/common/expectations.h"
#include "controllers/common/pod_control.h"
#include "controllers/controller.h"
#include "controllers/key_workers.h"

namespace kubepp::controllers::daemon {

// The label with the DaemonSet generation that made a pod (deprecated upstream, still written).
inline constexpr std::string_view kPodTemplateGenerationLabel = "pod-template-generation";

class DaemonSetController : public Controller {
 public:
  // Asks for daemonset, pod, node and controllerrevision informers; call before the factory starts.
  explicit DaemonSetController(ControllerContext& ctx);
  ~DaemonSetController() override;

  // Controller:
  void Start() override;
  void Stop() override;

  // One reconcile of the DaemonSet "ns/name"; public so tests can drive it.
  Status Sync(const std::string& key);
  // Nothing this controller created or deleted is still missing from the cache.
  bool Satisfied(const std::string& key) const { return expectations_.Satisfied(key) && deletions_.Satisfied(key); }

 private:
  class Handlers;
  using NodePods = std::map<std::string, std::vector<client::ObjectPtr>>;

  // Creates pods on `create_on` and deletes `to_delete`.
  Status SyncNodes(const boost::json::object& ds, const std::string& key, const std::vector<std::string>& create_on,
                   const std::vector<client::ObjectPtr>& to_delete, const std::string& hash);
  // The old pods to delete and nodes to surge onto for a RollingUpdate.
  Status RollingUpdate(const boost::json::object& ds, const std::string& key, const NodePods& node_pods,
                       const std::string& hash, int64_t desired);
  Status UpdateStatus(const boost::json::object& ds, const std::vector<client::ObjectPtr>& nodes,
                      const NodePods& node_pods, const std::string& hash);

  // Constant after construction.
  ControllerContext& ctx_;
  client::Resource ds_resource_, pods_resource_, nodes_resource_, revisions_resource_;
  client::Informer& ds_informer_;
  client::Informer& pod_informer_;
  client::Informer& node_informer_;
  client::Informer& revision_informer_;
  client::EventRecorder& recorder_;
  common::RealPodControl pod_control_;
  std::unique_ptr<client::WorkQueue> queue_;
  // One Expectations each: a sync may both create and delete (a rolling update
  // with surge), and one Expectations entry holds only one kind.
  common::Expectations expectations_;  // creations
  common::Expectations deletions_;
  std::unique_ptr<KeyWorkers> workers_;
};

std::unique_ptr<Controller> NewDaemonSetController(ControllerContext& ctx);

}  // namespace kubepp::controllers::daemon
