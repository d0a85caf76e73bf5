// The kubelet's back-off (CrashLoopBackOff, ImagePullBackOff): 10 s doubling
// to a 5 min cap, measured from each event, forgotten after 10 idle minutes.
#include "kubelet/container/backoff.h"

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(Backoff, DoublesFromTenSecondsUpToFiveMinutes) {
  FakeClock clock;
  Backoff backoff(clock, seconds(10), minutes(5));
  std::vector<long> delays;
  for (int crash = 0; crash < 8; ++crash) {
    backoff.Next("pod/c", clock.Now());
    delays.push_back(std::chrono::duration_cast<seconds>(backoff.Delay("pod/c")).count());
    clock.Advance(backoff.Delay("pod/c"));
  }
  EXPECT_EQ(delays, (std::vector<long>{10, 20, 40, 80, 160, 300, 300, 300}));
}

TEST(Backoff, CountsFromTheEvent) {
  FakeClock clock;
  Backoff backoff(clock, seconds(10), minutes(5));
  Clock::TimePoint exited = clock.Now();
  backoff.Next("pod/c", exited);
  clock.Advance(seconds(9));
  EXPECT_TRUE(backoff.InBackoffSince("pod/c", exited));
  EXPECT_EQ(backoff.Until("pod/c", exited), exited + seconds(10));
  clock.Advance(seconds(1));
  EXPECT_FALSE(backoff.InBackoffSince("pod/c", exited));
  EXPECT_FALSE(backoff.InBackoffSince("pod/other", exited)) << "keys are independent";
}

TEST(Backoff, StartsOverAfterTwiceTheMaximumWithoutAnEvent) {
  FakeClock clock;
  Backoff backoff(clock, seconds(10), minutes(5));
  for (int crash = 0; crash < 4; ++crash) backoff.Next("pod/c", clock.Now());
  EXPECT_EQ(backoff.Delay("pod/c"), seconds(80));
  clock.Advance(minutes(10));
  backoff.Next("pod/c", clock.Now());
  EXPECT_EQ(backoff.Delay("pod/c"), seconds(160)) << "ten minutes exactly is not yet idle";
  clock.Advance(minutes(10) + seconds(1));
  backoff.Next("pod/c", clock.Now());
  EXPECT_EQ(backoff.Delay("pod/c"), seconds(10));
}

TEST(Backoff, GcForgetsIdleEntriesAndResetForgetsOne) {
  FakeClock clock;
  Backoff backoff(clock, seconds(10), minutes(5));
  backoff.Next("old", clock.Now());
  clock.Advance(minutes(11));
  backoff.Next("new", clock.Now());
  backoff.GC();
  EXPECT_EQ(backoff.Delay("old"), Clock::Duration{});
  EXPECT_EQ(backoff.Delay("new"), seconds(10));
  backoff.Reset("new");
  EXPECT_EQ(backoff.Delay("new"), Clock::Duration{});
}

}  // namespace
}  // namespace kubepp::kubelet
