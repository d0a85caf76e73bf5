#include "kubelet/containerd/child_process.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kubepp::kubelet::containerd {
namespace {

using namespace std::chrono_literals;

class ChildProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kubepp-child-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string dir_;
};

TEST_F(ChildProcessTest, ExitStatusAndOutput) {
  std::string log = dir_ + "/out.log";
  auto child = ChildProcess::Spawn({{"sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"}, log});
  ASSERT_TRUE(child.ok()) << child.status().ToString();
  int status = (*child)->Wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
  EXPECT_TRUE((*child)->Exited());
  EXPECT_EQ(Read(log), "to-stdout\nto-stderr\n");
  EXPECT_EQ(ChildProcess::DescribeWaitStatus(status), "exited with 3");

  // Output is appended, not truncated.
  auto again = ChildProcess::Spawn({{"echo", "more"}, log});
  ASSERT_TRUE(again.ok());
  (*again)->Wait();
  EXPECT_EQ(Read(log), "to-stdout\nto-stderr\nmore\n");
}

TEST_F(ChildProcessTest, MissingProgramIsNotFound) {
  auto child = ChildProcess::Spawn({{"/nonexistent/kubepp-no-such-binary"}, ""});
  ASSERT_FALSE(child.ok());
  EXPECT_TRUE(child.status().IsNotFound()) << child.status().ToString();
}

TEST_F(ChildProcessTest, WaitForTimesOutThenSignalEnds) {
  auto child = ChildProcess::Spawn({{"sleep", "600"}, ""});
  ASSERT_TRUE(child.ok());
  EXPECT_FALSE((*child)->WaitFor(50ms).has_value());
  ASSERT_TRUE((*child)->Signal(SIGTERM).ok());
  auto status = (*child)->WaitFor(30s);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFSIGNALED(*status));
  EXPECT_EQ(WTERMSIG(*status), SIGTERM);
  EXPECT_EQ(ChildProcess::DescribeWaitStatus(*status), "killed by signal 15");
  EXPECT_TRUE((*child)->Signal(SIGTERM).ok());  // after the exit: nothing to signal, no error
}

TEST_F(ChildProcessTest, ChildStartsWithCleanSignalsOwnGroupAndNoInheritedFds) {
  // kubepp blocks SIGTERM and ignores SIGPIPE; its children must not inherit that.
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &block, &old);
  auto previous_pipe = signal(SIGPIPE, SIG_IGN);
  int leaked = open("/dev/null", O_RDONLY);  // without O_CLOEXEC
  ASSERT_GE(leaked, 3);

  std::string log = dir_ + "/status.log";
  auto child = ChildProcess::Spawn(
      {{"sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status; ls /proc/self/fd | wc -l; ps -o pgid= -p $$ 2>/dev/null || cut -d' ' -f5 /proc/$$/stat"},
       log});
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  signal(SIGPIPE, previous_pipe);
  close(leaked);
  ASSERT_TRUE(child.ok());
  pid_t pid = (*child)->pid();
  int status = (*child)->Wait();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << Read(log);

  std::string out = Read(log);
  EXPECT_NE(out.find("SigBlk:\t0000000000000000"), std::string::npos) << out;
  // No standard signal ignored (the C library may keep its own real-time ones, 32 and 33).
  size_t ign_at = out.find("SigIgn:\t");
  ASSERT_NE(ign_at, std::string::npos) << out;
  EXPECT_EQ(std::stoull(out.substr(ign_at + 8, 16), nullptr, 16) & 0x7fffffffULL, 0u) << out;
  std::istringstream lines(out);
  std::string blk, ign;
  int fds = 0;
  std::string pgid;
  std::getline(lines, blk);
  std::getline(lines, ign);
  lines >> fds >> pgid;
  // 0, 1, 2 and the directory handle ls itself opens.
  EXPECT_LE(fds, 4) << out;
  EXPECT_EQ(pgid, std::to_string(pid)) << out;
}

TEST_F(ChildProcessTest, DestructorKillsARunningChild) {
  pid_t pid;
  {
    auto child = ChildProcess::Spawn({{"sleep", "600"}, ""});
    ASSERT_TRUE(child.ok());
    pid = (*child)->pid();
  }
  // Reaped by the destructor: the PID no longer names our child.
  EXPECT_EQ(waitpid(pid, nullptr, WNOHANG), -1);
}

}  // namespace
}  // namespace kubepp::kubelet::containerd
