// Scheduler: kube-scheduler's loop. Pending pods from the pod informer wait
// in the SchedulingQueue; one at a time they go through a profile's
// PreFilter/Filter over a snapshot of the cache (stopping after
// numFeasibleNodesToFind feasible nodes, starting where the last cycle
// stopped), PostFilter (preemption) when none fits, PreScore/Score, then are
// assumed on the best node so the next cycle counts them (Reserve, Permit),
// and bound on a binder thread while the next cycle runs. A pod a Permit
// plugin holds keeps its place in the cache while its binding cycle waits,
// on a thread of its own, for the verdict (framework/waiting_pods.h);
// deleting or preempting it rejects it, Stop() rejects every one.
//
// Outcomes as upstream: Event "Scheduled" ("Successfully assigned ns/p to
// node-1"); on failure Event "FailedScheduling" with the FitError message
// and a PodScheduled=False condition (reason Unschedulable) patched into the
// pod's status, plus status.nominatedNodeName after preemption. At -v=10
// every node's filter verdict and per-plugin scores are logged.
//
// Lifecycle: construct before the informer factory starts (it adds handlers
// to the pods, nodes, namespaces, poddisruptionbudgets and priorityclasses
// informers), Start() after, Stop() before the factory stops.
// Thread safety: Start/Stop from one thread; the rest runs on its own threads.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/task_threads.h"
#include "client/api_client.h"
#include "client/event_recorders.h"
#include "client/informer.h"
#include "scheduler/cache/cache.h"
#include "scheduler/framework/fit_error.h"
#include "scheduler/framework/framework.h"
#include "scheduler/parallelizer.h"
#include "scheduler/queue/scheduling_queue.h"
#include "scheduler/worker_pool.h"

namespace kubepp::scheduler {

struct SchedulerOptions {
  // Empty: the default profile ("default-scheduler").
  std::vector<framework::ProfileConfig> profiles;
  int bind_threads = 16;  // binds are API round trips: many in flight
  // Threads that filter nodes of one cycle (the scheduling thread included), at most one per
  // core. A KubeSchedulerConfiguration's parallelism (upstream's default 16) lands here.
  int parallelism = 2;
  // Assumed pods whose binding finished but was never observed expire after this (0: never).
  Clock::Duration assumed_pod_ttl = Clock::Duration::zero();
  queue::QueueOptions queue;
  // Plugins profiles may name besides the in-tree ones (upstream's out-of-tree registry).
  framework::Registry out_of_tree_plugins;
};

class Scheduler {
 public:
  static StatusOr<std::unique_ptr<Scheduler>> Create(client::ApiClient& client, client::InformerFactory& informers,
                                                     client::EventRecorders& recorders, Clock& clock,
                                                     SchedulerOptions options = {});
  ~Scheduler();
  // Builds every profile as Create would, without a cluster: the errors
  // Create would report for the plugin sets and args, before anything starts.
  static Status CheckProfiles(const SchedulerOptions& options);

  // Waits for the informers it uses to sync, then starts scheduling.
  void Start();
  // Stops the loop, finishes in-flight binds; no writes after it returns.
  void Stop();

  // Test hooks.
  queue::SchedulingQueue& scheduling_queue() { return *queue_; }
  cache::Cache& cache() { return *cache_; }

 private:
  struct ScheduleResult {
    std::string node;
    int evaluated = 0;
    int feasible = 0;
  };

  Scheduler(client::ApiClient& client, client::EventRecorders& recorders, Clock& clock, SchedulerOptions options);
  static framework::Registry RegistryFor(const SchedulerOptions& options);
  static Status ProfileError(const framework::ProfileConfig& profile, const Status& status);
  void AddHandlers();
  framework::PodInfoPtr Parse(const client::ObjectPtr& pod) const { return framework::ParsePod(pod, &priority_of_); }
  const framework::Framework* FrameworkFor(const framework::PodInfo& pod) const;
  bool WorthRequeue(const queue::QueuedPodInfo& pod, const framework::ClusterEvent& event) const;
  void OnPodAdd(const client::ObjectPtr& obj);
  void OnPodUpdate(const client::ObjectPtr& old_obj, const client::ObjectPtr& new_obj);
  void OnPodDelete(const client::ObjectPtr& obj);
  void OnNodeAdd(const client::ObjectPtr& obj);
  void OnNodeUpdate(const client::ObjectPtr& old_obj, const client::ObjectPtr& new_obj);
  void OnNodeDelete(const client::ObjectPtr& obj);
  void OnNamespaceChange(const client::ObjectPtr& obj);

  // Nominated pods: pending pods that preemption made room for, by node.
  // Filters count them on their node (when at least as important as the
  // pod being scheduled) so others do not take the room made for them.
  void SetNominated(const framework::PodInfoPtr& pod, const std::string& node);
  void ClearNominated(const std::string& pod_key);
  framework::PluginStatus FilterWithNominated(const framework::Framework& fw, const framework::CycleState& state,
                                              const framework::PodInfo& pod, const framework::NodeInfo& node) const;

  void Loop();
  void ScheduleOne(std::unique_ptr<queue::QueuedPodInfo> qp);
  // The chosen node, or a FitError (the pod fits nowhere), or an error Status.
  StatusOr<ScheduleResult> SchedulePod(const framework::Framework& fw, framework::CycleState& state,
                                       const framework::PodInfo& pod, framework::FitError* fit_error);
  std::vector<const framework::NodeInfo*> FindNodesThatFit(const framework::Framework& fw,
                                                           framework::CycleState& state,
                                                           const framework::PodInfo& pod,
                                                           const std::vector<framework::NodeInfo*>& nodes,
                                                           framework::Diagnosis* diagnosis);
  std::string SelectHost(const std::vector<framework::NodeScore>& scores);
  // The message of a Reserve/Permit verdict about the chosen node.
  static std::string OnOneNodeMessage(const framework::PluginStatus& status);
  void StartPermitWaiter(std::function<void()> binding);
  void BindingCycle(const framework::Framework* fw, std::unique_ptr<framework::CycleState> state,
                    std::unique_ptr<queue::QueuedPodInfo> qp, framework::PodInfoPtr assumed, int64_t cycle);
  void HandleFailure(std::unique_ptr<queue::QueuedPodInfo> qp, int64_t cycle, const std::string& reason,
                     const std::string& message, const std::string& nominated_node);

  client::ApiClient& client_;
  // Events go out under the pod's profile name, as upstream records them.
  client::EventRecorders& recorders_;
  Clock& clock_;
  const SchedulerOptions options_;

  client::Informer* pods_ = nullptr;
  client::Informer* nodes_ = nullptr;
  client::Informer* pdbs_ = nullptr;
  client::Informer* priority_classes_ = nullptr;
  client::Informer* namespaces_ = nullptr;
  client::Informer* pvcs_ = nullptr;
  client::Informer* pvs_ = nullptr;
  client::Informer* storage_classes_ = nullptr;
  framework::PriorityResolver priority_of_;
  std::vector<std::unique_ptr<framework::Framework>> frameworks_;
  std::unique_ptr<cache::Cache> cache_;
  std::unique_ptr<queue::SchedulingQueue> queue_;
  std::unique_ptr<WorkerPool> binder_;

  // Scheduling thread only.
  cache::Snapshot snapshot_;
  size_t next_start_node_index_ = 0;
  std::minstd_rand rng_{42};
  std::unique_ptr<Parallelizer> parallelizer_;
  // The cycle's copy of nominated_ (taken only when there are any).
  std::unordered_map<std::string, std::vector<framework::PodInfoPtr>> cycle_nominated_;

  std::mutex nominated_mu_;
  std::unordered_map<std::string, std::vector<framework::PodInfoPtr>> nominated_;  // node -> pods, guarded
  std::unordered_map<std::string, std::string> nominated_node_of_;                  // pod key -> node, guarded

  framework::WaitingPodsMap waiting_pods_;  // shared by every profile
  TaskThreads permit_waiters_;              // binding cycles of pods held at Permit

  std::thread loop_;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
};

}  // namespace kubepp::scheduler
