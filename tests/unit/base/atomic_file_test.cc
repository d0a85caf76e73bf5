// WriteFileAtomic: contents replaced whole, with the mode asked for.
#include "base/atomic_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kubepp {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AtomicFile, WritesReplacesAndSetsTheModeDespiteTheUmask) {
  std::string dir = "/tmp/kubepp-atomic-XXXXXX";
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const std::string path = dir + "/key.pem";
  mode_t old_umask = ::umask(0077);
  ASSERT_TRUE(WriteFileAtomic(path, "first", 0644).ok());
  ::umask(old_umask);
  EXPECT_EQ(Read(path), "first");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);

  ASSERT_TRUE(WriteFileAtomic(path, "second", 0600).ok());
  EXPECT_EQ(Read(path), "second");
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  EXPECT_FALSE(WriteFileAtomic(dir + "/missing/dir/file", "x", 0600).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kubepp
