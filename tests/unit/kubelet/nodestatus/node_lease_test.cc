#include "kubelet/nodestatus/node_lease.h"

#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "client/resource.h"
#include "client/time_format.h"
#include "fakes/fake_api_client.h"
#include "unit/eventually.h"

namespace kubepp::kubelet {
namespace {
namespace json = boost::json;
using client::Resource;

class NodeLeaseTest : public ::testing::Test {
 protected:
  NodeLeaseTest() : api_(fakes::FakeApiClient::Create(clock_)) {
    options_.node_name = "node-a";
    options_.jitter_factor = 0;
  }

  client::ObjectPtr SeedNode() {
    return api_->Seed(nodes_, json::object{{"apiVersion", "v1"},
                                           {"kind", "Node"},
                                           {"metadata", json::object{{"name", "node-a"}}}});
  }
  client::ObjectPtr Lease() {
    auto got = api_->Get(leases_, kNodeLeaseNamespace, "node-a");
    return got.ok() ? *got : nullptr;
  }
  int Count(std::string_view verb, std::string_view resource) {
    int n = 0;
    for (const auto& a : api_->Actions()) n += a.verb == verb && a.resource == resource;
    return n;
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  NodeLeaseOptions options_;
  const Resource nodes_ = Resource::Of("", "nodes");
  const Resource leases_ = Resource::Of("coordination.k8s.io", "leases");
};

TEST_F(NodeLeaseTest, RenewIntervalIsAQuarterOfTheDuration) {
  NodeLeaseController lease(*api_, options_, clock_);
  EXPECT_EQ(lease.renew_interval(), std::chrono::seconds(10));
}

TEST_F(NodeLeaseTest, CreatesTheLeaseOwnedByTheNode) {
  auto node = SeedNode();
  NodeLeaseController controller(*api_, options_, clock_);
  controller.Sync();
  auto lease = Lease();
  ASSERT_TRUE(lease);
  EXPECT_EQ(lease->at("spec").at("holderIdentity"), "node-a");
  EXPECT_EQ(lease->at("spec").at("leaseDurationSeconds"), 40);
  EXPECT_EQ(lease->at("spec").at("renewTime"), json::value(client::FormatMicroTime(clock_.Now())));
  EXPECT_EQ(lease->at("metadata").at("ownerReferences"),
            (json::array{json::object{
                {"apiVersion", "v1"}, {"kind", "Node"}, {"name", "node-a"}, {"uid", node->at("metadata").at("uid")}}}));
  // Just created: no update in the same round.
  EXPECT_EQ(Count("update", "leases"), 0);
}

TEST_F(NodeLeaseTest, RenewsFromItsOwnLastWriteWithoutReading) {
  SeedNode();
  NodeLeaseController controller(*api_, options_, clock_);
  controller.Sync();
  api_->ClearActions();
  clock_.Advance(std::chrono::seconds(10));
  controller.Sync();
  EXPECT_EQ(Count("update", "leases"), 1);
  EXPECT_EQ(Count("get", "leases"), 0);
  EXPECT_EQ(Count("get", "nodes"), 0);  // the owner reference is already there
  EXPECT_EQ(Lease()->at("spec").at("renewTime"), json::value(client::FormatMicroTime(clock_.Now())));
}

TEST_F(NodeLeaseTest, NoLeaseUntilTheNodeCanBeRead) {
  NodeLeaseController controller(*api_, options_, clock_);
  controller.Sync();
  EXPECT_FALSE(Lease());
  SeedNode();
  controller.Sync();
  ASSERT_TRUE(Lease());
  EXPECT_EQ(Lease()->at("metadata").at("ownerReferences").as_array().size(), 1u);
}

TEST_F(NodeLeaseTest, AnExistingLeaseGetsTheOwnerReference) {
  api_->Seed(leases_, json::object{{"apiVersion", "coordination.k8s.io/v1"},
                                   {"kind", "Lease"},
                                   {"metadata", json::object{{"name", "node-a"}, {"namespace", "kube-node-lease"}}},
                                   {"spec", json::object{{"holderIdentity", "node-a"}, {"leaseDurationSeconds", 40}}}});
  NodeLeaseController controller(*api_, options_, clock_);
  controller.Sync();  // the Node is not there: renewed anyway, without owner
  EXPECT_EQ(Lease()->at("spec").at("renewTime"), json::value(client::FormatMicroTime(clock_.Now())));
  EXPECT_FALSE(Lease()->at("metadata").as_object().contains("ownerReferences"));
  auto node = SeedNode();
  clock_.Advance(std::chrono::seconds(10));
  controller.Sync();
  EXPECT_EQ(Lease()->at("metadata").at("ownerReferences").at(0).at("uid"), node->at("metadata").at("uid"));
}

TEST_F(NodeLeaseTest, ConflictReadsTheLeaseAfresh) {
  SeedNode();
  NodeLeaseController controller(*api_, options_, clock_);
  controller.Sync();
  // Someone else writes the Lease: our last write is stale now.
  json::object other = *Lease();
  other["spec"].as_object()["holderIdentity"] = "intruder";
  ASSERT_TRUE(api_->Update(leases_, kNodeLeaseNamespace, other).ok());
  api_->ClearActions();
  clock_.Advance(std::chrono::seconds(10));
  controller.Sync();
  EXPECT_EQ(Count("update", "leases"), 2);  // the stale one, then the fresh one
  EXPECT_EQ(Count("get", "leases"), 1);
  EXPECT_EQ(Lease()->at("spec").at("renewTime"), json::value(client::FormatMicroTime(clock_.Now())));
}

TEST_F(NodeLeaseTest, RenewsEveryIntervalOnItsThread) {
  SeedNode();
  NodeLeaseController controller(*api_, options_, clock_);
  Clock::TimePoint start = clock_.Now();
  controller.Start();
  ASSERT_TRUE(Eventually([&] { return Lease() != nullptr; }));
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 1; }));
  clock_.Advance(std::chrono::seconds(9));
  // Not yet: the renewal is 10 s after the last one.
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 1; }));
  EXPECT_EQ(Lease()->at("spec").at("renewTime"), json::value(client::FormatMicroTime(start)));
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_TRUE(Eventually([&] {
    return Lease()->at("spec").at("renewTime") == json::value(client::FormatMicroTime(start + std::chrono::seconds(10)));
  }));
  controller.Stop();
}

TEST_F(NodeLeaseTest, BacksOffWhileTheApiFails) {
  SeedNode();
  std::atomic<bool> down{true};
  api_->SetReactor([&](const fakes::FakeAction& a) {
    return down && a.resource == "leases" ? Status::ServiceUnavailable("down") : Status::Ok();
  });
  NodeLeaseController controller(*api_, options_, clock_);
  controller.Start();
  // Retries wait 200 ms, 400 ms, ... on the clock.
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 1; }));
  EXPECT_EQ(Count("get", "leases"), 1);
  clock_.Advance(std::chrono::milliseconds(199));
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 1; }));
  EXPECT_EQ(Count("get", "leases"), 1);
  clock_.Advance(std::chrono::milliseconds(1));
  ASSERT_TRUE(Eventually([&] { return Count("get", "leases") == 2; }));
  down = false;
  ASSERT_TRUE(Eventually([&] { return clock_.Waiters() == 1; }));
  clock_.Advance(std::chrono::milliseconds(400));
  ASSERT_TRUE(Eventually([&] { return Lease() != nullptr; }));
  controller.Stop();
}

}  // namespace
}  // namespace kubepp::kubelet
