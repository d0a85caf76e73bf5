#include "kubelet/pleg/pleg.h"

#include "base/log.h"

namespace kubepp::kubelet {

namespace {

std::string Fingerprint(const PodRuntimeStatus& pod) {
  std::string out;
  for (const auto& s : pod.sandboxes) out += s.id + (s.ready ? ":r;" : ":n;");
  for (const auto& c : pod.containers) out += c.id + ":" + std::to_string(static_cast<int>(c.state)) + ";";
  return out;
}

}  // namespace

Pleg::Pleg(RuntimeManager& runtime, Clock& clock, Clock::Duration period,
           std::function<void(const std::string& uid)> on_change)
    : runtime_(runtime), clock_(clock), period_(period), on_change_(std::move(on_change)) {}

Pleg::~Pleg() { Stop(); }

void Pleg::Start() { thread_ = std::thread([this] { Loop(); }); }

void Pleg::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Pleg::Relist() {
  auto pods = runtime_.ListPods(/*details=*/false);
  if (!pods.ok()) {
    KLOG(WARNING) << "PLEG: listing the runtime's pods failed: " << pods.status().ToString();
    return;
  }
  std::vector<std::string> changed;
  {
    std::lock_guard lock(mu_);
    std::map<std::string, std::string> next;
    for (const auto& [uid, pod] : *pods) {
      std::string print = Fingerprint(pod);
      auto it = fingerprints_.find(uid);
      if (it == fingerprints_.end() || it->second != print) changed.push_back(uid);
      next.emplace(uid, std::move(print));
    }
    for (const auto& [uid, print] : fingerprints_) {
      if (!next.count(uid)) changed.push_back(uid);  // everything of it was removed
    }
    fingerprints_ = std::move(next);
    last_success_ = clock_.Now();
  }
  for (const auto& uid : changed) on_change_(uid);
}

std::set<std::string> Pleg::KnownPods() const {
  std::lock_guard lock(mu_);
  std::set<std::string> out;
  for (const auto& [uid, print] : fingerprints_) out.insert(uid);
  return out;
}

bool Pleg::Healthy() const {
  std::lock_guard lock(mu_);
  return clock_.Now() - last_success_ < 3 * period_ + std::chrono::seconds(3);
}

void Pleg::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    Relist();
    lock.lock();
    clock_.WaitUntil(lock, cv_, clock_.Now() + period_, [this] { return stopping_; });
  }
}

}  // namespace kubepp::kubelet
