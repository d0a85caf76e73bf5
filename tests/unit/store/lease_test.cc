// Leases: grant, keep-alive, time-to-live, revoke and expiry under a manual clock.
#include <gtest/gtest.h>

#include "store_test_util.h"

namespace kubepp::store {
namespace {

using testing::Get;
using testing::MustOpen;
using testing::TempDir;
using testing::TestOptions;
using testing::WaitFor;

constexpr int64_t kSecond = 1000000;

class LeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.UseManualClock(1000 * kSecond);
    store_ = MustOpen(TestOptions(dir_.path(), &env_));
    ASSERT_NE(store_, nullptr);
  }
  TempDir dir_;
  TestEnv env_;
  std::unique_ptr<Store> store_;
};

TEST_F(LeaseTest, GrantKeepAliveTimeToLive) {
  auto id = store_->LeaseGrant(10);
  ASSERT_TRUE(id.ok());
  EXPECT_GT(*id, 0);
  EXPECT_EQ(*store_->LeaseTimeToLive(*id), 10);
  env_.AdvanceMicros(4 * kSecond);
  EXPECT_EQ(*store_->LeaseTimeToLive(*id), 6);
  EXPECT_EQ(*store_->LeaseKeepAlive(*id), 10);
  EXPECT_EQ(*store_->LeaseTimeToLive(*id), 10);

  auto fixed = store_->LeaseGrant(5, 42);
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(*fixed, 42);
  EXPECT_TRUE(store_->LeaseGrant(5, 42).status().IsAlreadyExists());

  EXPECT_TRUE(store_->LeaseTimeToLive(7).status().IsNotFound());
  EXPECT_EQ(store_->LeaseTimeToLive(7).status().message(), "etcdserver: requested lease not found");
  EXPECT_TRUE(store_->LeaseKeepAlive(7).status().IsNotFound());
  EXPECT_TRUE(store_->LeaseRevoke(7).IsNotFound());
  // A put naming a missing lease fails and writes nothing.
  EXPECT_TRUE(store_->Put("k", "v", 7).status().IsNotFound());
  EXPECT_EQ(store_->CurrentRevision(), 1);
}

TEST_F(LeaseTest, RevokeDeletesKeysInOneRevision) {
  auto id = store_->LeaseGrant(60);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(store_->Put("a", "1", *id).ok());  // 2
  ASSERT_TRUE(store_->Put("b", "1", *id).ok());  // 3
  ASSERT_TRUE(store_->Put("c", "1").ok());       // 4
  ASSERT_TRUE(store_->Put("d", "1", *id).ok());  // 5
  ASSERT_TRUE(store_->Put("d", "2").ok());       // 6: d leaves the lease
  EXPECT_EQ(Get(*store_, "a").lease, *id);
  ASSERT_TRUE(store_->LeaseRevoke(*id).ok());
  EXPECT_EQ(store_->CurrentRevision(), 7);
  EXPECT_EQ(Get(*store_, "a").key, "");
  EXPECT_EQ(Get(*store_, "b").key, "");
  EXPECT_EQ(Get(*store_, "c").value, "1");
  EXPECT_EQ(Get(*store_, "d").value, "2");
  EXPECT_EQ(Get(*store_, "a", 6).value, "1");
  EXPECT_TRUE(store_->LeaseTimeToLive(*id).status().IsNotFound());
}

TEST_F(LeaseTest, ExpiryRevokes) {
  auto short_lease = store_->LeaseGrant(2);
  auto long_lease = store_->LeaseGrant(100);
  ASSERT_TRUE(short_lease.ok() && long_lease.ok());
  ASSERT_TRUE(store_->Put("/events/1", "e", *short_lease).ok());
  ASSERT_TRUE(store_->Put("/events/2", "e", *short_lease).ok());
  ASSERT_TRUE(store_->Put("/keep", "k", *long_lease).ok());
  int64_t before = store_->CurrentRevision();
  env_.AdvanceMicros(3 * kSecond);
  ASSERT_TRUE(WaitFor([&] { return Get(*store_, "/events/1").key.empty(); }));
  EXPECT_EQ(Get(*store_, "/events/2").key, "");
  EXPECT_EQ(Get(*store_, "/keep").value, "k");
  EXPECT_EQ(store_->CurrentRevision(), before + 1);  // both keys in one revision
  EXPECT_TRUE(store_->LeaseTimeToLive(*short_lease).status().IsNotFound());
  EXPECT_TRUE(store_->LeaseTimeToLive(*long_lease).ok());
}

TEST_F(LeaseTest, LeasesSurviveRestartWithFullTtl) {
  auto id = store_->LeaseGrant(30);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(store_->Put("a", "1", *id).ok());
  env_.AdvanceMicros(20 * kSecond);
  store_->Close();
  store_ = MustOpen(TestOptions(dir_.path(), &env_));
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*store_->LeaseTimeToLive(*id), 30);
  EXPECT_EQ(Get(*store_, "a").lease, *id);
  // The key is still attached: revoking after the restart deletes it.
  ASSERT_TRUE(store_->LeaseRevoke(*id).ok());
  EXPECT_EQ(Get(*store_, "a").key, "");
}

// Auto compaction by age runs off the same clock as leases.
TEST_F(LeaseTest, AutoCompactionBySeconds) {
  store_->Close();
  auto o = TestOptions(dir_.path(), &env_);
  o.auto_compact_retention_seconds = 10;
  store_ = MustOpen(o);
  ASSERT_NE(store_, nullptr);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->Put("k", std::to_string(i)).ok());  // 2..6
  // Let time pass in small steps so the maintenance thread samples revisions.
  ASSERT_TRUE(WaitFor([&] {
    env_.AdvanceMicros(kSecond / 10);
    // Revisions sampled while the puts ran may be compacted first; in the
    // end everything older than the retention is.
    return store_->Stats().compact_revision == 6;
  }));
  EXPECT_EQ(Get(*store_, "k").value, "4");
}

}  // namespace
}  // namespace kubepp::store
