#include "controllers/cronjob/cronjob_controller.h"

#include <thread>

#include <gtest/gtest.h>

#include "controllers/common/fields.h"
#include "controllers/cronjob/time_zone.h"
#include "controllers/job/job_util.h"
#include "unit/controllers/workload_harness.h"

namespace kubepp::controllers::cronjob {
namespace {

using common::StrAt;
using workload_testing::WorkloadHarness;

class CronJobControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 2026-01-01T00:00:30Z: half a minute past a whole minute.
    h_.clock().Advance(std::chrono::seconds(30));
    controller_ = std::make_unique<CronJobController>(h_.ctx());
    h_.Start();
  }
  void TearDown() override {
    controller_->Stop();
    h_.informers().Stop();
  }
  void SeedCronJob(std::string_view spec_extra) {
    std::string text = R"({"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"hello","namespace":"ns"},
        "spec":{)" + std::string(spec_extra) +
                       R"("jobTemplate":{"metadata":{"labels":{"app":"hello"}},"spec":{"template":{"spec":{
                  "containers":[{"name":"c","image":"busybox"}]}}}}}})";
    h_.api().Seed(cronjobs_, WorkloadHarness::Json(text));
    Settle();
  }
  void Settle() { h_.Settle({cronjobs_, jobs_}); }
  Status Sync() {
    Status st = controller_->Sync("ns/hello");
    Settle();
    return st;
  }
  std::vector<std::string> JobNames() {
    std::vector<std::string> out;
    for (const auto& j : h_.List(jobs_, "ns")) out.emplace_back(client::NameOf(*j));
    std::sort(out.begin(), out.end());
    return out;
  }
  boost::json::object CronJob() { return h_.GetOrEmpty(cronjobs_, "ns", "hello"); }
  void FinishJob(const std::string& name, std::string_view type) {
    auto status = WorkloadHarness::Json(R"({"conditions":[{"type":")" + std::string(type) +
                                        R"(","status":"True"}],"startTime":")" +
                                        common::FormatTime(h_.clock().Now()) + R"(","completionTime":")" +
                                        common::FormatTime(h_.clock().Now()) + "\"}");
    h_.SetStatus(jobs_, "ns", name, status);
    Settle();
  }
  fakes::RecordingEventRecorder& Events() { return h_.Recorder("cronjob-controller"); }
  std::string NameAt(int64_t unix_minutes) { return "hello-" + std::to_string(unix_minutes); }
  int64_t NowMinutes() {
    return std::chrono::duration_cast<std::chrono::minutes>(h_.clock().Now().time_since_epoch()).count();
  }

  WorkloadHarness h_;
  client::Resource cronjobs_ = client::Resource::Of("batch", "cronjobs");
  client::Resource jobs_ = client::Resource::Of("batch", "jobs");
  std::unique_ptr<CronJobController> controller_;
};

TEST_F(CronJobControllerTest, CreatesJobNamedByScheduledMinute) {
  SeedCronJob(R"("schedule":"* * * * *",)");
  ASSERT_TRUE(Sync().ok());
  EXPECT_TRUE(JobNames().empty());  // created this very minute: nothing due yet
  h_.clock().Advance(std::chrono::seconds(40));
  ASSERT_TRUE(Sync().ok());
  int64_t minute = NowMinutes();
  ASSERT_EQ(JobNames(), std::vector<std::string>{NameAt(minute)});
  auto job = h_.GetOrEmpty(jobs_, "ns", NameAt(minute));
  EXPECT_EQ(StrAt(job, {"metadata", "labels", "app"}), "hello");
  EXPECT_EQ(StrAt(job, {"metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp"}),
            "2026-01-01T00:01:00Z");
  auto cj = CronJob();
  EXPECT_EQ(StrAt(cj, {"status", "lastScheduleTime"}), "2026-01-01T00:01:00Z");
  ASSERT_NE(common::Arr(common::ObjAt(cj, {"status"}), "active"), nullptr);
  EXPECT_EQ(Events().Messages("SuccessfulCreate"), std::vector<std::string>{"Created job " + NameAt(minute)});
  // The same activation never starts twice.
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(JobNames().size(), 1u);
}

TEST_F(CronJobControllerTest, ForbidSkipsWhileActiveAndCompletionClearsActive) {
  SeedCronJob(R"("schedule":"* * * * *","concurrencyPolicy":"Forbid",)");
  h_.clock().Advance(std::chrono::minutes(1));
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(JobNames().size(), 1u);
  std::string first = JobNames()[0];
  h_.clock().Advance(std::chrono::minutes(1));
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(JobNames().size(), 1u);
  EXPECT_EQ(Events().Messages("JobAlreadyActive").size(), 1u);
  FinishJob(first, "Complete");
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(Events().Messages("SawCompletedJob"),
            std::vector<std::string>{"Saw completed job: " + first + ", condition: Complete"});
  EXPECT_FALSE(StrAt(CronJob(), {"status", "lastSuccessfulTime"}).empty());
  // Active is empty now; the next activation may run.
  h_.clock().Advance(std::chrono::minutes(1));
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(JobNames().size(), 2u);
}

TEST_F(CronJobControllerTest, ReplaceDeletesTheRunningJob) {
  SeedCronJob(R"("schedule":"* * * * *","concurrencyPolicy":"Replace",)");
  h_.clock().Advance(std::chrono::minutes(1));
  ASSERT_TRUE(Sync().ok());
  std::string first = JobNames().at(0);
  h_.clock().Advance(std::chrono::minutes(1));
  ASSERT_TRUE(Sync().ok());
  auto names = JobNames();
  ASSERT_EQ(names.size(), 1u);
  EXPECT_NE(names[0], first);
  EXPECT_EQ(Events().Messages("SuccessfulDelete"), std::vector<std::string>{"Deleted job " + first});
}

TEST_F(CronJobControllerTest, StartingDeadlineMissesOldActivations) {
  SeedCronJob(R"("schedule":"0 * * * *","startingDeadlineSeconds":60,)");
  // 00:00:30 -> 01:05: the 01:00 activation is 5 minutes old, past its 60 s window.
  h_.clock().Advance(std::chrono::minutes(64) + std::chrono::seconds(30));
  ASSERT_TRUE(Sync().ok());
  EXPECT_TRUE(JobNames().empty());
  // An activation inside the window starts.
  h_.clock().Advance(std::chrono::minutes(55) + std::chrono::seconds(30));
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(JobNames().size(), 1u);
}

TEST_F(CronJobControllerTest, TooManyMissedTimesIsReportedAndTheLatestRuns) {
  SeedCronJob(R"("schedule":"* * * * *",)");
  h_.clock().Advance(std::chrono::hours(3));
  ASSERT_TRUE(Sync().ok());
  ASSERT_EQ(Events().Messages("TooManyMissedTimes").size(), 1u);
  EXPECT_EQ(Events().Messages("TooManyMissedTimes")[0],
            "too many missed start times: 180. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
  EXPECT_EQ(JobNames(), std::vector<std::string>{NameAt(NowMinutes())});
}

TEST_F(CronJobControllerTest, SuspendedCreatesNothing) {
  SeedCronJob(R"("schedule":"* * * * *","suspend":true,)");
  h_.clock().Advance(std::chrono::minutes(5));
  ASSERT_TRUE(Sync().ok());
  EXPECT_TRUE(JobNames().empty());
}

TEST_F(CronJobControllerTest, HistoryLimitsDeleteOldestFinishedJobs) {
  SeedCronJob(R"("schedule":"* * * * *","successfulJobsHistoryLimit":1,"failedJobsHistoryLimit":0,)");
  std::vector<std::string> made;
  for (int i = 0; i < 3; ++i) {
    h_.clock().Advance(std::chrono::minutes(1));
    ASSERT_TRUE(Sync().ok());
    made.push_back(NameAt(NowMinutes()));
    FinishJob(made.back(), i == 1 ? "Failed" : "Complete");
    ASSERT_TRUE(Sync().ok());
  }
  EXPECT_EQ(JobNames(), std::vector<std::string>{made[2]});
}

TEST_F(CronJobControllerTest, LostStatusWriteIsRecoveredFromTheExistingJob) {
  SeedCronJob(R"("schedule":"* * * * *",)");
  h_.clock().Advance(std::chrono::minutes(1));
  h_.api().SetReactor([](const fakes::FakeAction& a) {
    return a.verb == "update" && a.resource == "cronjobs" ? Status::Conflict("stale") : Status::Ok();
  });
  EXPECT_FALSE(Sync().ok());
  h_.api().SetReactor(nullptr);
  ASSERT_EQ(JobNames().size(), 1u);
  ASSERT_TRUE(Sync().ok());
  EXPECT_EQ(JobNames().size(), 1u);
  EXPECT_EQ(StrAt(CronJob(), {"status", "lastScheduleTime"}), "2026-01-01T00:01:00Z");
  ASSERT_TRUE(Sync().ok());  // and it settles
}

TEST_F(CronJobControllerTest, AJobTheStatusListsIsNotUnexpectedWhenTheCacheLags) {
  SeedCronJob(R"("schedule":"* * * * *",)");
  std::string uid(client::UidOf(CronJob()));
  auto job = WorkloadHarness::Json(
      R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"hello-made",
      "namespace":"ns","ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob",
      "name":"hello","uid":")" +
      uid + R"(","controller":true}]},"spec":{"template":{"spec":{}}}})");
  h_.api().Seed(jobs_, job);
  h_.Settle({jobs_});
  // The cache keeps the CronJob as it was before its status listed the Job.
  h_.informers().Stop();
  std::string job_uid(client::UidOf(h_.GetOrEmpty(jobs_, "ns", "hello-made")));
  h_.SetStatus(cronjobs_, "ns", "hello",
               WorkloadHarness::Json(R"({"active":[{"apiVersion":"batch/v1",
      "kind":"Job","name":"hello-made","namespace":"ns","uid":")" +
                                     job_uid + R"("}]})"));
  (void)controller_->Sync("ns/hello");  // its status write may conflict with the one above
  EXPECT_TRUE(Events().Messages("UnexpectedJob").empty());
  EXPECT_TRUE(Events().Messages("MissingJob").empty());
}

TEST_F(CronJobControllerTest, RunningWorkersWakeAtTheNextActivation) {
  SeedCronJob(R"("schedule":"*/5 * * * *",)");
  controller_->Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (JobNames().empty() && std::chrono::steady_clock::now() < deadline) {
    h_.clock().Advance(std::chrono::seconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(JobNames().size(), 1u);
  EXPECT_EQ(JobNames()[0], NameAt(29453765));  // 2026-01-01T00:05:00Z in minutes
}

TEST_F(CronJobControllerTest, UnknownTimeZoneIsAnEvent) {
  SeedCronJob(R"("schedule":"* * * * *","timeZone":"Nowhere/Atlantis",)");
  h_.clock().Advance(std::chrono::minutes(2));
  ASSERT_TRUE(Sync().ok());
  EXPECT_TRUE(JobNames().empty());
  EXPECT_EQ(Events().Messages("UnknownTimeZone").size(), 1u);
}

TEST_F(CronJobControllerTest, TimeZoneShiftsActivations) {
  if (!TimeZone::Load("Asia/Tokyo").ok()) GTEST_SKIP() << "no tz database";
  // 09:00 in Tokyo is 00:00 UTC.
  SeedCronJob(R"("schedule":"0 9 * * *","timeZone":"Asia/Tokyo",)");
  h_.clock().Advance(std::chrono::hours(24));
  ASSERT_TRUE(Sync().ok());
  auto names = JobNames();
  ASSERT_EQ(names.size(), 1u);
  auto job = h_.GetOrEmpty(jobs_, "ns", names[0]);
  EXPECT_EQ(StrAt(job, {"metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp"}),
            "2026-01-02T09:00:00+09:00");
}

}  // namespace
}  // namespace kubepp::controllers::cronjob
