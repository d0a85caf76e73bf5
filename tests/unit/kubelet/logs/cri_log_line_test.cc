// CRI log lines, their timestamps, tails of files, the log paths and the
// choice of container instance, against crafted inputs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <boost/json/parse.hpp>

#include "api/options/pod_log_options.h"
#include "kubelet/logs/cri_log_line.h"
#include "kubelet/logs/log_container.h"
#include "kubelet/logs/log_options.h"
#include "kubelet/logs/log_paths.h"
#include "kubelet/logs/tail.h"

namespace kubepp::kubelet::logs {
namespace {

TEST(CriLogLineTest, ParsesFullAndPartialEntries) {
  auto full = ParseCriLogLine("2016-10-06T00:17:09.669794202Z stdout F log content 1\n");
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_EQ(full->stream, LogStream::kStdout);
  EXPECT_FALSE(full->partial);
  EXPECT_EQ(full->content, "log content 1\n");
  EXPECT_EQ(full->timestamp.FormatFixed(), "2016-10-06T00:17:09.669794202Z");

  auto partial = ParseCriLogLine("2016-10-06T00:17:09.669794203Z stderr P part of a long \n");
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->stream, LogStream::kStderr);
  EXPECT_TRUE(partial->partial);
  EXPECT_EQ(partial->content, "part of a long ");  // the runtime's newline is not the container's

  auto tagged = ParseCriLogLine("2016-10-06T00:17:09Z stdout F:future text\n");
  ASSERT_TRUE(tagged.ok());
  EXPECT_FALSE(tagged->partial);
  EXPECT_EQ(tagged->content, "text\n");
  auto empty = ParseCriLogLine("2016-10-06T00:17:09Z stdout F \n");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->content, "\n");
}

TEST(CriLogLineTest, RejectsWhatUpstreamRejects) {
  EXPECT_EQ(ParseCriLogLine("nospace").status().message(), "timestamp is not found");
  EXPECT_FALSE(ParseCriLogLine("yesterday stdout F x\n").ok());
  EXPECT_EQ(ParseCriLogLine("2016-10-06T00:17:09Z stdout").status().message(), "stream type is not found");
  EXPECT_EQ(ParseCriLogLine("2016-10-06T00:17:09Z console F x\n").status().message(),
            "unexpected stream type \"console\"");
  EXPECT_EQ(ParseCriLogLine("2016-10-06T00:17:09Z stdout F").status().message(), "log tag is not found");
}

TEST(LogTimestampTest, WritesNineDigitsInTheOffsetItCameWith) {
  auto a = ParseLogTimestamp("2016-10-06T00:17:09.6697942Z");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->FormatFixed(), "2016-10-06T00:17:09.669794200Z");
  auto b = ParseLogTimestamp("2024-01-31T23:30:00.5+02:00");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->FormatFixed(), "2024-01-31T23:30:00.500000000+02:00");
  auto c = ParseLogTimestamp("2024-01-31T21:30:00.5Z");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(b->ToTimePoint(), c->ToTimePoint());
  auto d = ParseLogTimestamp("2024-01-01T00:30:00-05:30");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->FormatFixed(), "2024-01-01T00:30:00.000000000-05:30");
  EXPECT_FALSE(ParseLogTimestamp("2024-01-01T00:30:00.1234567891Z").ok());
  EXPECT_FALSE(ParseLogTimestamp("2024-01-01T00:30:00").ok());
  EXPECT_FALSE(ParseLogTimestamp("2024-01-01 00:30:00Z").ok());
}

class TailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("tail_test_" + std::to_string(::getpid()))).string();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  int64_t Tail(const std::string& content, int64_t n) {
    std::ofstream(path_, std::ios::trunc) << content;
    int fd = ::open(path_.c_str(), O_RDONLY);
    auto r = FindTailLineStart(fd, n);
    ::close(fd);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : -2;
  }
  std::string path_;
};

TEST_F(TailTest, CountsNewlinesFromTheEnd) {
  EXPECT_EQ(Tail("a\nb\nc\n", 1), 4);
  EXPECT_EQ(Tail("a\nb\nc\n", 2), 2);
  EXPECT_EQ(Tail("a\nb\nc\n", 3), 0);
  EXPECT_EQ(Tail("a\nb\nc\n", 10), 0);
  EXPECT_EQ(Tail("a\nb\nc\n", 0), 6);
  EXPECT_EQ(Tail("a\nb\nc\n", -1), 0);
  // An incomplete last line is not a line of its own.
  EXPECT_EQ(Tail("a\nb\nc", 1), 2);
  EXPECT_EQ(Tail("", 5), 0);
}

TEST_F(TailTest, ReadsOnlyBlocksNearTheEndOfLargeFiles) {
  std::string content;
  for (int i = 0; i < 20000; ++i) content += "line " + std::to_string(i) + "\n";
  int64_t start = Tail(content, 3);
  EXPECT_EQ(content.substr(static_cast<size_t>(start)), "line 19997\nline 19998\nline 19999\n");
}

TEST(LogPathsTest, LayOutPodAndContainerDirectories) {
  std::string pod = PodLogsDirectory("/var/lib/kubepp/kubelet", "default", "web-1", "0b1c");
  EXPECT_EQ(pod, "/var/lib/kubepp/kubelet/logs/pods/default_web-1_0b1c");
  EXPECT_EQ(ContainerLogsDirectory(pod, "nginx"), pod + "/nginx");
  EXPECT_EQ(ContainerLogRelativePath("nginx", 2), "nginx/2.log");
  EXPECT_EQ(ContainerLogPath(pod, "nginx", 0), pod + "/nginx/0.log");
}

TEST(LogOptionsTest, SinceIsTheLaterOfSecondsAndTime) {
  api::PodLogOptions o;
  o.since_seconds = 60;
  o.tail_lines = 5;
  o.limit_bytes = 10;
  Clock::TimePoint now = Clock::TimePoint(std::chrono::hours(24 * 365 * 50));
  LogOptions a = LogOptionsFrom(o, now);
  EXPECT_EQ(a.since, now - std::chrono::seconds(60));
  EXPECT_EQ(a.tail, 5);
  EXPECT_EQ(a.bytes, 10);
  o.since_time = now - std::chrono::seconds(10);
  EXPECT_EQ(LogOptionsFrom(o, now).since, now - std::chrono::seconds(10));
  o.since_time = now - std::chrono::seconds(100);
  EXPECT_EQ(LogOptionsFrom(o, now).since, now - std::chrono::seconds(60));
  LogOptions none = LogOptionsFrom(api::PodLogOptions{}, now);
  EXPECT_EQ(none.tail, -1);
  EXPECT_EQ(none.bytes, -1);
  EXPECT_FALSE(none.since);
}

StatusOr<std::string> Pick(const char* status_json, const char* container, bool previous) {
  auto status = boost::json::parse(status_json).as_object();
  return ContainerIdForLogs(status, "web-1", container, previous);
}

TEST(LogContainerTest, ChoosesTheInstanceAsTheKubeletDoes) {
  const char* restarted = R"({"containerStatuses":[{"name":"app","containerID":"containerd://new",
      "state":{"running":{}},"lastState":{"terminated":{"containerID":"containerd://old","exitCode":1}}}]})";
  EXPECT_EQ(*Pick(restarted, "app", false), "containerd://new");
  EXPECT_EQ(*Pick(restarted, "app", true), "containerd://old");

  const char* fresh = R"({"containerStatuses":[{"name":"app","containerID":"containerd://x","state":{"running":{}}}]})";
  EXPECT_EQ(Pick(fresh, "app", true).status().message(), "previous terminated container \"app\" in pod \"web-1\" not found");
  EXPECT_EQ(Pick(fresh, "other", false).status().message(), "container \"other\" in pod \"web-1\" is not available");

  const char* init = R"({"initContainerStatuses":[{"name":"setup","state":{"terminated":{"containerID":"containerd://i"}}}]})";
  EXPECT_EQ(*Pick(init, "setup", false), "containerd://i");

  const char* crashed = R"({"containerStatuses":[{"name":"app","state":{"terminated":{}},
      "lastState":{"terminated":{"containerID":"containerd://prev"}}}]})";
  EXPECT_EQ(*Pick(crashed, "app", false), "containerd://prev");
  const char* lost = R"({"containerStatuses":[{"name":"app","state":{"terminated":{}}}]})";
  EXPECT_EQ(Pick(lost, "app", false).status().message(), "container \"app\" in pod \"web-1\" is terminated");

  const char* backoff = R"({"containerStatuses":[{"name":"app","state":{"waiting":{"reason":"CrashLoopBackOff"}},
      "lastState":{"terminated":{"containerID":"containerd://prev"}}}]})";
  EXPECT_EQ(*Pick(backoff, "app", false), "containerd://prev");
  const char* creating = R"({"containerStatuses":[{"name":"app","state":{"waiting":{"reason":"ContainerCreating"}}}]})";
  Status st = Pick(creating, "app", false).status();
  EXPECT_EQ(st.reason(), Reason::kBadRequest);
  EXPECT_EQ(st.message(), "container \"app\" in pod \"web-1\" is waiting to start: ContainerCreating");
  const char* pull = R"({"containerStatuses":[{"name":"app","state":{"waiting":{"reason":"ImagePullBackOff"}}}]})";
  EXPECT_EQ(Pick(pull, "app", false).status().message(),
            "container \"app\" in pod \"web-1\" is waiting to start: trying and failing to pull image");
  const char* pull_err = R"({"containerStatuses":[{"name":"app","state":{"waiting":{"reason":"ErrImagePull"}}}]})";
  EXPECT_EQ(Pick(pull_err, "app", false).status().message(),
            "container \"app\" in pod \"web-1\" is waiting to start: image can't be pulled");
  const char* unknown = R"({"containerStatuses":[{"name":"app","state":{}}]})";
  EXPECT_EQ(Pick(unknown, "app", false).status().message(),
            "container \"app\" in pod \"web-1\" is waiting to start - no logs yet");
}

}  // namespace
}  // namespace kubepp::kubelet::logs
