#include "controllers/ttlafterfinished/ttl_after_finished_controller.h"

#include <thread>

#include <gtest/gtest.h>

#include "controllers/common/fields.h"
#include "unit/controllers/workload_harness.h"

namespace kubepp::controllers::ttlafterfinished {
namespace {

using workload_testing::WorkloadHarness;

class TtlAfterFinishedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    controller_ = std::make_unique<TtlAfterFinishedController>(h_.ctx());
    h_.Start();
  }
  void TearDown() override {
    controller_->Stop();
    h_.informers().Stop();
  }
  void SeedJob(std::string_view ttl, std::string_view condition) {
    std::string text = R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"ns"},
        "spec":{)" + std::string(ttl) + R"("template":{}}})";
    h_.api().Seed(jobs_, WorkloadHarness::Json(text));
    if (!condition.empty()) {
      h_.SetStatus(jobs_, "ns", "pi",
                   WorkloadHarness::Json(R"({"conditions":[{"type":")" + std::string(condition) +
                                         R"(","status":"True","lastTransitionTime":")" +
                                         common::FormatTime(h_.clock().Now()) + "\"}]}"));
    }
    h_.Settle({jobs_});
  }
  bool JobExists() { return h_.api().Get(jobs_, "ns", "pi").ok(); }

  WorkloadHarness h_;
  client::Resource jobs_ = client::Resource::Of("batch", "jobs");
  std::unique_ptr<TtlAfterFinishedController> controller_;
};

TEST_F(TtlAfterFinishedTest, DeletesFinishedJobAfterTtl) {
  SeedJob(R"("ttlSecondsAfterFinished":100,)", "Complete");
  ASSERT_TRUE(controller_->Sync("ns/pi").ok());
  EXPECT_TRUE(JobExists());
  h_.clock().Advance(std::chrono::seconds(100));
  ASSERT_TRUE(controller_->Sync("ns/pi").ok());
  EXPECT_FALSE(JobExists());
}

TEST_F(TtlAfterFinishedTest, FailedJobsToo) {
  SeedJob(R"("ttlSecondsAfterFinished":0,)", "Failed");
  ASSERT_TRUE(controller_->Sync("ns/pi").ok());
  EXPECT_FALSE(JobExists());
}

TEST_F(TtlAfterFinishedTest, KeepsRunningJobsAndJobsWithoutTtl) {
  SeedJob(R"("ttlSecondsAfterFinished":0,)", "");
  ASSERT_TRUE(controller_->Sync("ns/pi").ok());
  EXPECT_TRUE(JobExists());
  ASSERT_TRUE(h_.api().Delete(jobs_, "ns", "pi").ok());
  SeedJob("", "Complete");
  h_.clock().Advance(std::chrono::hours(24));
  ASSERT_TRUE(controller_->Sync("ns/pi").ok());
  EXPECT_TRUE(JobExists());
}

TEST_F(TtlAfterFinishedTest, RaisedTtlInTheApiWins) {
  SeedJob(R"("ttlSecondsAfterFinished":10,)", "Complete");
  h_.clock().Advance(std::chrono::seconds(20));
  // The cache still says 10 s, the API says an hour.
  h_.api().SetReactor([this](const fakes::FakeAction& a) {
    if (a.verb == "get") {
      h_.api().SetReactor(nullptr);
      auto job = h_.GetOrEmpty(jobs_, "ns", "pi");
      job["spec"].as_object()["ttlSecondsAfterFinished"] = 3600;
      EXPECT_TRUE(h_.api().Update(jobs_, "ns", job).ok());
    }
    return Status::Ok();
  });
  ASSERT_TRUE(controller_->Sync("ns/pi").ok());
  EXPECT_TRUE(JobExists());
}

TEST_F(TtlAfterFinishedTest, RunningWorkersDeleteOnTheirOwn) {
  SeedJob(R"("ttlSecondsAfterFinished":5,)", "Complete");
  controller_->Start();
  h_.clock().Advance(std::chrono::seconds(6));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (JobExists() && std::chrono::steady_clock::now() < deadline) {
    h_.clock().Advance(std::chrono::milliseconds(100));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(JobExists());
}

}  // namespace
}  // namespace kubepp::controllers::ttlafterfinished
