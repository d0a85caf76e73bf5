#include "kubelet/nodestatus/machine_info.h"

#include <sys/utsname.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {
namespace fs = std::filesystem;

// A fake /proc, /sys and /etc in a temporary directory, removed afterwards.
class MachineInfoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("kubepp-machine-info-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    paths_.proc = (root_ / "proc").string();
    paths_.sys = (root_ / "sys").string();
    paths_.etc = (root_ / "etc").string();
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& path, const std::string& text) {
    fs::path p = root_ / path;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }

  fs::path root_;
  HostPaths paths_;
};

TEST_F(MachineInfoTest, ReadsTheMachine) {
  Write("proc/meminfo", "MemTotal:       16323584 kB\nMemFree:         1000 kB\n");
  Write("sys/devices/system/cpu/online", "0-3,6\n");
  Write("sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "4\n");
  Write("sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages", "0\n");
  Write("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
  Write("sys/class/dmi/id/product_uuid", "4C4C4544-0042-3010-8057-B4C04F4E4D32\n");
  Write("proc/sys/kernel/random/boot_id", "11111111-2222-3333-4444-555555555555\n");
  Write("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");

  MachineInfo info = ReadMachineInfo(paths_, (root_ / "var/lib/kubelet").string());
  EXPECT_EQ(info.num_cores, 5);
  EXPECT_EQ(info.memory_capacity_bytes, 16323584ull * 1024);
  ASSERT_EQ(info.hugepages.size(), 2u);
  EXPECT_EQ(info.hugepages[0].page_size_bytes, 2ull << 20);
  EXPECT_EQ(info.hugepages[0].pages, 4u);
  EXPECT_EQ(info.hugepages[1].page_size_bytes, 1ull << 30);
  EXPECT_EQ(info.machine_id, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(info.system_uuid, "4C4C4544-0042-3010-8057-B4C04F4E4D32");
  EXPECT_EQ(info.boot_id, "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(info.os_image, "Debian GNU/Linux 12 (bookworm)");
  // The root dir does not exist yet: its filesystem is measured through the
  // nearest existing parent.
  EXPECT_GT(info.root_fs_capacity_bytes, 0u);
  struct utsname uts {};
  ASSERT_EQ(uname(&uts), 0);
  EXPECT_EQ(info.kernel_version, uts.release);
  EXPECT_EQ(info.architecture, GoArch(uts.machine));
}

TEST_F(MachineInfoTest, MissingFilesLeaveFieldsEmpty) {
  MachineInfo info = ReadMachineInfo(paths_, root_.string());
  EXPECT_EQ(info.memory_capacity_bytes, 0u);
  EXPECT_TRUE(info.hugepages.empty());
  EXPECT_TRUE(info.machine_id.empty());
  EXPECT_TRUE(info.system_uuid.empty());
  EXPECT_EQ(info.os_image, "Linux");
  EXPECT_GT(info.num_cores, 0);  // falls back to the running system's count
}

TEST(MachineInfo, GoArchitectureNames) {
  EXPECT_EQ(GoArch("x86_64"), "amd64");
  EXPECT_EQ(GoArch("aarch64"), "arm64");
  EXPECT_EQ(GoArch("armv7l"), "arm");
  EXPECT_EQ(GoArch("i686"), "386");
  EXPECT_EQ(GoArch("ppc64le"), "ppc64le");
  EXPECT_EQ(GoArch("s390x"), "s390x");
}

TEST(MachineInfo, CpuLists) {
  EXPECT_EQ(CountCpuList("0"), 1);
  EXPECT_EQ(CountCpuList("0-7"), 8);
  EXPECT_EQ(CountCpuList("0-1,4-5,9\n"), 5);
  EXPECT_EQ(CountCpuList(""), 0);
  EXPECT_EQ(CountCpuList("x"), 0);
  EXPECT_EQ(CountCpuList("3-1"), 0);
}

}  // namespace
}  // namespace kubepp::kubelet
