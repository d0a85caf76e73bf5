// ReadLogs on crafted CRI log files: whole reads, partial entries, tails over
// many lines, since, timestamps, byte limits, malformed lines; and following
// a file a writer thread appends to, across a rotation, until the container
// stops or the reader is told to stop. Waits poll with deadlines.
#include "kubelet/logs/read_logs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kubepp::kubelet::logs {
namespace {

using namespace std::chrono_literals;

bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds deadline = 10s) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return cond();
}

// "2024-03-01T10:00:<sec>.000000001Z <stream> <tag> <text>\n"
std::string Entry(int sec, const std::string& text, const char* tag = "F", const char* stream = "stdout") {
  char ts[64];
  std::snprintf(ts, sizeof ts, "2024-03-01T10:%02d:%02d.000000001Z", sec / 60, sec % 60);
  return std::string(ts) + " " + stream + " " + tag + " " + text + "\n";
}

Clock::TimePoint At(int sec) {
  return Clock::TimePoint(std::chrono::seconds(1709287200 + sec));  // 2024-03-01T10:00:00Z + sec
}

class ReadLogsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "read_logs_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/0.log";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void WriteFile(const std::string& content) { std::ofstream(path_, std::ios::trunc | std::ios::binary) << content; }
  void Append(const std::string& content) {
    std::ofstream f(path_, std::ios::app | std::ios::binary);
    f << content;
    f.flush();
  }

  // Reads the whole log (no follow) with `options`; the output of both streams.
  std::string Read(const LogOptions& options, Status* status = nullptr) {
    std::string out;
    Status st = ReadLogs(path_, options, [&](LogStream, std::string_view b) {
      out.append(b);
      return true;
    }, FollowControl{});
    if (status) *status = st;
    EXPECT_TRUE(status || st.ok()) << st.ToString();
    return out;
  }

  std::string dir_, path_;
};

TEST_F(ReadLogsTest, ReadsEveryEntryAndJoinsPartialOnes) {
  WriteFile(Entry(1, "one") + Entry(2, "a long ", "P") + Entry(3, "line in ", "P") + Entry(4, "three parts") +
            Entry(5, "err", "F", "stderr"));
  EXPECT_EQ(Read({}), "one\na long line in three parts\nerr\n");
}

TEST_F(ReadLogsTest, KeepsStreamsApart) {
  WriteFile(Entry(1, "out") + Entry(2, "err", "F", "stderr"));
  std::string out, err;
  ASSERT_TRUE(ReadLogs(path_, {}, [&](LogStream s, std::string_view b) {
    (s == LogStream::kStdout ? out : err).append(b);
    return true;
  }, {}).ok());
  EXPECT_EQ(out, "out\n");
  EXPECT_EQ(err, "err\n");
}

TEST_F(ReadLogsTest, TailsTheLastLinesOfALongLog) {
  std::string content;
  for (int i = 0; i < 5000; ++i) content += Entry(i % 3600, "line " + std::to_string(i));
  WriteFile(content);
  LogOptions o;
  o.tail = 3;
  EXPECT_EQ(Read(o), "line 4997\nline 4998\nline 4999\n");
  o.tail = 0;
  EXPECT_EQ(Read(o), "");
  o.tail = 100000;
  EXPECT_EQ(Read(o).size(), content.size() - 5000 * std::string("2024-03-01T10:00:00.000000001Z stdout F ").size());
}

TEST_F(ReadLogsTest, AnIncompleteLastLineIsShownButNotCountedInTheTail) {
  WriteFile(Entry(1, "one") + Entry(2, "two") + "2024-03-01T10:00:03.000000001Z stdout F three");
  EXPECT_EQ(Read({}), "one\ntwo\nthree");
  LogOptions o;
  o.tail = 1;
  EXPECT_EQ(Read(o), "two\n");
}

TEST_F(ReadLogsTest, SinceSkipsOlderEntries) {
  WriteFile(Entry(1, "old") + Entry(5, "edge") + Entry(9, "new"));
  LogOptions o;
  o.since = At(5);
  EXPECT_EQ(Read(o), "edge\nnew\n");  // 10:00:05.000000001 is not before 10:00:05
  o.since = At(6);
  EXPECT_EQ(Read(o), "new\n");
  // With a tail, skipped entries still count as lines of the tail.
  o.tail = 2;
  EXPECT_EQ(Read(o), "new\n");
}

TEST_F(ReadLogsTest, TimestampsPrefixEachEntry) {
  WriteFile("2024-03-01T10:00:01.5Z stdout F hello\n2024-03-01T12:00:02+02:00 stdout P wor\n"
            "2024-03-01T10:00:03Z stdout F ld\n");
  LogOptions o;
  o.timestamps = true;
  EXPECT_EQ(Read(o),
            "2024-03-01T10:00:01.500000000Z hello\n"
            "2024-03-01T12:00:02.000000000+02:00 wor2024-03-01T10:00:03.000000000Z ld\n");
}

TEST_F(ReadLogsTest, LimitBytesCutsTheLastEntry) {
  WriteFile(Entry(1, "abcdef") + Entry(2, "ghijkl") + Entry(3, "mnopqr"));
  LogOptions o;
  o.bytes = 10;
  EXPECT_EQ(Read(o), "abcdef\nghi");
  o.bytes = 7;
  EXPECT_EQ(Read(o), "abcdef\n");
  o.timestamps = true;
  o.bytes = 20;
  EXPECT_EQ(Read(o), "2024-03-01T10:00:01.");
}

TEST_F(ReadLogsTest, MalformedLines) {
  WriteFile(Entry(1, "one") + "garbage here\n" + Entry(2, "two"));
  EXPECT_EQ(Read({}), "one\ntwo\n");  // skipped once the format is known
  WriteFile("{\"log\":\"docker json\"}\n" + Entry(2, "two"));
  Status st;
  EXPECT_EQ(Read({}, &st), "");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("unsupported log format"), std::string::npos) << st.ToString();
}

TEST_F(ReadLogsTest, MissingFilesReadAsUpstreamSays) {
  Status st = ReadLogs(dir_ + "/nope.log", {}, [](LogStream, std::string_view) { return true; }, {});
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "failed to try resolving symlinks in path \"" + dir_ +
                              "/nope.log\": lstat " + dir_ + "/nope.log: no such file or directory");
}

TEST_F(ReadLogsTest, SymlinksAreResolved) {
  WriteFile(Entry(1, "through a link"));
  std::filesystem::create_symlink(path_, dir_ + "/link.log");
  std::string out;
  ASSERT_TRUE(ReadLogs(dir_ + "/link.log", {}, [&](LogStream, std::string_view b) {
    out.append(b);
    return true;
  }, {}).ok());
  EXPECT_EQ(out, "through a link\n");
}

// Runs a following reader on its own thread, collecting its output.
class Follower {
 public:
  Follower(const std::string& path, LogOptions options, std::function<bool()> running,
           std::function<bool()> stop = nullptr, size_t accept_bytes = SIZE_MAX)
      : accept_bytes_(accept_bytes) {
    options.follow = true;
    FollowControl control;
    control.container_running = std::move(running);
    control.stop_requested = std::move(stop);
    control.poll_interval = 20ms;
    control.force_check = 200ms;
    thread_ = std::thread([this, path, options, control] {
      Status st = ReadLogs(path, options, [this](LogStream, std::string_view b) {
        std::lock_guard lock(mu_);
        out_.append(b);
        return out_.size() < accept_bytes_;
      }, control);
      std::lock_guard lock(mu_);
      status_ = st;
      done_ = true;
    });
  }
  ~Follower() {
    if (thread_.joinable()) thread_.join();
  }
  std::string out() {
    std::lock_guard lock(mu_);
    return out_;
  }
  bool done() {
    std::lock_guard lock(mu_);
    return done_;
  }
  Status status() {
    std::lock_guard lock(mu_);
    return status_;
  }
  bool WaitOut(const std::string& expected) {
    return WaitFor([&] { return out() == expected; });
  }
  bool WaitDone() { return WaitFor([&] { return done(); }); }

 private:
  const size_t accept_bytes_;
  std::mutex mu_;
  std::string out_;
  bool done_ = false;
  Status status_;
  std::thread thread_;
};

TEST_F(ReadLogsTest, FollowReadsWhatAWriterAppendsUntilTheContainerStops) {
  WriteFile(Entry(1, "before"));
  std::atomic<bool> running{true};
  Follower f(path_, {}, [&] { return running.load(); });
  ASSERT_TRUE(f.WaitOut("before\n")) << f.out();
  std::atomic<bool> writer_done{false};
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i) Append(Entry(2 + i, "tick " + std::to_string(i)));
    // A long line the runtime split, written in two steps.
    Append(Entry(30, "half ", "P"));
    Append(Entry(31, "and half"));
    writer_done = true;
  });
  writer.join();
  std::string expected = "before\n";
  for (int i = 0; i < 20; ++i) expected += "tick " + std::to_string(i) + "\n";
  expected += "half and half\n";
  ASSERT_TRUE(f.WaitOut(expected)) << f.out();
  EXPECT_FALSE(f.done());
  // An incomplete entry waits until it is complete.
  Append("2024-03-01T10:00:40Z stdout F wait for it");
  Append("...\n");
  expected += "wait for it...\n";
  ASSERT_TRUE(f.WaitOut(expected)) << f.out();
  // The container stops; its last words are still read, then following ends.
  Append(Entry(50, "bye"));
  running = false;
  ASSERT_TRUE(f.WaitDone());
  EXPECT_TRUE(f.status().ok()) << f.status().ToString();
  EXPECT_EQ(f.out(), expected + "bye\n");
}

TEST_F(ReadLogsTest, FollowWithATailStartsAtTheTailAndKeepsGoing) {
  WriteFile(Entry(1, "a") + Entry(2, "b") + Entry(3, "c"));
  std::atomic<bool> running{true};
  LogOptions o;
  o.tail = 1;
  Follower f(path_, o, [&] { return running.load(); });
  ASSERT_TRUE(f.WaitOut("c\n")) << f.out();
  Append(Entry(4, "d"));
  ASSERT_TRUE(f.WaitOut("c\nd\n")) << f.out();
  running = false;
  ASSERT_TRUE(f.WaitDone());
}

TEST_F(ReadLogsTest, FollowCrossesALogRotation) {
  WriteFile(Entry(1, "first file"));
  std::atomic<bool> running{true};
  Follower f(path_, {}, [&] { return running.load(); });
  ASSERT_TRUE(f.WaitOut("first file\n")) << f.out();
  // Rotation: the old file is renamed (and may still get its last write),
  // then the runtime reopens the path as a new file.
  std::filesystem::rename(path_, path_ + ".20240301-100005");
  {
    std::ofstream old(path_ + ".20240301-100005", std::ios::app);
    old << Entry(2, "last words of the old file");
  }
  Append(Entry(3, "second file"));
  ASSERT_TRUE(f.WaitOut("first file\nlast words of the old file\nsecond file\n")) << f.out();
  Append(Entry(4, "more"));
  ASSERT_TRUE(f.WaitOut("first file\nlast words of the old file\nsecond file\nmore\n")) << f.out();
  running = false;
  ASSERT_TRUE(f.WaitDone());
}

TEST_F(ReadLogsTest, FollowRereadsAFileTruncatedInPlace) {
  WriteFile(Entry(1, "before truncation"));
  std::atomic<bool> running{true};
  Follower f(path_, {}, [&] { return running.load(); });
  ASSERT_TRUE(f.WaitOut("before truncation\n")) << f.out();
  WriteFile(Entry(2, "after"));  // copytruncate: same file, shorter
  ASSERT_TRUE(f.WaitOut("before truncation\nafter\n")) << f.out();
  running = false;
  ASSERT_TRUE(f.WaitDone());
}

TEST_F(ReadLogsTest, FollowEndsWhenTheClientLeavesOrAStopIsRequested) {
  WriteFile(Entry(1, "x"));
  std::atomic<bool> stop{false};
  Follower stopped(path_, {}, [] { return true; }, [&] { return stop.load(); });
  ASSERT_TRUE(stopped.WaitOut("x\n"));
  stop = true;
  ASSERT_TRUE(stopped.WaitDone());
  EXPECT_TRUE(stopped.status().ok());

  // A sink that takes only 4 bytes: the reader stops at the next write.
  Follower gone(path_, {}, [] { return true; }, nullptr, /*accept_bytes=*/4);
  ASSERT_TRUE(gone.WaitOut("x\n"));
  Append(Entry(2, "yy"));
  ASSERT_TRUE(gone.WaitDone());
  EXPECT_EQ(gone.out(), "x\nyy\n");
}

TEST_F(ReadLogsTest, FollowOfAStoppedContainerReadsToTheEndAndReturns) {
  WriteFile(Entry(1, "done") + "2024-03-01T10:00:02Z stdout F cut off");
  Follower f(path_, {}, [] { return false; });
  ASSERT_TRUE(f.WaitDone());
  EXPECT_EQ(f.out(), "done\n");  // upstream drops an incomplete line when following ends
}

TEST_F(ReadLogsTest, FollowHonoursTheByteLimit) {
  WriteFile(Entry(1, "12345"));
  LogOptions o;
  o.bytes = 8;
  Follower f(path_, o, [] { return true; });
  ASSERT_TRUE(f.WaitOut("12345\n"));
  Append(Entry(2, "67890"));
  ASSERT_TRUE(f.WaitDone());
  EXPECT_EQ(f.out(), "12345\n67");
}

}  // namespace
}  // namespace kubepp::kubelet::logs
