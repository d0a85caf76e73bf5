#include "controllers/job/job_controller.h"

#include <algorithm>
#include <thread>

#include <gtest/gtest.h>

#include "controllers/common/fields.h"
#include "controllers/job/backoff_per_index.h"
#include "controllers/job/job_util.h"
#include "unit/controllers/workload_harness.h"

namespace kubepp::controllers::job {
namespace {

using common::IntAt;
using common::StrAt;
using workload_testing::WorkloadHarness;

class JobControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    controller_ = std::make_unique<JobController>(h_.ctx());
    h_.Start();
  }
  void TearDown() override {
    controller_->Stop();
    h_.informers().Stop();
  }

  void SeedJob(std::string_view spec_extra) {
    std::string text = R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"ns"},
        "spec":{"selector":{"matchLabels":{"job-name":"pi"}},)" +
                       std::string(spec_extra) +
                       R"("template":{"metadata":{"labels":{"job-name":"pi"}},
                    "spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"i"}]}}}})";
    h_.api().Seed(jobs_, WorkloadHarness::Json(text));
    Settle();
  }
  void Settle() { h_.Settle({pods_, jobs_}); }
  Status Sync() {
    Status st = controller_->Sync("ns/pi");
    Settle();
    return st;
  }
  std::vector<client::ObjectPtr> Pods() { return h_.List(pods_, "ns"); }
  std::vector<client::ObjectPtr> LivePods() {
    std::vector<client::ObjectPtr> out;
    for (const auto& p : Pods()) {
      std::string phase = StrAt(*p, {"status", "phase"});
      if (phase != "Succeeded" && phase != "Failed") out.push_back(p);
    }
    return out;
  }
  boost::json::object Job() { return h_.GetOrEmpty(jobs_, "ns", "pi"); }
  void Finish(const client::ObjectPtr& pod, std::string_view phase) {
    h_.SetStatus(pods_, "ns", client::NameOf(*pod), WorkloadHarness::Json(R"({"phase":")" + std::string(phase) + "\"}"));
  }
  fakes::RecordingEventRecorder& Events() { return h_.Recorder("job-controller"); }
  // The pods of completion index `idx`, in creation order.
  std::vector<client::ObjectPtr> PodsOfIndex(int idx) {
    std::vector<client::ObjectPtr> out;
    for (const auto& p : Pods()) {
      if (StrAt(*p, {"metadata", "labels", kCompletionIndexKey}) == std::to_string(idx)) out.push_back(p);
    }
    std::sort(out.begin(), out.end(), [](const client::ObjectPtr& a, const client::ObjectPtr& b) {
      return IndexFailureCount(*a) < IndexFailureCount(*b);
    });
    return out;
  }
  client::ObjectPtr LivePodOfIndex(int idx) {
    for (const auto& p : PodsOfIndex(idx)) {
      std::string phase = StrAt(*p, {"status", "phase"});
      if (phase != "Succeeded" && phase != "Failed") return p;
    }
    return nullptr;
  }
  void FailWithExitCode(const client::ObjectPtr& pod, int code) {
    h_.SetStatus(pods_, "ns", client::NameOf(*pod), WorkloadHarness::Json(R"({"phase":"Failed",
        "containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":)" + std::to_string(code) + "}}}]}"));
  }

  WorkloadHarness h_;
  client::Resource jobs_ = client::Resource::Of("batch", "jobs");
  client::Resource pods_ = client::Resource::Of("", "pods");
  std::unique_ptr<JobController> controller_;
};

TEST_F(JobControllerTest, CreatesParallelismPodsWithTrackingFinalizer) {
  SeedJob(R"("completions":5,"parallelism":2,)");
  ASSERT_TRUE(Sync().ok());
  auto pods = Pods();
  ASSERT_EQ(pods.size(), 2u);
  for (const auto& p : pods) {
    EXPECT_TRUE(HasTrackingFinalizer(*p));
    EXPECT_EQ(StrAt(*p, {"metadata", "generateName"}), "pi-");
  }
  auto job = Job();
  EXPECT_EQ(IntAt(job, {"status", "active"}), 2);
  EXPECT_FALSE(StrAt(job, {"status", "startTime"}).empty());
  EXPECT_EQ(Events().Messages("SuccessfulCreate").size(), 2u);
  EXPECT_EQ(Events().Messages("SuccessfulCreate")[0].rfind("Created pod: pi-", 0), 0u);
}

TEST_F(JobControllerTest, CountsSucceededPodsOnceAndCompletes) {
  SeedJob(R"("completions":2,"parallelism":2,)");
  ASSERT_TRUE(Sync().ok());
  for (const auto& p : Pods()) Finish(p, "Succeeded");
  Settle();
  ASSERT_TRUE(Sync().ok());
  auto job = Job();
  EXPECT_EQ(IntAt(job, {"status", "succeeded"}), 2);
  EXPECT_EQ(IntAt(job, {"status", "active"}), 0);
  EXPECT_TRUE(ConditionTrue(job, "SuccessCriteriaMet"));
  EXPECT_TRUE(ConditionTrue(job, "Complete"));
  EXPECT_FALSE(StrAt(job, {"status", "completionTime"}).empty());
  for (const auto& p : Pods()) EXPECT_FALSE(HasTrackingFinalizer(*p));
  EXPECT_EQ(Events().Messages("Completed"), std::vector<std::string>{"Job completed"});
  // Another sync changes nothing and counts nothing twice.
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(IntAt(Job(), {"status", "succeeded"}), 2);
  EXPECT_EQ(Pods().size(), 2u);
}

TEST_F(JobControllerTest, UncountedPodsSurviveAFailedFinalizerRemoval) {
  SeedJob(R"("completions":1,)");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 1u);
  Finish(Pods()[0], "Succeeded");
  Settle();
  h_.api().SetReactor([](const fakes::FakeAction& a) {
    return a.verb == "patch" && a.resource == "pods" ? Status::Internal("boom") : Status::Ok();
  });
  EXPECT_FALSE(Sync().ok());
  auto job = Job();
  EXPECT_EQ(IntAt(job, {"status", "succeeded"}).value_or(0), 0);
  auto* unc = common::ObjAt(job, {"status", "uncountedTerminatedPods"});
  ASSERT_NE(unc, nullptr);
  EXPECT_EQ(common::Arr(unc, "succeeded")->size(), 1u);
  EXPECT_FALSE(ConditionTrue(job, "Complete"));
  h_.api().SetReactor(nullptr);
  ASSERT_TRUE(Sync().ok());
  job = Job();
  EXPECT_EQ(IntAt(job, {"status", "succeeded"}), 1);
  EXPECT_TRUE(ConditionTrue(job, "Complete"));
}

TEST_F(JobControllerTest, FailedPodsBackOffThenExceedTheLimit) {
  SeedJob(R"("backoffLimit":1,)");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 1u);
  Finish(Pods()[0], "Failed");
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(IntAt(Job(), {"status", "failed"}), 1);
  // The replacement waits out the 10 s back-off.
  EXPECT_EQ(LivePods().size(), 0u);
  h_.clock().Advance(std::chrono::seconds(11));
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(LivePods().size(), 1u);
  Finish(LivePods()[0], "Failed");
  Settle();
  ASSERT_TRUE(Sync().ok());
  auto job = Job();
  EXPECT_EQ(IntAt(job, {"status", "failed"}), 2);
  EXPECT_TRUE(ConditionTrue(job, "FailureTarget"));
  EXPECT_TRUE(ConditionTrue(job, "Failed"));
  auto* failed = FindCondition(job, "Failed");
  EXPECT_EQ(common::Str(failed, "reason"), "BackoffLimitExceeded");
  EXPECT_EQ(Events().Messages("BackoffLimitExceeded"),
            std::vector<std::string>{"Job has reached the specified backoff limit"});
}

TEST_F(JobControllerTest, ActiveDeadlineFailsTheJobAndDeletesPods) {
  SeedJob(R"("activeDeadlineSeconds":30,"parallelism":2,"completions":4,)");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 2u);
  h_.clock().Advance(std::chrono::seconds(31));
  ASSERT_TRUE(Sync().ok());
  EXPECT_TRUE(ConditionTrue(Job(), "FailureTarget"));
  // Pods hold the finalizer: deleted, they linger until counted and released;
  // Failed follows once none is left terminating.
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Pods().size(), 0u);
  EXPECT_FALSE(ConditionTrue(Job(), "Failed"));
  ASSERT_TRUE(Sync().ok());
  auto job = Job();
  EXPECT_TRUE(ConditionTrue(job, "Failed"));
  EXPECT_EQ(common::Str(FindCondition(job, "Failed"), "reason"), "DeadlineExceeded");
  EXPECT_EQ(IntAt(job, {"status", "failed"}), 2);
}

TEST_F(JobControllerTest, IndexedJobCreatesOnePodPerIndex) {
  SeedJob(R"("completions":3,"parallelism":3,"completionMode":"Indexed",)");
  ASSERT_TRUE(Sync().ok());
  auto pods = Pods();
  ASSERT_EQ(pods.size(), 3u);
  std::set<std::string> hostnames;
  for (const auto& p : pods) {
    std::string idx = StrAt(*p, {"metadata", "annotations", kCompletionIndexKey});
    EXPECT_EQ(StrAt(*p, {"metadata", "labels", kCompletionIndexKey}), idx);
    EXPECT_EQ(StrAt(*p, {"metadata", "generateName"}), "pi-" + idx + "-");
    hostnames.insert(StrAt(*p, {"spec", "hostname"}));
  }
  EXPECT_EQ(hostnames, (std::set<std::string>{"pi-0", "pi-1", "pi-2"}));
  for (const auto& p : pods) {
    if (StrAt(*p, {"spec", "hostname"}) != "pi-1") Finish(p, "Succeeded");
  }
  Settle();
  ASSERT_TRUE(Sync().ok());
  auto job = Job();
  EXPECT_EQ(StrAt(job, {"status", "completedIndexes"}), "0,2");
  EXPECT_FALSE(ConditionTrue(job, "Complete"));
}

TEST_F(JobControllerTest, PodFailurePolicyFailJob) {
  SeedJob(R"("podFailurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[42]}}]},)");
  ASSERT_TRUE(Sync().ok());
  auto pod = Pods()[0];
  h_.SetStatus(pods_, "ns", client::NameOf(*pod), WorkloadHarness::Json(R"({"phase":"Failed",
      "containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":42}}}]})"));
  Settle();
  ASSERT_TRUE(Sync().ok());
  auto job = Job();
  EXPECT_TRUE(ConditionTrue(job, "Failed"));
  EXPECT_EQ(common::Str(FindCondition(job, "Failed"), "reason"), "PodFailurePolicy");
}

TEST_F(JobControllerTest, SuspendDeletesPodsAndResumeRestarts) {
  SeedJob(R"("parallelism":2,)");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 2u);
  auto job = Job();
  job["spec"].as_object()["suspend"] = true;
  ASSERT_TRUE(h_.api().Update(jobs_, "ns", job).ok());
  Settle();
  ASSERT_TRUE(Sync().ok());
  ASSERT_TRUE(Sync().ok());
  EXPECT_TRUE(ConditionTrue(Job(), "Suspended"));
  EXPECT_EQ(LivePods().size(), 0u);
  EXPECT_EQ(Events().Messages("Suspended"), std::vector<std::string>{"Job suspended"});
}

TEST_F(JobControllerTest, ReplacementWaitsForTerminatingPodsWhenPolicyIsFailed) {
  SeedJob(R"("podReplacementPolicy":"Failed","parallelism":1,"completions":1,)");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 1u);
  std::string name(client::NameOf(*Pods()[0]));
  // Deleted, the pod lingers on its tracking finalizer: terminating, neither active nor failed.
  ASSERT_TRUE(h_.api().Delete(pods_, "ns", name).ok());
  Settle();
  ASSERT_TRUE(Sync().ok());
  auto job = Job();
  EXPECT_EQ(IntAt(job, {"status", "terminating"}), 1);
  EXPECT_EQ(IntAt(job, {"status", "active"}), 0);
  EXPECT_EQ(IntAt(job, {"status", "failed"}), 0);
  EXPECT_EQ(Pods().size(), 1u);
  // Once it reaches Failed it is counted and replaced (after the back-off).
  Finish(h_.api().Get(pods_, "ns", name).value(), "Failed");
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(IntAt(Job(), {"status", "failed"}), 1);
  h_.clock().Advance(std::chrono::seconds(11));
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(LivePods().size(), 1u);
}

TEST_F(JobControllerTest, RunningWorkersDriveAJobToCompletion) {
  SeedJob(R"("completions":2,"parallelism":2,)");
  controller_->Start();
  auto wait_for = [&](auto cond) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!cond() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return cond();
  };
  ASSERT_TRUE(wait_for([&] { return Pods().size() == 2; }));
  for (const auto& p : Pods()) Finish(p, "Succeeded");
  ASSERT_TRUE(wait_for([&] { return ConditionTrue(Job(), "Complete"); }));
  EXPECT_EQ(IntAt(Job(), {"status", "succeeded"}), 2);
  EXPECT_EQ(Pods().size(), 2u);
  ASSERT_TRUE(wait_for([&] {
    for (const auto& p : Pods()) {
      if (HasTrackingFinalizer(*p)) return false;
    }
    return true;
  }));
}

TEST_F(JobControllerTest, IndexedJobCompletesWhenEveryIndexSucceeded) {
  SeedJob(R"("completions":2,"parallelism":1,"completionMode":"Indexed",)");
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(Sync().ok());
    auto live = LivePods();
    ASSERT_EQ(live.size(), 1u);
    EXPECT_EQ(StrAt(*live[0], {"metadata", "labels", kCompletionIndexKey}), std::to_string(i));
    Finish(live[0], "Succeeded");
    Settle();
  }
  ASSERT_TRUE(Sync().ok());
  auto job = Job();
  EXPECT_EQ(StrAt(job, {"status", "completedIndexes"}), "0-1");
  EXPECT_TRUE(ConditionTrue(job, "Complete"));
}

TEST_F(JobControllerTest, OrphanedPodsLoseTheTrackingFinalizer) {
  SeedJob(R"("parallelism":1,)");
  ASSERT_TRUE(Sync().ok());
  std::string pod(client::NameOf(*Pods()[0]));
  ASSERT_TRUE(h_.api().Delete(jobs_, "ns", "pi").ok());
  ASSERT_TRUE(h_.api().Delete(pods_, "ns", pod).ok());  // what the garbage collector does
  Settle();
  ASSERT_TRUE(controller_->Sync("orphan-pod:ns/" + pod).ok());
  Settle();
  EXPECT_TRUE(Pods().empty());
}

TEST_F(JobControllerTest, BackoffLimitPerIndexRetriesEachIndexThenFailsIt) {
  SeedJob(R"("completions":2,"parallelism":2,"completionMode":"Indexed","backoffLimitPerIndex":1,)");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 2u);
  for (const auto& p : Pods()) {
    EXPECT_EQ(StrAt(*p, {"metadata", "annotations", kIndexFailureCountKey}), "0");
  }
  EXPECT_EQ(StrAt(Job(), {"status", "failedIndexes"}), "");
  ASSERT_TRUE(common::ObjAt(Job(), {"status"})->contains("failedIndexes"));

  // Index 0 fails once: its pod keeps the finalizer until the replacement,
  // which waits out the index's own 10 s back-off; index 1 is untouched.
  Finish(PodsOfIndex(0)[0], "Failed");
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(LivePodOfIndex(0), nullptr);
  EXPECT_TRUE(HasTrackingFinalizer(*PodsOfIndex(0)[0]));
  EXPECT_EQ(IntAt(Job(), {"status", "failed"}).value_or(0), 0);
  EXPECT_EQ(StrAt(Job(), {"status", "failedIndexes"}), "");
  h_.clock().Advance(std::chrono::seconds(11));
  ASSERT_TRUE(Sync().ok());
  client::ObjectPtr retry = LivePodOfIndex(0);
  ASSERT_NE(retry, nullptr);
  EXPECT_EQ(StrAt(*retry, {"metadata", "annotations", kIndexFailureCountKey}), "1");
  // With its replacement running, the failed pod is counted and let go.
  ASSERT_TRUE(Sync().ok());
  EXPECT_FALSE(HasTrackingFinalizer(*PodsOfIndex(0)[0]));
  EXPECT_EQ(IntAt(Job(), {"status", "failed"}), 1);

  // The retry fails too: the index has used its one retry and fails for good.
  Finish(retry, "Failed");
  Settle();
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(StrAt(Job(), {"status", "failedIndexes"}), "0");
  EXPECT_EQ(IntAt(Job(), {"status", "failed"}), 2);
  h_.clock().Advance(std::chrono::minutes(5));
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(LivePodOfIndex(0), nullptr);
  EXPECT_FALSE(ConditionTrue(Job(), "FailureTarget"));

  // Every other index succeeds: the Job fails for its failed index.
  Finish(LivePodOfIndex(1), "Succeeded");
  Settle();
  ASSERT_TRUE(Sync().ok());
  ASSERT_TRUE(Sync().ok());
  auto job = Job();
  EXPECT_EQ(StrAt(job, {"status", "completedIndexes"}), "1");
  EXPECT_TRUE(ConditionTrue(job, "FailureTarget"));
  EXPECT_TRUE(ConditionTrue(job, "Failed"));
  EXPECT_EQ(common::Str(FindCondition(job, "Failed"), "reason"), "FailedIndexes");
  EXPECT_EQ(common::Str(FindCondition(job, "Failed"), "message"), "Job has failed indexes");
}

TEST_F(JobControllerTest, MaxFailedIndexesStopsTheJob) {
  SeedJob(R"("completions":3,"parallelism":3,"completionMode":"Indexed","backoffLimitPerIndex":0,
             "maxFailedIndexes":0,)");
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Pods().size(), 3u);
  Finish(PodsOfIndex(0)[0], "Failed");
  Settle();
  ASSERT_TRUE(Sync().ok());
  auto job = Job();
  EXPECT_EQ(StrAt(job, {"status", "failedIndexes"}), "0");
  EXPECT_TRUE(ConditionTrue(job, "FailureTarget"));
  EXPECT_EQ(common::Str(FindCondition(job, "FailureTarget"), "reason"), "MaxFailedIndexesExceeded");
  // The other indexes' pods are terminated, then the Job is Failed.
  for (int i = 0; i < 3 && !ConditionTrue(Job(), "Failed"); ++i) ASSERT_TRUE(Sync().ok());
  job = Job();
  EXPECT_TRUE(ConditionTrue(job, "Failed"));
  EXPECT_EQ(common::Str(FindCondition(job, "Failed"), "message"),
            "Job has exceeded the specified maximal number of failed indexes");
  EXPECT_TRUE(LivePods().empty());
}

TEST_F(JobControllerTest, FailIndexRuleFailsTheIndexAtOnce) {
  SeedJob(R"("completions":2,"parallelism":2,"completionMode":"Indexed","backoffLimitPerIndex":3,
             "podFailurePolicy":{"rules":[{"action":"FailIndex","onExitCodes":{"operator":"In","values":[42]}},
                                          {"action":"Ignore","onExitCodes":{"operator":"In","values":[7]}}]},)");
  ASSERT_TRUE(Sync().ok());
  // Exit 7 is ignored: the retry counts it apart and the index stays alive.
  FailWithExitCode(PodsOfIndex(1)[0], 7);
  // Exit 42 fails index 0 though three retries were left.
  FailWithExitCode(PodsOfIndex(0)[0], 42);
  Settle();
  ASSERT_TRUE(Sync().ok());
  h_.clock().Advance(std::chrono::seconds(11));
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(StrAt(Job(), {"status", "failedIndexes"}), "0");
  EXPECT_EQ(LivePodOfIndex(0), nullptr);
  client::ObjectPtr retry = LivePodOfIndex(1);
  ASSERT_NE(retry, nullptr);
  EXPECT_EQ(StrAt(*retry, {"metadata", "annotations", kIndexFailureCountKey}), "0");
  EXPECT_EQ(StrAt(*retry, {"metadata", "annotations", kIndexIgnoredFailureCountKey}), "1");
}

TEST(JobUtilTest, IndexSetsRoundTrip) {
  EXPECT_EQ(FormatIndexes(ParseIndexes("0,2-4,7")), "0,2-4,7");
  EXPECT_EQ(FormatIndexes({1, 2, 3, 5}), "1-3,5");
  EXPECT_EQ(PodFailureBackoff(1), std::chrono::seconds(10));
  EXPECT_EQ(PodFailureBackoff(3), std::chrono::seconds(40));
  EXPECT_EQ(PodFailureBackoff(30), std::chrono::minutes(10));
}

}  // namespace
}  // namespace kubepp::controllers::job
