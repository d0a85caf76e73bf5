// A scratch directory the stats tests fill with fixture files (a fake /proc,
// a fake /sys/fs/cgroup, a kubelet root); removed when the test ends.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace kubepp::kubelet::stats::testing {

class FixtureDir {
 public:
  FixtureDir() {
    std::string templ = "/tmp/kubepp-stats-XXXXXX";
    EXPECT_NE(::mkdtemp(templ.data()), nullptr);
    path_ = templ;
  }
  ~FixtureDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
    EXPECT_FALSE(ec) << ec.message();
  }
  FixtureDir(const FixtureDir&) = delete;
  FixtureDir& operator=(const FixtureDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Path(const std::string& relative) const { return path_ + "/" + relative; }

  // Writes `content` to `relative`, creating its directories.
  void Write(const std::string& relative, const std::string& content) const {
    std::filesystem::path p(Path(relative));
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
  }
  void MakeDir(const std::string& relative) const {
    std::filesystem::create_directories(Path(relative));
  }

 private:
  std::string path_;
};

}  // namespace kubepp::kubelet::stats::testing
