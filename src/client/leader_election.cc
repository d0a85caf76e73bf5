// LeaderElectorImpl follows upstream's tryAcquireOrRenew:
//  1. read the Lease (create it, holding it, when absent);
//  2. note when its record last changed, on our own clock (observed_time_):
//     expiry is judged from what we saw, never from the holder's clock;
//  3. a lease another candidate holds and renewed less than lease_duration
//     ago (as observed) is left alone;
//  4. else write ourselves as holder with the resourceVersion we read, so
//     of two candidates racing for it one gets 409 Conflict and stays out.
// The loop runs on one thread; waits are on the Clock so tests drive time.
// A leader that loses the lease goes back to campaigning.
#include "client/leader_election.h"

#include <atomic>
#include <thread>

#include <boost/json/serialize.hpp>

#include "base/log.h"
#include "client/time_format.h"

namespace kubepp::client {
namespace {

namespace json = boost::json;

struct LeaseRecord {
  std::string holder;
  int64_t duration_seconds = 0;
  std::string acquire_time, renew_time;
  int64_t transitions = 0;
  bool operator==(const LeaseRecord&) const = default;
};

LeaseRecord RecordOf(const json::object& lease) {
  LeaseRecord r;
  const auto* spec = lease.if_contains("spec");
  if (!spec || !spec->is_object()) return r;
  const auto& s = spec->get_object();
  auto str = [&](const char* k) {
    const auto* v = s.if_contains(k);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  auto num = [&](const char* k) -> int64_t {
    const auto* v = s.if_contains(k);
    return v && v->is_int64() ? v->get_int64() : 0;
  };
  r.holder = str("holderIdentity");
  r.duration_seconds = num("leaseDurationSeconds");
  r.acquire_time = str("acquireTime");
  r.renew_time = str("renewTime");
  r.transitions = num("leaseTransitions");
  return r;
}

json::object SpecOf(const LeaseRecord& r) {
  json::object spec;
  spec["holderIdentity"] = r.holder;
  spec["leaseDurationSeconds"] = r.duration_seconds;
  spec["acquireTime"] = r.acquire_time;
  spec["renewTime"] = r.renew_time;
  spec["leaseTransitions"] = r.transitions;
  return spec;
}

class LeaderElectorImpl : public LeaderElector {
 public:
  LeaderElectorImpl(ApiClient& client, LeaderElectionConfig config, Clock& clock)
      : client_(client), config_(std::move(config)), clock_(clock),
        leases_(Resource::Of("coordination.k8s.io", "leases")) {}

  ~LeaderElectorImpl() override { Stop(); }

  void Run() override {
    std::lock_guard<std::mutex> l(mu_);
    if (thread_.joinable() || stopping_) return;
    thread_ = std::thread([this] { Loop(); });
  }

  void Stop() override {
    {
      std::lock_guard<std::mutex> l(mu_);
      if (stopping_) return;
      stopping_ = true;
      cv_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
    if (leader_.load()) {
      Release();
      StopLeading();
    }
  }

  bool IsLeader() const override { return leader_.load(); }

 private:
  void Loop() {
    Clock::TimePoint last_renew{};
    while (!Stopping()) {
      bool ok = TryAcquireOrRenew();
      Clock::TimePoint now = clock_.Now();
      if (ok) {
        last_renew = now;
        if (!leader_.exchange(true)) StartLeading();
      } else if (leader_.load() && now - last_renew >= config_.renew_deadline) {
        KLOG(INFO) << "leader election: " << config_.identity << " lost lease " << config_.lease_namespace << "/"
                   << config_.lease_name;
        leader_ = false;
        StopLeading();
      }
      Sleep(config_.retry_period);
    }
  }

  bool Stopping() {
    std::lock_guard<std::mutex> l(mu_);
    return stopping_;
  }

  void Sleep(Clock::Duration d) {
    std::unique_lock<std::mutex> l(mu_);
    if (stopping_) return;
    clock_.WaitUntil(l, cv_, clock_.Now() + std::chrono::duration_cast<Clock::TimePoint::duration>(d),
                     [&] { return stopping_; });
  }

  bool TryAcquireOrRenew() {
    Clock::TimePoint now = clock_.Now();
    std::string now_text = FormatMicroTime(now);
    LeaseRecord mine;
    mine.holder = config_.identity;
    mine.duration_seconds = std::chrono::duration_cast<std::chrono::seconds>(config_.lease_duration).count();
    mine.acquire_time = now_text;
    mine.renew_time = now_text;

    auto got = client_.Get(leases_, config_.lease_namespace, config_.lease_name);
    if (!got.ok()) {
      if (!got.status().IsNotFound()) {
        VLOG(2) << "leader election: reading lease: " << got.status().ToString();
        return false;
      }
      json::object lease{{"apiVersion", "coordination.k8s.io/v1"},
                         {"kind", "Lease"},
                         {"metadata", {{"name", config_.lease_name}, {"namespace", config_.lease_namespace}}},
                         {"spec", SpecOf(mine)}};
      auto created = client_.Create(leases_, config_.lease_namespace, lease);
      if (!created.ok()) return false;
      Observe(mine, now);
      return true;
    }
    LeaseRecord current = RecordOf(**got);
    if (!(current == observed_)) Observe(current, now);
    bool held_by_other = !current.holder.empty() && current.holder != config_.identity;
    Clock::Duration held_for = std::chrono::seconds(current.duration_seconds);
    if (held_by_other && observed_time_ + held_for > now) return false;  // not expired yet

    if (current.holder == config_.identity) {
      mine.acquire_time = current.acquire_time;
      mine.transitions = current.transitions;
    } else {
      mine.transitions = current.transitions + 1;
    }
    json::object lease = **got;
    lease["spec"] = SpecOf(mine);
    auto updated = client_.Update(leases_, config_.lease_namespace, lease);
    if (!updated.ok()) {
      VLOG(2) << "leader election: writing lease: " << updated.status().ToString();
      return false;
    }
    Observe(mine, now);
    return true;
  }

  void Observe(const LeaseRecord& r, Clock::TimePoint now) {
    bool new_holder = r.holder != observed_.holder;
    observed_ = r;
    observed_time_ = now;
    if (new_holder && !r.holder.empty() && config_.on_new_leader) config_.on_new_leader(r.holder);
  }

  // Hands the lease back: empty holder and a 1 s duration, so the next
  // candidate takes it at its next try instead of waiting lease_duration.
  void Release() {
    auto got = client_.Get(leases_, config_.lease_namespace, config_.lease_name);
    if (!got.ok()) return;
    LeaseRecord current = RecordOf(**got);
    if (current.holder != config_.identity) return;
    std::string now_text = FormatMicroTime(clock_.Now());
    LeaseRecord released;
    released.duration_seconds = 1;
    released.acquire_time = now_text;
    released.renew_time = now_text;
    released.transitions = current.transitions;
    json::object lease = **got;
    lease["spec"] = SpecOf(released);
    auto updated = client_.Update(leases_, config_.lease_namespace, lease);
    if (!updated.ok()) KLOG(WARNING) << "leader election: releasing lease: " << updated.status().ToString();
  }

  void StartLeading() {
    KLOG(INFO) << "leader election: " << config_.identity << " acquired lease " << config_.lease_namespace << "/"
               << config_.lease_name;
    if (leading_thread_.joinable()) leading_thread_.join();
    if (config_.on_started_leading) leading_thread_ = std::thread(config_.on_started_leading);
  }

  void StopLeading() {
    leader_ = false;
    if (config_.on_stopped_leading) config_.on_stopped_leading();
    if (leading_thread_.joinable()) leading_thread_.join();
  }

  // Constant after construction.
  ApiClient& client_;
  const LeaderElectionConfig config_;
  Clock& clock_;
  const Resource leases_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::atomic<bool> leader_{false};
  // Only the loop thread (or Stop, after joining it) touches these.
  LeaseRecord observed_;
  Clock::TimePoint observed_time_{};
  std::thread thread_;
  std::thread leading_thread_;
};

}  // namespace

std::unique_ptr<LeaderElector> LeaderElector::Create(ApiClient& client, LeaderElectionConfig config, Clock& clock) {
  return std::make_unique<LeaderElectorImpl>(client, std::move(config), clock);
}

}  // namespace kubepp::client
