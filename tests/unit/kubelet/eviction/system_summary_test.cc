// SystemSummaryProvider over a FakeRuntime and fixture cgroup, proc and
// kubelet directories: node and pods' memory, filesystems, pids, and per-pod
// figures (pod cgroup, running containers, logs, local volumes).
#include "kubelet/eviction/system_summary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../test_util.h"
#include "fakes/fake_runtime.h"

namespace kubepp::kubelet::eviction {
namespace {

namespace fs = std::filesystem;
namespace v1 = ::runtime::v1;
using testing::Json;

constexpr uint64_t kMi = 1 << 20;

class SystemSummaryTest : public ::testing::Test {
 protected:
  SystemSummaryTest() {
    root_ = fs::temp_directory_path() /
            ("kubepp-summary-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root_ / "kubelet");
    Write("cg/memory/memory.usage_in_bytes", std::to_string(600 * kMi));
    Write("cg/memory/memory.stat", "total_inactive_file " + std::to_string(100 * kMi) + "\n");
    Write("cg/memory/kubepods/memory.usage_in_bytes", std::to_string(300 * kMi));
    Write("cg/memory/kubepods/memory.stat",
          "total_inactive_file " + std::to_string(20 * kMi) + "\n");
    Write("cg/memory/kubepods/besteffort/podu1/memory.usage_in_bytes", std::to_string(250 * kMi));
    Write("cg/memory/kubepods/besteffort/podu1/memory.stat", "total_inactive_file 0\n");
    Write("cg/pids/kubepods/besteffort/podu1/pids.current", "7\n");
    Write("proc/sys/kernel/pid_max", "32768\n");
    Write("proc/sys/kernel/threads-max", "100000\n");
    Write("proc/loadavg", "0.00 0.01 0.05 1/420 999\n");
    Write("logs/ns_web_u1/app/0.log", std::string(8192, 'l'));
    Write("kubelet/pods/u1/volumes/kubernetes.io~empty-dir/scratch/data", std::string(20000, 'd'));
    runtime_.AddImage("kubepp.local/busybox:1.35");
  }
  ~SystemSummaryTest() override { fs::remove_all(root_); }

  void Write(const std::string& path, const std::string& text) {
    fs::path p = root_ / path;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }

  // A running container of pod u1, using `memory`.
  std::string RunContainer(const std::string& name, uint64_t memory) {
    if (sandbox_.empty()) {
      v1::RunPodSandboxRequest request;
      request.mutable_config()->mutable_metadata()->set_uid("u1");
      (*request.mutable_config()->mutable_labels())["io.kubernetes.pod.uid"] = "u1";
      sandbox_ = runtime_.RunPodSandbox(request)->pod_sandbox_id();
    }
    v1::CreateContainerRequest create;
    create.set_pod_sandbox_id(sandbox_);
    create.mutable_config()->mutable_metadata()->set_name(name);
    create.mutable_config()->mutable_image()->set_image("kubepp.local/busybox:1.35");
    (*create.mutable_config()->mutable_labels())["io.kubernetes.pod.uid"] = "u1";
    std::string id = runtime_.CreateContainer(create)->container_id();
    v1::StartContainerRequest start;
    start.set_container_id(id);
    EXPECT_TRUE(runtime_.StartContainer(start).ok());
    runtime_.SetContainerUsage(id, 0, memory);
    return id;
  }

  SystemSummaryProvider Provider(std::vector<client::ObjectPtr> pods) {
    SystemSummaryOptions options;
    options.root_dir = (root_ / "kubelet").string();
    options.log_root = (root_ / "logs").string();
    options.cgroup_root = (root_ / "cg").string();
    options.proc_root = (root_ / "proc").string();
    options.memory_capacity_bytes = 1024 * kMi;
    options.reserved_memory_bytes = 524 * kMi;
    return SystemSummaryProvider(
        runtime_, runtime_, [pods] { return pods; }, options, clock_);
  }

  fs::path root_;
  FakeClock clock_;
  fakes::FakeRuntime runtime_{clock_};
  std::string sandbox_;
};

const client::ObjectPtr kWeb =
    client::MakeObject(Json(R"({"metadata":{"name":"web","namespace":"ns","uid":"u1"},
  "spec":{"containers":[{"name":"app"},{"name":"done"}],
          "volumes":[{"name":"scratch","emptyDir":{}},{"name":"ram","emptyDir":{"medium":"Memory"}},
                     {"name":"host","hostPath":{"path":"/"}}]}})"));

TEST_F(SystemSummaryTest, NodeFigures) {
  auto summary = Provider({}).Get();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const NodeStats& node = summary->node;
  // 1Gi capacity, root working set 600Mi - 100Mi.
  EXPECT_EQ(node.memory->working_set_bytes, 500 * kMi);
  EXPECT_EQ(node.memory->available_bytes, 524 * kMi);
  // Pods get 1Gi - 524Mi reserved = 500Mi; they use 280Mi.
  EXPECT_EQ(node.pods_memory->working_set_bytes, 280 * kMi);
  EXPECT_EQ(node.pods_memory->available_bytes, 220 * kMi);
  ASSERT_TRUE(node.nodefs.has_value());
  EXPECT_GT(*node.nodefs->capacity_bytes, 0u);
  ASSERT_TRUE(node.imagefs.has_value());
  EXPECT_TRUE(node.imagefs->used_bytes.has_value());
  EXPECT_EQ(node.imagefs->inodes_used, 100u);
  EXPECT_EQ(node.rlimit->max_pid, 32768);
  EXPECT_EQ(node.rlimit->running_processes, 420);
  EXPECT_TRUE(summary->pods.empty());
}

TEST_F(SystemSummaryTest, PodFiguresCoverItsCgroupRunningContainersLogsAndDiskVolumes) {
  RunContainer("app", 200 * kMi);
  std::string done = RunContainer("done", 5 * kMi);
  ASSERT_TRUE(runtime_.ExitContainer(done, 0).ok());
  auto summary = Provider({kWeb}).Get();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_EQ(summary->pods.size(), 1u);
  const PodStats& pod = summary->pods[0];
  EXPECT_EQ(pod.uid, "u1");
  EXPECT_EQ(pod.memory_working_set_bytes, 250 * kMi);
  EXPECT_EQ(pod.process_count, 7u);
  // Only the running container.
  ASSERT_EQ(pod.containers.size(), 1u);
  EXPECT_EQ(pod.containers[0].name, "app");
  EXPECT_EQ(pod.containers[0].memory_working_set_bytes, 200 * kMi);
  ASSERT_TRUE(pod.containers[0].rootfs.has_value());
  ASSERT_TRUE(pod.containers[0].logs.has_value());
  EXPECT_GE(*pod.containers[0].logs->used_bytes, 8192u);
  // The emptyDir on disk; not the tmpfs one, not the hostPath.
  ASSERT_EQ(pod.volumes.size(), 1u);
  EXPECT_EQ(pod.volumes[0].name, "scratch");
  EXPECT_GE(*pod.volumes[0].fs.used_bytes, 20000u);
}

TEST_F(SystemSummaryTest, RuntimeFailuresAreErrors) {
  runtime_.FailNext("ImageFsInfo", Status::Unavailable("rpc error: code = Unavailable"));
  EXPECT_FALSE(Provider({}).Get().ok());
  runtime_.FailNext("ImageFsInfo", Status::Unavailable("rpc error: code = Unavailable"));
  EXPECT_FALSE(Provider({}).HasDedicatedImageFs().ok());
  runtime_.FailNext("ListContainerStats", Status::Unavailable("rpc error: code = Unavailable"));
  EXPECT_FALSE(Provider({kWeb}).Get().ok());
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
