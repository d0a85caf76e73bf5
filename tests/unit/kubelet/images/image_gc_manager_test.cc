// ImageGcManager over the in-memory runtime, a filesystem whose usage the
// test sets, and a FakeClock: which images a collection removes, in which
// order, what it never removes, and the errors and events upstream reports.
#include "kubelet/images/image_gc_manager.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

#include "fakes/fake_event_recorder.h"
#include "fakes/fake_runtime.h"
#include "unit/eventually.h"

namespace kubepp::kubelet {
namespace {

using namespace std::chrono_literals;
namespace v1 = ::runtime::v1;

constexpr int64_t kMB = 1000 * 1000;

class FakeFs : public ImageFsUsageSource {
 public:
  StatusOr<FsUsage> Usage() override {
    calls++;
    std::lock_guard lock(mu);
    if (!error.ok()) return error;
    return FsUsage{"/var/lib/containerd", capacity, available};
  }
  void Set(uint64_t cap, uint64_t avail) {
    std::lock_guard lock(mu);
    capacity = cap;
    available = avail;
  }
  void Fail(Status st) {
    std::lock_guard lock(mu);
    error = std::move(st);
  }

  std::atomic<int> calls{0};
  std::mutex mu;
  uint64_t capacity = 1000 * kMB, available = 900 * kMB;
  Status error = Status::Ok();
};

class ImageGcManagerTest : public ::testing::Test {
 protected:
  ImageGcManagerTest() : runtime_(clock_) {}

  ImageGcManager& Manager(ImageGcPolicy policy = {}, std::vector<std::string> pinned = {}) {
    ImageGcOptions options;
    options.policy = policy;
    options.node_name = "node-1";
    options.pinned_images = std::move(pinned);
    manager_ = std::make_unique<ImageGcManager>(runtime_, runtime_, fs_, recorder_, clock_, options);
    return *manager_;
  }

  std::string Image(const std::string& ref, int64_t size) {
    std::string id = runtime_.AddImage(ref);
    runtime_.SetImageSize(ref, static_cast<uint64_t>(size));
    return id;
  }

  // A container made from `image` in a sandbox of its own; its ID.
  std::string ContainerFrom(const std::string& image) {
    static int n = 0;
    v1::RunPodSandboxRequest run;
    run.mutable_config()->mutable_metadata()->set_name("pod-" + std::to_string(++n));
    run.mutable_config()->mutable_metadata()->set_uid("uid-" + std::to_string(n));
    auto sandbox = runtime_.RunPodSandbox(run);
    EXPECT_TRUE(sandbox.ok()) << sandbox.status().ToString();
    v1::CreateContainerRequest create;
    create.set_pod_sandbox_id(sandbox->pod_sandbox_id());
    create.mutable_config()->mutable_metadata()->set_name("main");
    create.mutable_config()->mutable_image()->set_image(image);
    auto created = runtime_.CreateContainer(create);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created->container_id();
  }

  void RemoveContainer(const std::string& id) {
    v1::RemoveContainerRequest remove;
    remove.set_container_id(id);
    ASSERT_TRUE(runtime_.RemoveContainer(remove).ok());
  }

  // Usage at `percent`% of a 1000 MB filesystem.
  void UsagePercent(int percent) { fs_.Set(1000 * kMB, static_cast<uint64_t>(1000 - 10 * percent) * kMB); }

  std::vector<std::string> Removed() {
    std::vector<std::string> out;
    for (const auto& call : runtime_.Calls()) {
      if (call == "RemoveImage") out.push_back(call);
    }
    return out;
  }

  std::vector<std::string> Reasons() {
    std::vector<std::string> out;
    for (const auto& e : recorder_.Events()) out.push_back(e.reason);
    return out;
  }

  FakeClock clock_;
  fakes::FakeRuntime runtime_;
  FakeFs fs_;
  fakes::FakeEventRecorder recorder_;
  std::unique_ptr<ImageGcManager> manager_;
};

TEST_F(ImageGcManagerTest, BelowTheHighThresholdNothingIsRemoved) {
  auto& gc = Manager();
  Image("old:1", 100 * kMB);
  UsagePercent(84);
  ASSERT_TRUE(gc.GarbageCollect().ok());
  clock_.Advance(10min);
  ASSERT_TRUE(gc.GarbageCollect().ok());
  EXPECT_TRUE(runtime_.HasImage("old:1"));
  EXPECT_TRUE(Removed().empty());
}

TEST_F(ImageGcManagerTest, FreesOldestFirstUntilUnderTheLowThreshold) {
  auto& gc = Manager();
  UsagePercent(10);
  Image("first:1", 60 * kMB);
  ASSERT_TRUE(gc.GarbageCollect().ok());  // first seen now
  clock_.Advance(10s);
  Image("second:1", 60 * kMB);
  ASSERT_TRUE(gc.GarbageCollect().ok());
  clock_.Advance(10s);
  Image("third:1", 60 * kMB);
  ASSERT_TRUE(gc.GarbageCollect().ok());
  clock_.Advance(3min);
  // 90% used: free 1000*20% - 100 = 100 MB, which the two oldest images cover.
  UsagePercent(90);
  ASSERT_TRUE(gc.GarbageCollect().ok());
  EXPECT_FALSE(runtime_.HasImage("first:1"));
  EXPECT_FALSE(runtime_.HasImage("second:1"));
  EXPECT_TRUE(runtime_.HasImage("third:1"));
  EXPECT_TRUE(recorder_.Events().empty());
}

TEST_F(ImageGcManagerTest, ImagesNeverUsedGoBeforeImagesUsedOnce) {
  auto& gc = Manager();
  UsagePercent(10);
  Image("was-used:1", 150 * kMB);
  std::string container = ContainerFrom("was-used:1");
  ASSERT_TRUE(gc.GarbageCollect().ok());  // seen first, and in use
  clock_.Advance(10s);
  Image("never-used:1", 150 * kMB);
  ASSERT_TRUE(gc.GarbageCollect().ok());
  RemoveContainer(container);
  clock_.Advance(5min);
  UsagePercent(90);  // 100 MB to free: one image is enough
  ASSERT_TRUE(gc.GarbageCollect().ok());
  EXPECT_FALSE(runtime_.HasImage("never-used:1"));
  EXPECT_TRUE(runtime_.HasImage("was-used:1"));
}

TEST_F(ImageGcManagerTest, UsedPinnedAndSandboxImagesAreNeverRemoved) {
  auto& gc = Manager({}, {"kubepp.local/pause:3.9"});
  UsagePercent(10);
  Image("kubepp.local/pause:3.9", 1 * kMB);
  Image("pinned:1", 100 * kMB);
  runtime_.SetImagePinned("pinned:1", true);
  Image("running:1", 100 * kMB);
  std::string container = ContainerFrom("running:1");
  v1::StartContainerRequest start;
  start.set_container_id(container);
  ASSERT_TRUE(runtime_.StartContainer(start).ok());
  Image("exited:1", 100 * kMB);
  ContainerFrom("exited:1");  // created, never started: still counts
  Image("unused:1", 10 * kMB);
  ASSERT_TRUE(gc.GarbageCollect().ok());
  clock_.Advance(10min);
  UsagePercent(95);  // 150 MB to free, of which only 10 MB may go
  Status st = gc.GarbageCollect();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "Failed to garbage collect required amount of images. Attempted to free 150000000 bytes, but only "
            "found 10000000 bytes eligible to free.");
  EXPECT_FALSE(runtime_.HasImage("unused:1"));
  for (const char* kept : {"kubepp.local/pause:3.9", "pinned:1", "running:1", "exited:1"}) {
    EXPECT_TRUE(runtime_.HasImage(kept)) << kept;
  }
  auto events = recorder_.Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].object_key, "node-1");
  EXPECT_EQ(events[0].type, "Warning");
  EXPECT_EQ(events[0].reason, "FreeDiskSpaceFailed");
  EXPECT_EQ(events[0].message, st.message());
}

TEST_F(ImageGcManagerTest, ImagesYoungerThanTheMinimumAgeStay) {
  ImageGcPolicy policy;
  policy.min_age = 2min;
  auto& gc = Manager(policy);
  Image("fresh:1", 500 * kMB);
  UsagePercent(90);
  EXPECT_FALSE(gc.GarbageCollect().ok());  // nothing old enough to free
  EXPECT_TRUE(runtime_.HasImage("fresh:1"));
  clock_.Advance(119s);
  EXPECT_FALSE(gc.GarbageCollect().ok());
  EXPECT_TRUE(runtime_.HasImage("fresh:1"));
  clock_.Advance(1s);
  EXPECT_TRUE(gc.GarbageCollect().ok());
  EXPECT_FALSE(runtime_.HasImage("fresh:1"));
}

TEST_F(ImageGcManagerTest, FailedRemovalsAreReportedAndOthersStillGo) {
  ImageGcPolicy policy;
  policy.min_age = 0s;
  auto& gc = Manager(policy);
  UsagePercent(10);
  Image("stuck:1", 50 * kMB);
  ASSERT_TRUE(gc.GarbageCollect().ok());  // first seen before free:1
  clock_.Advance(1s);
  Image("free:1", 50 * kMB);
  UsagePercent(90);
  runtime_.FailNext("RemoveImage", Status::Internal("rpc error: code = Unknown desc = image is busy"));
  Status st = gc.GarbageCollect();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "wanted to free 100000000 bytes, but freed 50000000 bytes space with errors in image deletion: rpc "
            "error: code = Unknown desc = image is busy");
  EXPECT_TRUE(runtime_.HasImage("stuck:1"));
  EXPECT_FALSE(runtime_.HasImage("free:1"));
}

TEST_F(ImageGcManagerTest, ZeroCapacityIsAnError) {
  auto& gc = Manager();
  fs_.Set(0, 0);
  Status st = gc.GarbageCollect();
  EXPECT_EQ(st.message(), "invalid capacity 0 on image filesystem");
  EXPECT_EQ(Reasons(), std::vector<std::string>{"InvalidDiskCapacity"});
}

TEST_F(ImageGcManagerTest, DeleteUnusedImagesIgnoresUsage) {
  auto& gc = Manager();
  Image("a:1", 10 * kMB);
  Image("b:1", 20 * kMB);
  Image("kept:1", 20 * kMB);
  ContainerFrom("kept:1");
  UsagePercent(1);
  ASSERT_TRUE(gc.GarbageCollect().ok());
  clock_.Advance(3min);
  auto freed = gc.DeleteUnusedImages();
  ASSERT_TRUE(freed.ok());
  EXPECT_EQ(*freed, 30 * kMB);
  EXPECT_FALSE(runtime_.HasImage("a:1"));
  EXPECT_FALSE(runtime_.HasImage("b:1"));
  EXPECT_TRUE(runtime_.HasImage("kept:1"));
}

TEST_F(ImageGcManagerTest, StartedItCollectsEveryPeriodAndReportsRepeatedFailures) {
  auto& gc = Manager();
  fs_.Fail(Status::Unavailable("image filesystem stats are not ready"));
  gc.Start(5min);
  ASSERT_TRUE(Eventually([&] { return fs_.calls.load() == 1 && clock_.Waiters() == 1; }));
  EXPECT_TRUE(recorder_.Events().empty());  // one failure: stats may not be ready yet
  clock_.Advance(5min);
  ASSERT_TRUE(Eventually([&] { return fs_.calls.load() == 2 && clock_.Waiters() == 1; }));
  ASSERT_EQ(Reasons(), std::vector<std::string>{"ImageGCFailed"});
  EXPECT_EQ(recorder_.Events()[0].message, "image filesystem stats are not ready");
  // Success resets the count.
  fs_.Fail(Status::Ok());
  clock_.Advance(5min);
  ASSERT_TRUE(Eventually([&] { return fs_.calls.load() == 3 && clock_.Waiters() == 1; }));
  fs_.Fail(Status::Unavailable("again"));
  clock_.Advance(5min);
  ASSERT_TRUE(Eventually([&] { return fs_.calls.load() == 4 && clock_.Waiters() == 1; }));
  EXPECT_EQ(Reasons(), std::vector<std::string>{"ImageGCFailed"});
  gc.Stop();
}

TEST_F(ImageGcManagerTest, HighThresholdOfOneHundredTurnsCollectionOff) {
  ImageGcPolicy policy;
  policy.high_threshold_percent = 100;
  auto& gc = Manager(policy);
  gc.Start(1s);
  EXPECT_EQ(clock_.Waiters(), 0);
  EXPECT_EQ(fs_.calls.load(), 0);
  gc.Stop();
}

TEST(ImageGcPolicyTest, ValidatesAsUpstream) {
  EXPECT_TRUE(ValidateImageGcPolicy({85, 80, 2min}).ok());
  EXPECT_TRUE(ValidateImageGcPolicy({1, 0, 0s}).ok());
  EXPECT_TRUE(ValidateImageGcPolicy({100, 99, 0s}).ok());
  EXPECT_EQ(ValidateImageGcPolicy({80, 80, 2min}).message(),
            "invalid configuration: imageGCLowThresholdPercent (--image-gc-low-threshold) 80 must be less than "
            "imageGCHighThresholdPercent (--image-gc-high-threshold) 80");
  EXPECT_EQ(ValidateImageGcPolicy({101, 80, 2min}).message(),
            "invalid configuration: imageGCHighThresholdPercent (--image-gc-high-threshold) 101 must be between 0 "
            "and 100, inclusive");
  EXPECT_EQ(ValidateImageGcPolicy({50, -1, 2min}).message(),
            "invalid configuration: imageGCLowThresholdPercent (--image-gc-low-threshold) -1 must be between 0 and "
            "100, inclusive");
  // Several violations read as upstream's aggregate.
  EXPECT_EQ(ValidateImageGcPolicy({0, 0, 2min}).message(),
            "invalid configuration: imageGCLowThresholdPercent (--image-gc-low-threshold) 0 must be less than "
            "imageGCHighThresholdPercent (--image-gc-high-threshold) 0");
  EXPECT_EQ(ValidateImageGcPolicy({-5, 101, 2min}).message().substr(0, 1), "[");
}

}  // namespace
}  // namespace kubepp::kubelet
