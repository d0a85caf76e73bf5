#include "kubelet/volumes/atomic_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "unit/kubelet/volumes/temp_dir.h"

namespace kubepp::kubelet::volumes {
namespace {

using testing::ReadFile;
using testing::TempDir;

std::string Link(const std::string& path) {
  char buf[4096];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof(buf));
  return n < 0 ? "" : std::string(buf, static_cast<size_t>(n));
}

mode_t Mode(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(AtomicWriterTest, FirstWriteLaysOutVersionDirAndLinks) {
  TempDir tmp;
  FakeClock clock;  // 2026-01-01T00:00:00Z
  AtomicWriter writer(tmp.path(), "test", clock);
  ::umask(022);
  Payload payload = {{"key", {"value", 0644}},
                     {"conf/app.yaml", {"a: 1\n", 0600}},
                     {"conf/nested/x", {"x", 0400}}};
  ASSERT_TRUE(writer.Write(payload).ok());

  std::string data = Link(tmp.path() + "/..data");
  EXPECT_EQ(data.rfind("..2026_01_01_00_00_00.", 0), 0u) << data;
  EXPECT_EQ(Mode(tmp.path() + "/" + data), 0755u);
  EXPECT_EQ(Link(tmp.path() + "/key"), "..data/key");
  EXPECT_EQ(Link(tmp.path() + "/conf"), "..data/conf");
  EXPECT_EQ(Entries(tmp.path()), (std::vector<std::string>{data, "..data", "conf", "key"}));

  EXPECT_EQ(ReadFile(tmp.path() + "/key"), "value");
  EXPECT_EQ(ReadFile(tmp.path() + "/conf/app.yaml"), "a: 1\n");
  EXPECT_EQ(ReadFile(tmp.path() + "/conf/nested/x"), "x");
  EXPECT_EQ(Mode(tmp.path() + "/key"), 0644u);
  EXPECT_EQ(Mode(tmp.path() + "/conf/app.yaml"), 0600u);
  EXPECT_EQ(Mode(tmp.path() + "/conf/nested/x"), 0400u);
}

TEST(AtomicWriterTest, UpdateSwitchesVersionsAndPrunesRemovedKeys) {
  TempDir tmp;
  FakeClock clock;
  AtomicWriter writer(tmp.path(), "test", clock);
  ASSERT_TRUE(writer.Write({{"a", {"1", 0644}}, {"b", {"2", 0644}}, {"dir/c", {"3", 0644}}}).ok());
  std::string first = Link(tmp.path() + "/..data");

  // A process that opened the old file keeps reading the old content.
  std::ifstream held(tmp.path() + "/a");

  clock.Advance(std::chrono::seconds(61));
  ASSERT_TRUE(writer.Write({{"a", {"one", 0644}}, {"d", {"4", 0644}}}).ok());
  std::string second = Link(tmp.path() + "/..data");
  EXPECT_NE(second, first);
  EXPECT_EQ(second.rfind("..2026_01_01_00_01_01.", 0), 0u) << second;
  EXPECT_FALSE(std::filesystem::exists(tmp.path() + "/" + first));  // old version gone
  EXPECT_EQ(Entries(tmp.path()), (std::vector<std::string>{second, "..data", "a", "d"}));
  EXPECT_EQ(ReadFile(tmp.path() + "/a"), "one");
  EXPECT_EQ(ReadFile(tmp.path() + "/d"), "4");
  std::string old_content;
  held >> old_content;
  EXPECT_EQ(old_content, "1");
}

TEST(AtomicWriterTest, UnchangedContentIsNotRewrittenButLinksAreRepaired) {
  TempDir tmp;
  FakeClock clock;
  AtomicWriter writer(tmp.path(), "test", clock);
  Payload payload = {{"a", {"1", 0644}}, {"b", {"2", 0644}}};
  ASSERT_TRUE(writer.Write(payload).ok());
  std::string first = Link(tmp.path() + "/..data");
  clock.Advance(std::chrono::seconds(5));
  ASSERT_TRUE(writer.Write(payload).ok());
  EXPECT_EQ(Link(tmp.path() + "/..data"), first);

  // A mode change alone does not rewrite (as upstream).
  ASSERT_TRUE(writer.Write({{"a", {"1", 0600}}, {"b", {"2", 0644}}}).ok());
  EXPECT_EQ(Link(tmp.path() + "/..data"), first);

  ASSERT_EQ(::unlink((tmp.path() + "/b").c_str()), 0);
  ASSERT_TRUE(writer.Write(payload).ok());
  EXPECT_EQ(Link(tmp.path() + "/..data"), first);
  EXPECT_EQ(Link(tmp.path() + "/b"), "..data/b");
}

TEST(AtomicWriterTest, EmptyPayloadClearsTheVolume) {
  TempDir tmp;
  AtomicWriter writer(tmp.path(), "test");
  ASSERT_TRUE(writer.Write({{"a", {"1", 0644}}}).ok());
  ASSERT_TRUE(writer.Write({}).ok());
  std::string data = Link(tmp.path() + "/..data");
  EXPECT_EQ(Entries(tmp.path()), (std::vector<std::string>{data, "..data"}));
  EXPECT_TRUE(Entries(tmp.path() + "/" + data).empty());
}

TEST(AtomicWriterTest, InvalidPathsAreRefusedAsUpstream) {
  TempDir tmp;
  AtomicWriter writer(tmp.path(), "test");
  struct Case {
    std::string path;
    std::string message;
  } cases[] = {
      {"", "invalid path: must not be empty: \"\""},
      {"/abs", "invalid path: must be relative path: /abs"},
      {"a/../b", "invalid path: must not contain '..': a/../b"},
      {"..hidden", "invalid path: must not start with '..': ..hidden"},
      {std::string(256, 'x'),
       "invalid path: filenames must be less than or equal to 255 characters"},
      {std::string(4097, 'x'), "invalid path: must be less than or equal to 4096 characters"},
  };
  for (const Case& c : cases) {
    Status st = writer.Write({{c.path, {"x", 0644}}});
    EXPECT_EQ(st.message(), c.message) << c.path;
  }
  EXPECT_TRUE(Entries(tmp.path()).empty());
  // Paths are cleaned before use.
  ASSERT_TRUE(writer.Write({{"./a//b/", {"x", 0644}}}).ok());
  EXPECT_EQ(ReadFile(tmp.path() + "/a/b"), "x");
}

// A reader of the user-visible path sees one version or the other, never a
// missing or partial file, while versions are switched under it.
TEST(AtomicWriterTest, ReadersSeeWholeVersionsDuringUpdates) {
  TempDir tmp;
  AtomicWriter writer(tmp.path(), "test");
  const std::string a(64 * 1024, 'a');
  const std::string b(64 * 1024, 'b');
  ASSERT_TRUE(writer.Write({{"key", {a, 0644}}}).ok());
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    while (!done.load()) {
      std::ifstream in(tmp.path() + "/key", std::ios::binary);
      if (!in) continue;  // the old version's directory went away mid-lookup: retry
      std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (got != a && got != b) ++torn;
      ++reads;
    }
  });
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(writer.Write({{"key", {i % 2 ? a : b, 0644}}}).ok());
  while (reads.load() < 100) std::this_thread::yield();
  done = true;
  reader.join();
  EXPECT_EQ(torn.load(), 0);
}

TEST(AtomicWriterTest, CleanPathAsGo) {
  EXPECT_EQ(CleanPath(""), ".");
  EXPECT_EQ(CleanPath("a/b/../c"), "a/c");
  EXPECT_EQ(CleanPath("./a//b/."), "a/b");
  EXPECT_EQ(CleanPath("../a"), "../a");
  EXPECT_EQ(CleanPath("/../a/"), "/a");
  EXPECT_EQ(CleanPath("a/.."), ".");
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
