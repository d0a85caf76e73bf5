#include "client/leader_election.h"

#include <atomic>
#include <mutex>

#include <gtest/gtest.h>

#include "fakes/fake_api_client.h"
#include "test_util.h"

namespace kubepp::client {
namespace {

using namespace std::chrono_literals;
using fakes::FakeApiClient;

// Delegates to the shared fake until cut off: a candidate whose calls fail
// looks like a leader that cannot reach the apiserver any more.
class PartitionedClient : public ApiClient {
 public:
  explicit PartitionedClient(ApiClient& inner) : inner_(inner) {}
  void Cut() { cut_ = true; }
  StatusOr<ObjectPtr> Get(const Resource& r, std::string_view ns, std::string_view name) override {
    if (cut_) return Status::Unavailable("partitioned");
    return inner_.Get(r, ns, name);
  }
  StatusOr<ObjectList> List(const Resource& r, std::string_view ns, const ListOptions& o) override {
    if (cut_) return Status::Unavailable("partitioned");
    return inner_.List(r, ns, o);
  }
  StatusOr<ObjectPtr> Create(const Resource& r, std::string_view ns, const boost::json::object& obj) override {
    if (cut_) return Status::Unavailable("partitioned");
    return inner_.Create(r, ns, obj);
  }
  StatusOr<ObjectPtr> Update(const Resource& r, std::string_view ns, const boost::json::object& obj,
                             std::string_view sub) override {
    if (cut_) return Status::Unavailable("partitioned");
    return inner_.Update(r, ns, obj, sub);
  }
  StatusOr<ObjectPtr> Patch(const Resource& r, std::string_view ns, std::string_view name, PatchType t,
                            std::string_view p, std::string_view sub) override {
    if (cut_) return Status::Unavailable("partitioned");
    return inner_.Patch(r, ns, name, t, p, sub);
  }
  StatusOr<ObjectPtr> Delete(const Resource& r, std::string_view ns, std::string_view name,
                             const DeleteOptions& o) override {
    if (cut_) return Status::Unavailable("partitioned");
    return inner_.Delete(r, ns, name, o);
  }
  StatusOr<ObjectPtr> CreateSubresource(const Resource& r, std::string_view ns, std::string_view name,
                                        std::string_view sub, const boost::json::object& obj) override {
    if (cut_) return Status::Unavailable("partitioned");
    return inner_.CreateSubresource(r, ns, name, sub, obj);
  }
  StatusOr<std::unique_ptr<WatchHandle>> Watch(const Resource& r, std::string_view ns, const ListOptions& o,
                                               WatchCallbacks cb) override {
    if (cut_) return Status::Unavailable("partitioned");
    return inner_.Watch(r, ns, o, std::move(cb));
  }

 private:
  ApiClient& inner_;
  std::atomic<bool> cut_{false};
};

struct Candidate {
  std::atomic<int> started{0}, stopped{0};
  std::mutex mu;
  std::vector<std::string> leaders_seen;
  std::unique_ptr<LeaderElector> elector;

  Candidate(ApiClient& client, Clock& clock, const std::string& id) {
    LeaderElectionConfig config;
    config.lease_name = "kube-controller-manager";
    config.identity = id;
    config.on_started_leading = [this] { started++; };
    config.on_stopped_leading = [this] { stopped++; };
    config.on_new_leader = [this](const std::string& who) {
      std::lock_guard<std::mutex> l(mu);
      leaders_seen.push_back(who);
    };
    elector = LeaderElector::Create(client, config, clock);
  }
};

class LeaderElectionTest : public ::testing::Test {
 protected:
  const Resource leases_ = Resource::Of("coordination.k8s.io", "leases");

  std::string Holder() {
    auto lease = api_->Get(leases_, "kube-system", "kube-controller-manager");
    if (!lease.ok()) return "<none>";
    return std::string((*lease)->at("spec").at("holderIdentity").as_string());
  }
  int Gets() {
    auto actions = api_->Actions();
    return static_cast<int>(std::count_if(actions.begin(), actions.end(), [](auto& a) { return a.verb == "get"; }));
  }
  // Moves time by `d` and waits until `readers` electors have read the lease
  // once more and all `waiters` electors are waiting again.
  void Step(Clock::Duration d, int readers, int waiters = 2) {
    int before = Gets();
    clock_.Advance(d);
    ASSERT_TRUE(Eventually([&] { return Gets() >= before + readers && clock_.Waiters() == waiters; }));
  }

  FakeClock clock_;
  std::unique_ptr<FakeApiClient> api_ = FakeApiClient::Create(clock_);
};

TEST_F(LeaderElectionTest, OneLeaderWhileItRenews) {
  Candidate a(*api_, clock_, "a");
  a.elector->Run();
  ASSERT_TRUE(Eventually([&] { return a.elector->IsLeader() && clock_.Waiters() == 1; }));
  EXPECT_EQ(Holder(), "a");
  ASSERT_TRUE(Eventually([&] { return a.started.load() == 1; }));

  Candidate b(*api_, clock_, "b");
  b.elector->Run();
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 2; }));
  for (int i = 0; i < 20; ++i) {  // 40 s: well past the 15 s lease, but a keeps renewing
    Step(2s, 2);
    EXPECT_TRUE(a.elector->IsLeader());
    EXPECT_FALSE(b.elector->IsLeader());
  }
  EXPECT_EQ(Holder(), "a");
  auto lease = *api_->Get(leases_, "kube-system", "kube-controller-manager");
  EXPECT_EQ(lease->at("spec").at("leaseDurationSeconds"), 15);
  EXPECT_EQ(lease->at("spec").at("leaseTransitions"), 0);
  EXPECT_EQ(lease->at("spec").at("renewTime"), "2026-01-01T00:00:40.000000Z");
  std::lock_guard<std::mutex> l(b.mu);
  EXPECT_EQ(b.leaders_seen, std::vector<std::string>{"a"});
}

TEST_F(LeaderElectionTest, FailoverAfterLeaseDurationWhenLeaderStopsRenewing) {
  PartitionedClient a_client(*api_);
  Candidate a(a_client, clock_, "a");
  a.elector->Run();
  ASSERT_TRUE(Eventually([&] { return a.elector->IsLeader() && clock_.Waiters() == 1; }));
  Candidate b(*api_, clock_, "b");
  b.elector->Run();
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 2; }));

  a_client.Cut();
  // b saw the record at t=0 and waits out 15 s from then; a gives up after
  // its 10 s renew deadline.
  for (int i = 0; i < 7; ++i) {  // t = 2..14 s
    Step(2s, 1);  // only b reaches the server; a keeps trying
    EXPECT_FALSE(b.elector->IsLeader()) << "at step " << i;
  }
  // Past its renew deadline a steps down (its thread may run a moment later).
  EXPECT_TRUE(Eventually([&] { return !a.elector->IsLeader() && a.stopped.load() == 1; }));
  Step(2s, 1);  // t = 16 s: expired
  EXPECT_TRUE(b.elector->IsLeader());
  EXPECT_EQ(Holder(), "b");
  auto lease = *api_->Get(leases_, "kube-system", "kube-controller-manager");
  EXPECT_EQ(lease->at("spec").at("leaseTransitions"), 1);
  a.elector->Stop();
  b.elector->Stop();
}

TEST_F(LeaderElectionTest, StopReleasesTheLease) {
  Candidate a(*api_, clock_, "a");
  a.elector->Run();
  ASSERT_TRUE(Eventually([&] { return a.elector->IsLeader() && clock_.Waiters() == 1; }));
  Candidate b(*api_, clock_, "b");
  b.elector->Run();
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 2; }));
  a.elector->Stop();
  EXPECT_FALSE(a.elector->IsLeader());
  EXPECT_EQ(a.stopped.load(), 1);
  EXPECT_EQ(Holder(), "");
  Step(2s, 1, 1);  // b's next try takes it, long before 15 s
  EXPECT_TRUE(b.elector->IsLeader());
  EXPECT_EQ(Holder(), "b");
}

}  // namespace
}  // namespace kubepp::client
