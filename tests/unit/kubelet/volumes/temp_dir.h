// A scratch directory for the volume tests, removed with everything mounted
// below it when the test ends.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/mount.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kubelet/volumes/mounter.h"
#include "kubelet/volumes/safe_fs.h"

namespace kubepp::kubelet::volumes::testing {

class TempDir {
 public:
  TempDir() {
    std::string templ = "/tmp/kubepp-volumes-XXXXXX";
    char* made = ::mkdtemp(templ.data());
    EXPECT_NE(made, nullptr);
    path_ = templ;
  }
  ~TempDir() {
    for (const std::string& m : MountsBelow()) ::umount2(m.c_str(), MNT_DETACH);
    EXPECT_TRUE(MountsBelow().empty());
    EXPECT_TRUE(RemoveAllNoFollow(path_).ok());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // Mount points below the directory, deepest first.
  std::vector<std::string> MountsBelow() const {
    std::ifstream in("/proc/self/mountinfo");
    std::stringstream text;
    text << in.rdbuf();
    std::vector<std::string> out;
    for (const MountPoint& m : ParseMountInfo(text.str())) {
      if (m.path.rfind(path_ + "/", 0) == 0) out.push_back(m.path);
    }
    std::sort(out.begin(), out.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return out;
  }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

}  // namespace kubepp::kubelet::volumes::testing
