// The node lifecycle controller: one monitor thread, a pass every
// node_monitor_period (driven by the context's Clock, so tests move time).
// Each pass reads the informer caches and writes only what must change.
#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "base/log.h"
#include "client/informer.h"
#include "controllers/common/pod_util.h"
#include "controllers/endpoints/service_pods.h"
#include "controllers/nodelifecycle/nodelifecycle.h"
#include "controllers/nodelifecycle/taints.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

constexpr std::string_view kNodeNameIndex = "spec.nodeName";
constexpr std::chrono::seconds kNodeStartupGracePeriod{60};
constexpr std::string_view kLeaseNamespace = "kube-node-lease";
constexpr const char* kMonitoredConditions[] = {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"};

const client::Resource& Nodes() {
  static const client::Resource r = client::Resource::Of("", "nodes");
  return r;
}
const client::Resource& Pods() {
  static const client::Resource r = client::Resource::Of("", "pods");
  return r;
}

const boost::json::object* ConditionOf(const boost::json::object& obj, std::string_view type) {
  const auto* conds = util::ArrayAt(obj, {"status", "conditions"});
  if (!conds) return nullptr;
  for (const auto& c : *conds) {
    const auto* o = c.if_object();
    if (o && util::StringAt(*o, {"type"}) == type) return o;
  }
  return nullptr;
}

std::string_view ConditionStatus(const boost::json::object& obj, std::string_view type) {
  const auto* c = ConditionOf(obj, type);
  return c ? util::StringAt(*c, {"status"}) : std::string_view{};
}

// What the node's conditions and spec say its taints should be (only the
// taints this controller manages; others are left as they are).
std::vector<Taint> WantedTaints(const boost::json::object& node) {
  std::vector<Taint> want;
  auto ready = ConditionStatus(node, "Ready");
  if (ready == "False") {
    want.push_back({std::string(kTaintNotReady), "", "NoSchedule", ""});
    want.push_back({std::string(kTaintNotReady), "", "NoExecute", ""});
  } else if (ready == "Unknown") {
    want.push_back({std::string(kTaintUnreachable), "", "NoSchedule", ""});
    want.push_back({std::string(kTaintUnreachable), "", "NoExecute", ""});
  }
  if (ConditionStatus(node, "MemoryPressure") == "True") want.push_back({std::string(kTaintMemoryPressure), "", "NoSchedule", ""});
  if (ConditionStatus(node, "DiskPressure") == "True") want.push_back({std::string(kTaintDiskPressure), "", "NoSchedule", ""});
  if (ConditionStatus(node, "PIDPressure") == "True") want.push_back({std::string(kTaintPidPressure), "", "NoSchedule", ""});
  if (ConditionStatus(node, "NetworkUnavailable") == "True") {
    want.push_back({std::string(kTaintNetworkUnavailable), "", "NoSchedule", ""});
  }
  if (util::BoolAt(node, {"spec", "unschedulable"}, false)) want.push_back({std::string(kTaintUnschedulable), "", "NoSchedule", ""});
  return want;
}

bool Managed(const Taint& t) {
  for (auto key : {kTaintNotReady, kTaintUnreachable, kTaintMemoryPressure, kTaintDiskPressure, kTaintPidPressure,
                   kTaintNetworkUnavailable, kTaintUnschedulable}) {
    if (t.key == key && (t.effect == "NoSchedule" || t.effect == "NoExecute")) return true;
  }
  return false;
}

class NodeLifecycleController : public Controller {
 public:
  explicit NodeLifecycleController(ControllerContext& ctx)
      : client_(ctx.client),
        clock_(ctx.clock),
        grace_(ctx.options.node_monitor_grace_period),
        period_(ctx.options.node_monitor_period),
        nodes_(ctx.informers.For(Nodes())),
        pods_(ctx.informers.For(Pods())),
        leases_(ctx.informers.For(client::Resource::Of("coordination.k8s.io", "leases"),
                                  {.namespace_ = std::string(kLeaseNamespace)})),
        recorder_(&ctx.recorder("node-controller")) {
    pods_.AddIndex(std::string(kNodeNameIndex), [](const boost::json::object& pod) -> std::vector<std::string> {
      auto node = util::StringAt(pod, {"spec", "nodeName"});
      if (node.empty()) return {};
      return {std::string(node)};
    });
  }
  ~NodeLifecycleController() override { Stop(); }

  void Start() override {
    thread_ = std::thread([this] { Loop(); });
  }
  void Stop() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  struct Health {
    std::string heartbeat;  // the Ready condition's lastHeartbeatTime last seen
    std::string renew;      // the Lease's renewTime last seen
    Clock::TimePoint probe;  // when either last moved, by our clock
  };

  void Loop() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      if (nodes_.HasSynced() && pods_.HasSynced() && leases_.HasSynced()) MonitorOnce();
      lock.lock();
      clock_.WaitUntil(lock, cv_, clock_.Now() + period_, [this] { return stop_; });
    }
  }

  void MonitorOnce() {
    const auto now = clock_.Now();
    std::set<std::string> seen;
    for (const auto& node_ptr : nodes_.List()) {
      std::string name(client::NameOf(*node_ptr));
      seen.insert(name);
      client::ObjectPtr node = node_ptr;
      if (auto updated = CheckHealth(name, node, now)) node = updated;
      node = SyncTaints(*node, now);
      if (node) EvictPods(*node, now);
    }
    for (auto it = health_.begin(); it != health_.end();) {
      it = seen.count(it->first) ? std::next(it) : health_.erase(it);
    }
    for (auto it = taint_seen_.begin(); it != taint_seen_.end();) {
      it = seen.count(it->first.first) ? std::next(it) : taint_seen_.erase(it);
    }
  }

  // Marks the node's conditions Unknown when its heartbeats stopped; returns
  // the node as written, or nullptr when nothing changed.
  client::ObjectPtr CheckHealth(const std::string& name, const client::ObjectPtr& node, Clock::TimePoint now) {
    const auto* ready = ConditionOf(*node, "Ready");
    std::string heartbeat(ready ? util::StringAt(*ready, {"lastHeartbeatTime"}) : "");
    std::string renew;
    if (auto lease = leases_.Get(kLeaseNamespace, name)) renew = util::StringAt(*lease, {"spec", "renewTime"});
    auto [it, inserted] = health_.try_emplace(name, Health{heartbeat, renew, now});
    Health& h = it->second;
    if (!inserted && (h.heartbeat != heartbeat || h.renew != renew)) {
      h = Health{heartbeat, renew, now};
    }
    auto grace = ready ? std::chrono::duration_cast<Clock::Duration>(grace_)
                       : std::chrono::duration_cast<Clock::Duration>(kNodeStartupGracePeriod);
    if (now < h.probe + grace) return nullptr;

    boost::json::object next = *node;
    auto& status = util::MutableObject(next, "status");
    auto& conds_value = status["conditions"];
    if (!conds_value.is_array()) conds_value = boost::json::array();
    auto& conds = conds_value.as_array();
    const std::string now_text = util::FormatTime(now);
    bool changed = false;
    for (const char* type : kMonitoredConditions) {
      boost::json::object* existing = nullptr;
      for (auto& c : conds) {
        if (c.is_object() && util::StringAt(c.as_object(), {"type"}) == type) existing = &c.as_object();
      }
      if (!existing) {
        conds.push_back(boost::json::object{{"type", type},
                                            {"status", "Unknown"},
                                            {"lastHeartbeatTime", util::StringAt(*node, {"metadata", "creationTimestamp"})},
                                            {"lastTransitionTime", now_text},
                                            {"reason", "NodeStatusNeverUpdated"},
                                            {"message", "Kubelet never posted node status."}});
        changed = true;
      } else if (util::StringAt(*existing, {"status"}) != "Unknown") {
        (*existing)["status"] = "Unknown";
        (*existing)["reason"] = "NodeStatusUnknown";
        (*existing)["message"] = "Kubelet stopped posting node status.";
        (*existing)["lastTransitionTime"] = now_text;
        changed = true;
      }
    }
    if (!changed) return nullptr;
    auto updated = client_.Update(Nodes(), "", next, "status");
    if (!updated.ok()) {
      VLOG(2) << "node-lifecycle: marking node " << name << " unknown: " << updated.status().ToString();
      return nullptr;
    }
    KLOG(INFO) << "node " << name << " hasn't been updated for " << std::chrono::duration_cast<std::chrono::seconds>(now - h.probe).count()
               << "s; its conditions are now Unknown";
    recorder_->Event(**updated, "Normal", "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
    return *updated;
  }

  // Brings the managed taints in line with the node; returns the node as it
  // now is (nullptr when a write failed; the next pass retries).
  client::ObjectPtr SyncTaints(const boost::json::object& node, Clock::TimePoint now) {
    auto current = TaintsOf(node);
    auto want = WantedTaints(node);
    std::vector<Taint> next;
    for (const auto& t : current) {
      if (!Managed(t) || std::find(want.begin(), want.end(), t) != want.end()) next.push_back(t);
    }
    for (auto& t : want) {
      if (std::find(next.begin(), next.end(), t) != next.end()) continue;
      if (t.effect == "NoExecute") t.time_added = util::FormatTime(now);
      next.push_back(t);
    }
    auto same = next.size() == current.size() && std::equal(next.begin(), next.end(), current.begin());
    if (same) return client::MakeObject(node);
    boost::json::object copy = node;
    auto& spec = util::MutableObject(copy, "spec");
    if (next.empty()) {
      spec.erase("taints");
    } else {
      spec["taints"] = TaintsToJson(next);
    }
    auto updated = client_.Update(Nodes(), "", copy);
    if (!updated.ok()) {
      VLOG(2) << "node-lifecycle: tainting node " << client::NameOf(node) << ": " << updated.status().ToString();
      return nullptr;
    }
    return *updated;
  }

  void EvictPods(const boost::json::object& node, Clock::TimePoint now) {
    std::vector<Taint> no_execute;
    for (const auto& t : TaintsOf(node)) {
      if (t.effect == "NoExecute") no_execute.push_back(t);
    }
    const bool node_ready = ConditionStatus(node, "Ready") == "True";
    std::string node_name(client::NameOf(node));
    for (client::ObjectPtr pod : pods_.ByIndex(kNodeNameIndex, node_name)) {
      if (util::HasDeletionTimestamp(*pod)) continue;
      if (!node_ready) {
        if (auto updated = MarkPodNotReady(*pod, now)) pod = updated;
      }
      if (no_execute.empty()) continue;
      auto tolerated = TolerationSecondsFor(*pod, no_execute);
      if (tolerated && *tolerated < 0) continue;  // tolerated forever
      if (tolerated) {
        // Counted from when the most recent taint was added (restart-safe: the time is on the node).
        Clock::TimePoint since = Clock::TimePoint::min();
        for (const auto& t : no_execute) since = std::max(since, TaintAddedAt(node_name, t, now));
        if (now < since + std::chrono::seconds(*tolerated)) continue;
      }
      recorder_->Event(*pod, "Normal", "TaintManagerEviction", "Marking for deletion Pod " + client::KeyOf(*pod));
      MarkDisruptionTarget(*pod, now);
      auto deleted = client_.Delete(Pods(), client::NamespaceOf(*pod), client::NameOf(*pod));
      if (!deleted.ok() && !deleted.status().IsNotFound()) {
        VLOG(2) << "node-lifecycle: evicting " << client::KeyOf(*pod) << ": " << deleted.status().ToString();
      }
    }
  }

  // When a NoExecute taint was added: its timeAdded, or else (a taint put
  // there without one) when this controller first saw it.
  Clock::TimePoint TaintAddedAt(const std::string& node, const Taint& t, Clock::TimePoint now) {
    if (auto added = util::ParseTime(t.time_added)) return *added;
    auto key = std::make_pair(node, t.key + "=" + t.value + ":" + t.effect);
    return taint_seen_.try_emplace(key, now).first->second;
  }

  // As upstream, an evicted pod says why in a DisruptionTarget condition.
  void MarkDisruptionTarget(const boost::json::object& pod, Clock::TimePoint now) {
    boost::json::object next = pod;
    auto& conds = util::MutableObject(next, "status")["conditions"];
    if (!conds.is_array()) conds = boost::json::array();
    conds.as_array().push_back(boost::json::object{{"type", "DisruptionTarget"},
                                                   {"status", "True"},
                                                   {"lastTransitionTime", util::FormatTime(now)},
                                                   {"reason", "DeletionByTaintManager"},
                                                   {"message", "Taint manager: deleting due to NoExecute taint"}});
    auto updated = client_.Update(Pods(), client::NamespaceOf(pod), next, "status");
    if (!updated.ok()) {
      VLOG(2) << "node-lifecycle: marking " << client::KeyOf(pod) << " for eviction: " << updated.status().ToString();
    }
  }

  // Returns the pod as written, or nullptr when nothing was written.
  client::ObjectPtr MarkPodNotReady(const boost::json::object& pod, Clock::TimePoint now) {
    if (!common::IsPodReady(pod)) return nullptr;
    boost::json::object next = pod;
    auto* conds = util::MutableObject(next, "status")["conditions"].if_array();
    if (!conds) return nullptr;
    for (auto& c : *conds) {
      if (c.is_object() && util::StringAt(c.as_object(), {"type"}) == "Ready") {
        c.as_object()["status"] = "False";
        c.as_object()["lastTransitionTime"] = util::FormatTime(now);
      }
    }
    auto updated = client_.Update(Pods(), client::NamespaceOf(pod), next, "status");
    if (!updated.ok()) {
      VLOG(2) << "node-lifecycle: marking " << client::KeyOf(pod) << " not ready: " << updated.status().ToString();
      return nullptr;
    }
    return *updated;
  }

  // Constant after construction.
  client::ApiClient& client_;
  Clock& clock_;
  std::chrono::seconds grace_;
  std::chrono::seconds period_;
  client::Informer& nodes_;
  client::Informer& pods_;
  client::Informer& leases_;
  client::EventRecorder* recorder_;

  // Only the monitor thread touches these.
  std::map<std::string, Health> health_;
  // (node, "key=value:effect") -> first seen, for NoExecute taints without timeAdded.
  std::map<std::pair<std::string, std::string>, Clock::TimePoint> taint_seen_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace

ControllerRegistration MakeNodeLifecycleRegistration() {
  return {.name = "nodelifecycle",
          .enabled_by_default = true,
          .create = [](ControllerContext& ctx) -> std::unique_ptr<Controller> {
            return std::make_unique<NodeLifecycleController>(ctx);
          }};
}

}  // namespace kubepp::controllers
