#include "scheduler/framework/waiting_pods.h"

#include "api/protobuf/well_known.h"

namespace kubepp::scheduler::framework {

WaitingPod::WaitingPod(PodInfoPtr pod, std::string node, const std::map<std::string, Clock::Duration>& timeouts,
                       Clock& clock)
    : pod_(std::move(pod)), node_(std::move(node)), clock_(clock) {
  Clock::TimePoint now = clock_.Now();
  for (const auto& [plugin, timeout] : timeouts) {
    pending_[plugin] = Pending{now + std::chrono::duration_cast<Clock::TimePoint::duration>(timeout), timeout};
  }
}

std::vector<std::string> WaitingPod::PendingPlugins() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, p] : pending_) out.push_back(name);
  return out;
}

void WaitingPod::DecideLocked(PluginStatus status) {
  if (decision_) return;  // the first verdict stands
  decision_ = std::move(status);
  cv_.notify_all();
}

void WaitingPod::ExpireLocked(Clock::TimePoint now) {
  if (decision_) return;
  const std::string* first = nullptr;
  const Pending* due = nullptr;
  for (const auto& [name, p] : pending_) {
    if (p.deadline <= now && (due == nullptr || p.deadline < due->deadline)) {
      first = &name;
      due = &p;
    }
  }
  if (due == nullptr) return;
  std::string message = "rejected due to timeout after waiting " +
                        api::protobuf::FormatGoDuration(std::chrono::nanoseconds(due->timeout).count()) + " at plugin " + *first;
  DecideLocked(PluginStatus(Code::kUnschedulable, std::move(message)).WithPlugin(*first));
}

void WaitingPod::Allow(std::string_view plugin) {
  std::lock_guard lock(mu_);
  ExpireLocked(clock_.Now());
  auto it = pending_.find(plugin);
  if (it != pending_.end()) pending_.erase(it);
  if (pending_.empty()) DecideLocked(PluginStatus());
}

void WaitingPod::Reject(std::string_view plugin, std::string message) {
  std::lock_guard lock(mu_);
  ExpireLocked(clock_.Now());
  DecideLocked(PluginStatus(Code::kUnschedulable, std::move(message)).WithPlugin(std::string(plugin)));
}

std::optional<PluginStatus> WaitingPod::Decision() {
  std::lock_guard lock(mu_);
  ExpireLocked(clock_.Now());
  return decision_;
}

PluginStatus WaitingPod::Wait() {
  std::unique_lock lock(mu_);
  while (true) {
    ExpireLocked(clock_.Now());
    if (decision_) return *decision_;
    Clock::TimePoint earliest = Clock::TimePoint::max();
    for (const auto& [name, p] : pending_) earliest = std::min(earliest, p.deadline);
    clock_.WaitUntil(lock, cv_, earliest, [this] { return decision_.has_value(); });
  }
}

void WaitingPodsMap::Add(std::shared_ptr<WaitingPod> pod) {
  std::lock_guard lock(mu_);
  std::string uid = pod->pod()->uid;
  pods_[uid] = std::move(pod);
}

void WaitingPodsMap::Remove(std::string_view uid) {
  std::lock_guard lock(mu_);
  pods_.erase(std::string(uid));
}

std::shared_ptr<WaitingPod> WaitingPodsMap::Get(std::string_view uid) const {
  std::lock_guard lock(mu_);
  auto it = pods_.find(std::string(uid));
  return it == pods_.end() ? nullptr : it->second;
}

void WaitingPodsMap::Iterate(const std::function<void(WaitingPod&)>& fn) const {
  std::vector<std::shared_ptr<WaitingPod>> copy;
  {
    std::lock_guard lock(mu_);
    copy.reserve(pods_.size());
    for (const auto& [uid, p] : pods_) copy.push_back(p);
  }
  for (const auto& p : copy) fn(*p);
}

size_t WaitingPodsMap::Size() const {
  std::lock_guard lock(mu_);
  return pods_.size();
}

}  // namespace kubepp::scheduler::framework
