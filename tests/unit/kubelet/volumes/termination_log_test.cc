#include "kubelet/volumes/termination_log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "unit/kubelet/test_util.h"
#include "unit/kubelet/volumes/temp_dir.h"

namespace kubepp::kubelet::volumes {
namespace {

using kubelet::testing::Json;
using testing::TempDir;

TEST(TerminationLogTest, FreshFilePerStart) {
  TempDir tmp;
  ::umask(077);
  std::string dir = tmp.path() + "/pods/u/containers/app";
  auto c = Json(R"({"name":"app","terminationMessagePath":"/dev/termination-log"})");
  auto first = MakeTerminationLogMount(dir, c);
  auto second = MakeTerminationLogMount(dir, c);
  ::umask(022);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(*first && *second);
  EXPECT_NE((*first)->host_path, (*second)->host_path);
  EXPECT_EQ((*first)->container_path, "/dev/termination-log");
  EXPECT_FALSE((*first)->read_only);
  std::string name = std::filesystem::path((*first)->host_path).filename().string();
  EXPECT_EQ(name.size(), 8u);
  EXPECT_EQ(name.find_first_not_of("0123456789abcdef"), std::string::npos);
  struct stat st;
  ASSERT_EQ(::stat((*first)->host_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0666u);
  EXPECT_EQ(st.st_size, 0);
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);  // 0750 less the umask at creation, as upstream's MkdirAll
}

TEST(TerminationLogTest, NothingWithoutAPath) {
  TempDir tmp;
  auto none = MakeTerminationLogMount(tmp.path() + "/c", Json(R"({"name":"app"})"));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  EXPECT_FALSE(std::filesystem::exists(tmp.path() + "/c"));
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
