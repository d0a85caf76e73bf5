#include "scheduler/queue/scheduling_queue.h"

#include <gtest/gtest.h>

#include "unit/scheduler/test_objects.h"

namespace kubepp::scheduler::testing {
namespace {

using framework::ClusterEvent;
using framework::EventResource;
using queue::QueuedPodInfo;
using queue::SchedulingQueue;

class QueueTest : public ::testing::Test {
 protected:
  QueueTest() {
    queue::QueueHooks hooks;
    hooks.less = [](const QueuedPodInfo& a, const QueuedPodInfo& b) {
      if (a.pod->priority != b.pod->priority) return a.pod->priority > b.pod->priority;
      return a.timestamp < b.timestamp;
    };
    hooks.pre_enqueue = [](const framework::PodInfo& p) {
      return p.scheduling_gates.empty() ? framework::PluginStatus()
                                        : framework::PluginStatus(framework::Code::kPending, "gated").WithPlugin("SchedulingGates");
    };
    // Pods rejected by "NodeResourcesFit" come back on node adds only.
    hooks.worth_requeue = [](const QueuedPodInfo& p, const ClusterEvent& e) {
      return p.unschedulable_plugins.count("NodeResourcesFit") && e.resource == EventResource::kNode &&
             (e.actions & framework::kAdd);
    };
    q_ = std::make_unique<SchedulingQueue>(clock_, hooks);
  }

  // Pops `name` and reports it rejected by `plugin` ("" for an error).
  void FailOnce(const std::string& plugin) {
    std::unique_ptr<QueuedPodInfo> p = q_->Pop();
    ASSERT_TRUE(p);
    int64_t cycle = q_->SchedulingCycle();
    if (!plugin.empty()) p->unschedulable_plugins = {plugin};
    q_->AddUnschedulableIfNotPresent(std::move(p), cycle);
  }

  ManualClock clock_;
  std::unique_ptr<SchedulingQueue> q_;
};

TEST_F(QueueTest, PopsByPriorityThenAge) {
  q_->Add(PodBuilder("low").Info());
  clock_.Advance(std::chrono::seconds(1));
  q_->Add(PodBuilder("high").Priority(10).Info());
  clock_.Advance(std::chrono::seconds(1));
  q_->Add(PodBuilder("low2").Info());
  EXPECT_EQ(q_->Pop()->pod->name, "high");
  EXPECT_EQ(q_->Pop()->pod->name, "low");
  EXPECT_EQ(q_->Pop()->pod->name, "low2");
}

TEST_F(QueueTest, ErrorsBackOffDoublingToTenSeconds) {
  EXPECT_EQ(q_->BackoffDuration(1), std::chrono::seconds(1));
  EXPECT_EQ(q_->BackoffDuration(2), std::chrono::seconds(2));
  EXPECT_EQ(q_->BackoffDuration(4), std::chrono::seconds(8));
  EXPECT_EQ(q_->BackoffDuration(5), std::chrono::seconds(10));
  EXPECT_EQ(q_->BackoffDuration(30), std::chrono::seconds(10));

  q_->Add(PodBuilder("p").Info());
  FailOnce("");  // an error: straight to back-off
  EXPECT_EQ(q_->BackoffCount(), 1u);
  clock_.Advance(std::chrono::milliseconds(999));
  q_->FlushBackoffQCompleted();
  EXPECT_EQ(q_->ActiveCount(), 0u);
  clock_.Advance(std::chrono::milliseconds(1));
  q_->FlushBackoffQCompleted();
  EXPECT_EQ(q_->ActiveCount(), 1u);
  FailOnce("");
  clock_.Advance(std::chrono::seconds(1));
  q_->FlushBackoffQCompleted();
  EXPECT_EQ(q_->ActiveCount(), 0u);  // second attempt waits 2 s
  clock_.Advance(std::chrono::seconds(1));
  q_->FlushBackoffQCompleted();
  EXPECT_EQ(q_->ActiveCount(), 1u);
}

TEST_F(QueueTest, UnschedulablePodMovesOnlyOnRegisteredEvents) {
  q_->Add(PodBuilder("p").Info());
  FailOnce("NodeResourcesFit");
  EXPECT_EQ(q_->UnschedulableCount(), 1u);
  q_->MoveAllToActiveOrBackoffQueue({EventResource::kAssignedPod, framework::kDelete, "AssignedPodDelete"});
  EXPECT_EQ(q_->UnschedulableCount(), 1u);
  clock_.Advance(std::chrono::seconds(5));
  q_->MoveAllToActiveOrBackoffQueue({EventResource::kNode, framework::kAdd, "NodeAdd"});
  EXPECT_EQ(q_->UnschedulableCount(), 0u);
  EXPECT_EQ(q_->ActiveCount(), 1u);  // its 1 s back-off already passed
}

TEST_F(QueueTest, EventDuringTheAttemptSendsPodToBackoff) {
  q_->Add(PodBuilder("p").Info());
  std::unique_ptr<QueuedPodInfo> p = q_->Pop();
  int64_t cycle = q_->SchedulingCycle();
  q_->MoveAllToActiveOrBackoffQueue({EventResource::kNode, framework::kAdd, "NodeAdd"});
  p->unschedulable_plugins = {"NodeAffinity"};
  q_->AddUnschedulableIfNotPresent(std::move(p), cycle);
  EXPECT_EQ(q_->BackoffCount(), 1u);
  EXPECT_EQ(q_->UnschedulableCount(), 0u);
}

TEST_F(QueueTest, UnschedulablePodsFlushedAfterFiveMinutes) {
  q_->Add(PodBuilder("p").Info());
  FailOnce("NodeAffinity");
  clock_.Advance(std::chrono::minutes(4));
  q_->FlushUnschedulablePodsLeftover();
  EXPECT_EQ(q_->UnschedulableCount(), 1u);
  clock_.Advance(std::chrono::minutes(1) + std::chrono::seconds(1));
  q_->FlushUnschedulablePodsLeftover();
  EXPECT_EQ(q_->ActiveCount(), 1u);
}

TEST_F(QueueTest, GatedPodWaitsForItsGatesToGo) {
  PodBuilder gated("g");
  gated.Spec("schedulingGates", boost::json::parse(R"([{"name": "wait"}])"));
  q_->Add(gated.Info());
  EXPECT_EQ(q_->ActiveCount(), 0u);
  EXPECT_EQ(q_->UnschedulableCount(), 1u);
  q_->MoveAllToActiveOrBackoffQueue({EventResource::kNode, framework::kAdd, "NodeAdd"});
  EXPECT_EQ(q_->ActiveCount(), 0u);
  q_->Update(PodBuilder("g").Info());
  EXPECT_EQ(q_->ActiveCount(), 1u);
}

TEST_F(QueueTest, DeletedWhileInFlightIsDropped) {
  q_->Add(PodBuilder("p").Info());
  std::unique_ptr<QueuedPodInfo> p = q_->Pop();
  q_->Delete("default/p");
  q_->AddUnschedulableIfNotPresent(std::move(p), q_->SchedulingCycle());
  EXPECT_EQ(q_->BackoffCount() + q_->UnschedulableCount() + q_->ActiveCount(), 0u);
}

TEST_F(QueueTest, CloseWakesPop) {
  std::thread t([&] { EXPECT_EQ(q_->Pop(), nullptr); });
  q_->Close();
  t.join();
}

}  // namespace
}  // namespace kubepp::scheduler::testing
