// The supervisor's failure paths, which need no real containerd (tests/integration/
// test_containerd.py runs the real one: start, restart, stale instance, removal on stop).
#include "kubelet/containerd/containerd.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kubepp::kubelet::containerd {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class ContainerdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kubepp-ctd-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    options_.data_dir = dir_ + "/data";
    options_.start_timeout = 30s;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
  ContainerdOptions options_;
};

TEST_F(ContainerdTest, AMissingBinaryIsNotFound) {
  options_.containerd_binary = dir_ + "/no-containerd";
  Containerd runtime(options_);
  Status st = runtime.Start();
  EXPECT_TRUE(st.IsNotFound()) << st.ToString();
  EXPECT_EQ(runtime.pid(), 0);
  // The configuration was written before the start was tried.
  EXPECT_TRUE(fs::exists(runtime.paths().config));
  EXPECT_TRUE(fs::is_directory(runtime.paths().cni_conf_dir));
  EXPECT_FALSE(fs::exists(runtime.paths().pid_file));
  EXPECT_TRUE(runtime.Stop(Containerd::StopMode::kKeepContainers).ok());  // nothing to stop
}

TEST_F(ContainerdTest, AContainerdThatExitsAtOnceFailsTheStartWithItsLog) {
  std::string fake = dir_ + "/containerd";
  std::ofstream(fake) << "#!/bin/sh\necho \"containerd: failed to load $2: something is wrong\" >&2\nexit 1\n";
  fs::permissions(fake, fs::perms::owner_all);
  options_.containerd_binary = fake;
  Containerd runtime(options_);
  auto t0 = std::chrono::steady_clock::now();
  Status st = runtime.Start();
  EXPECT_EQ(st.reason(), Reason::kUnavailable) << st.ToString();
  EXPECT_NE(st.message().find("exited with 1"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("something is wrong"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find(runtime.paths().config), std::string::npos) << st.message();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, options_.start_timeout);
  EXPECT_FALSE(fs::exists(runtime.paths().pid_file));
}

TEST_F(ContainerdTest, AContainerdThatNeverServesTimesOut) {
  std::string fake = dir_ + "/containerd";
  std::ofstream(fake) << "#!/bin/sh\nexec sleep 600\n";
  fs::permissions(fake, fs::perms::owner_all);
  options_.containerd_binary = fake;
  options_.start_timeout = 300ms;
  Containerd runtime(options_);
  Status st = runtime.Start();
  EXPECT_EQ(st.reason(), Reason::kTimeout) << st.ToString();
  EXPECT_EQ(runtime.pid(), 0);  // the stuck process was killed
}

TEST_F(ContainerdTest, DataDirTooLongForASocketIsRefused) {
  options_.data_dir = dir_ + "/" + std::string(100, 'd');
  Containerd runtime(options_);
  Status st = runtime.Start();
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find("too long"), std::string::npos);
}

TEST_F(ContainerdTest, ConfigAndRegistryHostsAreWritten) {
  options_.containerd_binary = dir_ + "/no-containerd";
  options_.insecure_registries = {"127.0.0.1:5000"};
  Containerd runtime(options_);
  runtime.Start();
  std::ifstream config(runtime.paths().config);
  std::stringstream text;
  text << config.rdbuf();
  EXPECT_NE(text.str().find("address = \"" + runtime.paths().socket + "\""), std::string::npos);
  EXPECT_TRUE(fs::exists(runtime.paths().registry_config_dir + "/127.0.0.1:5000/hosts.toml"));
  EXPECT_EQ(runtime.endpoint(), "unix://" + options_.data_dir + "/containerd/containerd.sock");
}

}  // namespace
}  // namespace kubepp::kubelet::containerd
