#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "base/log.h"
#include "client/informer.h"
#include "controllers/podgc/podgc.h"
#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

const client::Resource& Pods() {
  static const client::Resource r = client::Resource::Of("", "pods");
  return r;
}
const client::Resource& Nodes() {
  static const client::Resource r = client::Resource::Of("", "nodes");
  return r;
}

bool IsTerminated(const boost::json::object& pod) {
  auto phase = util::StringAt(pod, {"status", "phase"});
  return phase == "Succeeded" || phase == "Failed";
}

class PodGc : public Controller {
 public:
  explicit PodGc(ControllerContext& ctx)
      : client_(ctx.client),
        clock_(ctx.clock),
        threshold_(ctx.options.terminated_pod_gc_threshold),
        pods_(ctx.informers.For(Pods())),
        nodes_(ctx.informers.For(Nodes())) {}
  ~PodGc() override { Stop(); }

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
  void Loop() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      if (pods_.HasSynced() && nodes_.HasSynced()) {
        auto pods = pods_.List();
        GcTerminated(pods);
        GcOrphaned(pods);
        GcUnscheduledTerminating(pods);
      }
      lock.lock();
      clock_.WaitUntil(lock, cv_, clock_.Now() + kPodGcPeriod, [this] { return stop_; });
    }
  }

  void ForceDelete(const boost::json::object& pod, const char* why) {
    client::DeleteOptions options;
    options.grace_period_seconds = 0;
    options.precondition_uid = std::string(client::UidOf(pod));
    VLOG(2) << "pod-garbage-collector: deleting " << client::KeyOf(pod) << " (" << why << ")";
    auto deleted = client_.Delete(Pods(), client::NamespaceOf(pod), client::NameOf(pod), options);
    if (!deleted.ok() && !deleted.status().IsNotFound() && !deleted.status().IsConflict()) {
      VLOG(2) << "pod-garbage-collector: " << deleted.status().ToString();
    }
  }

  void GcTerminated(const std::vector<client::ObjectPtr>& pods) {
    if (threshold_ <= 0) return;
    std::vector<client::ObjectPtr> terminated;
    for (const auto& p : pods) {
      if (IsTerminated(*p) && !util::HasDeletionTimestamp(*p)) terminated.push_back(p);
    }
    if (terminated.size() <= static_cast<size_t>(threshold_)) return;
    // Oldest first; name breaks ties so the order is stable.
    std::sort(terminated.begin(), terminated.end(), [](const auto& a, const auto& b) {
      auto ta = util::StringAt(*a, {"metadata", "creationTimestamp"});
      auto tb = util::StringAt(*b, {"metadata", "creationTimestamp"});
      return ta != tb ? ta < tb : client::KeyOf(*a) < client::KeyOf(*b);
    });
    size_t excess = terminated.size() - static_cast<size_t>(threshold_);
    for (size_t i = 0; i < excess; ++i) ForceDelete(*terminated[i], "terminated pods over the threshold");
  }

  void GcOrphaned(const std::vector<client::ObjectPtr>& pods) {
    const auto now = clock_.Now();
    std::set<std::string> missing;
    for (const auto& p : pods) {
      auto node = util::StringAt(*p, {"spec", "nodeName"});
      if (!node.empty() && !nodes_.Get(node)) missing.emplace(node);
    }
    // Forget nodes that came back (or whose pods are gone).
    for (auto it = missing_since_.begin(); it != missing_since_.end();) {
      it = missing.count(it->first) ? std::next(it) : missing_since_.erase(it);
    }
    std::set<std::string> gone;
    for (const auto& node : missing) {
      auto [it, inserted] = missing_since_.try_emplace(node, now);
      if (now < it->second + kOrphanQuarantine) continue;
      // The cache may lag: only a live lookup proves the node is gone.
      auto got = client_.Get(Nodes(), "", node);
      if (got.ok() || !got.status().IsNotFound()) continue;
      gone.insert(node);
    }
    if (gone.empty()) return;
    for (const auto& p : pods) {
      if (!gone.count(std::string(util::StringAt(*p, {"spec", "nodeName"})))) continue;
      MarkFailed(*p);
      ForceDelete(*p, "its node no longer exists");
    }
  }

  // As upstream, a pod going because its node vanished says so in its status.
  void MarkFailed(const boost::json::object& pod) {
    if (IsTerminated(pod)) return;
    boost::json::object next = pod;
    auto& status = util::MutableObject(next, "status");
    status["phase"] = "Failed";
    auto& conds = status["conditions"];
    if (!conds.is_array()) conds = boost::json::array();
    conds.as_array().push_back(boost::json::object{{"type", "DisruptionTarget"},
                                                   {"status", "True"},
                                                   {"lastTransitionTime", util::FormatTime(clock_.Now())},
                                                   {"reason", "DeletionByPodGC"},
                                                   {"message", "PodGC: node no longer exists"}});
    auto updated = client_.Update(Pods(), client::NamespaceOf(pod), next, "status");
    if (!updated.ok()) {
      VLOG(2) << "pod-garbage-collector: marking " << client::KeyOf(pod) << " failed: " << updated.status().ToString();
    }
  }

  void GcUnscheduledTerminating(const std::vector<client::ObjectPtr>& pods) {
    for (const auto& p : pods) {
      if (util::HasDeletionTimestamp(*p) && util::StringAt(*p, {"spec", "nodeName"}).empty()) {
        ForceDelete(*p, "terminating and never scheduled");
      }
    }
  }

  // Constant after construction.
  client::ApiClient& client_;
  Clock& clock_;
  int threshold_;
  client::Informer& pods_;
  client::Informer& nodes_;

  // Only the loop thread touches it.
  std::map<std::string, Clock::TimePoint> missing_since_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace

ControllerRegistration MakePodGcRegistration() {
  return {.name = "podgc",
          .enabled_by_default = true,
          .create = [](ControllerContext& ctx) -> std::unique_ptr<Controller> { return std::make_unique<PodGc>(ctx); }};
}

}  // namespace kubepp::controllers
