#include "kubelet/volumes/host_path.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "unit/kubelet/volumes/temp_dir.h"

namespace kubepp::kubelet::volumes {
namespace {

using testing::TempDir;
using testing::WriteFile;

mode_t Mode(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// Some block device of this machine, or "" when there is none.
std::string AnyBlockDevice() {
  for (const auto& e : std::filesystem::directory_iterator("/dev")) {
    struct stat st;
    if (::stat(e.path().c_str(), &st) == 0 && S_ISBLK(st.st_mode)) return e.path().string();
  }
  return "";
}

TEST(HostPathTest, CreatesWhatOrCreateTypesAskFor) {
  TempDir tmp;
  ::umask(022);
  std::string dir = tmp.path() + "/made/deep";
  ASSERT_TRUE(SetUpHostPath(dir, "DirectoryOrCreate").ok());
  EXPECT_EQ(Mode(dir), 0755u);
  EXPECT_EQ(Mode(tmp.path() + "/made"), 0755u);
  ASSERT_TRUE(SetUpHostPath(dir, "DirectoryOrCreate").ok());  // exists now

  std::string file = dir + "/f";
  ASSERT_TRUE(SetUpHostPath(file, "FileOrCreate").ok());
  EXPECT_TRUE(std::filesystem::is_regular_file(file));
  EXPECT_EQ(Mode(file), 0644u);
  // FileOrCreate does not create the parent.
  EXPECT_FALSE(SetUpHostPath(tmp.path() + "/nope/f", "FileOrCreate").ok());

  EXPECT_EQ(SetUpHostPath(file, "DirectoryOrCreate").message(),
            "hostPath type check failed: " + file + " is not a directory, it's a File");
  EXPECT_EQ(SetUpHostPath(dir, "FileOrCreate").message(),
            "hostPath type check failed: " + dir + " is not a file, it's a Directory");
}

TEST(HostPathTest, ChecksEachType) {
  TempDir tmp;
  std::string file = tmp.path() + "/file";
  WriteFile(file, "x");
  std::string sock = tmp.path() + "/sock";
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, sock.c_str(), sizeof(addr.sun_path) - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);

  EXPECT_TRUE(SetUpHostPath(tmp.path(), "Directory").ok());
  EXPECT_TRUE(SetUpHostPath(file, "File").ok());
  EXPECT_TRUE(SetUpHostPath(sock, "Socket").ok());
  EXPECT_TRUE(SetUpHostPath("/dev/null", "CharDevice").ok());
  std::string block = AnyBlockDevice();
  if (!block.empty()) {
    EXPECT_TRUE(SetUpHostPath(block, "BlockDevice").ok()) << block;
  }

  EXPECT_EQ(SetUpHostPath(file, "Directory").message(),
            "hostPath type check failed: " + file + " is not a directory, it's a File");
  EXPECT_EQ(SetUpHostPath(tmp.path(), "File").message(),
            "hostPath type check failed: " + tmp.path() + " is not a file, it's a Directory");
  EXPECT_EQ(SetUpHostPath(file, "Socket").message(),
            "hostPath type check failed: " + file + " is not a socket file, it's a File");
  EXPECT_EQ(SetUpHostPath(sock, "CharDevice").message(),
            "hostPath type check failed: " + sock + " is not a character device, it's a Socket");
  EXPECT_EQ(SetUpHostPath("/dev/null", "BlockDevice").message(),
            "hostPath type check failed: /dev/null is not a block device, it's a CharDevice");
  EXPECT_EQ(SetUpHostPath(tmp.path() + "/missing", "Directory").message(),
            "hostPath " + tmp.path() + "/missing doesn't exist");
  EXPECT_EQ(SetUpHostPath(file, "Weird").message(), "Weird is an invalid volume type");
  ::close(fd);

  std::string fifo = tmp.path() + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  EXPECT_EQ(SetUpHostPath(fifo, "File").message(),
            "hostPath type check failed, " + fifo +
                " is not a file, unable to determine its type: only recognise file, directory, "
                "socket, block device "
                "and character device");
}

TEST(HostPathTest, NoCheckForUnsetTypeButNoBacksteps) {
  EXPECT_TRUE(SetUpHostPath("/does/not/exist", "").ok());
  EXPECT_EQ(SetUpHostPath("/var/../etc", "").message(),
            "invalid HostPath `/var/../etc`: must not contain '..'");
  EXPECT_TRUE(SetUpHostPath("/var/..data", "").ok());
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
