// Pods held at Permit, as upstream's waitingPodsMap. A Permit plugin that
// answers Wait (with a timeout) parks the pod here; the pod stays assumed in
// the cache on its node, so later cycles count its resources, while its
// binding cycle blocks in WaitOnPermit. The pod leaves in one of three ways:
//
//   every plugin that asked it to wait calls Allow      -> Success: it binds
//   anyone calls Reject (a plugin, preemption)          -> Unschedulable
//   the timeout of one of its waiting plugins passes    -> Unschedulable,
//     "rejected due to timeout after waiting 10s at plugin Foo"
//
// The first decision wins: a Reject after the pod was allowed, or an Allow
// after a timeout passed (even one nobody has observed yet), changes nothing.
// Timeouts are measured on the framework's Clock, so tests step a FakeClock.
//
// Thread safety: every method may be called from any thread. WaitingPodsMap
// hands out shared_ptrs, so a WaitingPod stays usable after it left the map.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "scheduler/framework/plugin_status.h"
#include "scheduler/framework/pod_info.h"

namespace kubepp::scheduler::framework {

// The longest a Permit plugin may make a pod wait (upstream's maxTimeout).
inline constexpr Clock::Duration kMaxPermitTimeout = std::chrono::minutes(15);

class WaitingPod {
 public:
  // `timeouts`: how long each plugin that answered Wait lets the pod wait.
  WaitingPod(PodInfoPtr pod, std::string node, const std::map<std::string, Clock::Duration>& timeouts, Clock& clock);

  const PodInfoPtr& pod() const { return pod_; }
  const std::string& node() const { return node_; }
  // The plugins that have not allowed the pod yet.
  std::vector<std::string> PendingPlugins() const;

  // `plugin` lets the pod go; once no plugin is pending, the pod binds.
  void Allow(std::string_view plugin);
  // Rejects the pod: WaitOnPermit returns Unschedulable with `message`,
  // naming `plugin` (empty when not a plugin's doing).
  void Reject(std::string_view plugin, std::string message);
  // Blocks until the pod is allowed, rejected or timed out; returns the verdict.
  PluginStatus Wait();
  // The verdict if there is one yet (timeouts that passed count).
  std::optional<PluginStatus> Decision();

 private:
  struct Pending {
    Clock::TimePoint deadline;
    Clock::Duration timeout;
  };
  // Rejects on the earliest timeout that has passed, if any.
  void ExpireLocked(Clock::TimePoint now);
  void DecideLocked(PluginStatus status);

  // Constant after construction.
  const PodInfoPtr pod_;
  const std::string node_;
  Clock& clock_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Pending, std::less<>> pending_;  // guarded by mu_
  std::optional<PluginStatus> decision_;                 // guarded by mu_
};

// The waiting pods of every profile of one scheduler, by pod UID.
class WaitingPodsMap {
 public:
  void Add(std::shared_ptr<WaitingPod> pod);
  void Remove(std::string_view uid);
  std::shared_ptr<WaitingPod> Get(std::string_view uid) const;
  // Calls `fn` for each pod waiting now; `fn` may Allow or Reject them and
  // may use this map (it runs on a copy of the list).
  void Iterate(const std::function<void(WaitingPod&)>& fn) const;
  size_t Size() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<WaitingPod>> pods_;  // guarded by mu_
};

}  // namespace kubepp::scheduler::framework
