#include "kubelet/containerd/image_import.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fakes/fake_runtime.h"
#include "unit/kubelet/containerd/tar_builder.h"

namespace kubepp::kubelet::containerd {
namespace {

namespace fs = std::filesystem;

const std::string kHex = std::string(63, 'a') + "1";
const std::string kId = "sha256:" + kHex;

class ImageImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kubepp-import-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ + "/images/sub");
    // A ctr that records its arguments and exits with $CTR_EXIT (from a file).
    ctr_ = dir_ + "/ctr";
    std::ofstream(ctr_) << "#!/bin/sh\necho \"$@\" >> " << dir_ << "/calls\nexit $(cat " << dir_
                        << "/exit 2>/dev/null || echo 0)\n";
    chmod(ctr_.c_str(), 0755);
    options_.ctr_binary = ctr_;
    options_.socket = "/run/test/containerd.sock";
    options_.log_file = dir_ + "/import.log";
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteArchive(const std::string& path, const std::string& tags_json, const std::string& hex = kHex) {
    std::string manifest = "[{\"Config\":\"" + hex + ".json\",\"RepoTags\":" + tags_json + ",\"Layers\":[]}]";
    std::ofstream(path, std::ios::binary) << TarBuilder().Add(hex + ".json", "{}").Add("manifest.json", manifest).Finish();
  }
  std::vector<std::string> Calls() {
    std::ifstream in(dir_ + "/calls");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  std::string dir_, ctr_;
  ImageImportOptions options_;
  fakes::FakeRuntime runtime_;
};

TEST_F(ImageImportTest, ImportsMissingImagesAndSkipsPresentOnes) {
  std::string present = dir_ + "/images/a-present.tar";
  std::string missing = dir_ + "/images/b-missing.tar";
  std::string partly = dir_ + "/images/sub/c-partly.tar";
  WriteArchive(present, "[\"kubepp.local/pause:3.9\",\"registry.k8s.io/pause:3.9\"]");
  WriteArchive(missing, "[\"kubepp.local/busybox:1.35\"]", std::string(64, 'b'));
  WriteArchive(partly, "[\"kubepp.local/mysql:5.7\",\"mysql:5.7\"]", std::string(64, 'c'));
  std::ofstream(dir_ + "/images/notes.txt") << "not an image";
  runtime_.AddImage("kubepp.local/pause:3.9", kId);
  runtime_.AddImage("registry.k8s.io/pause:3.9", kId);
  runtime_.AddImage("kubepp.local/mysql:5.7", "sha256:" + std::string(64, 'c'));  // mysql:5.7 missing

  auto result = ImportImages(dir_ + "/images", runtime_, options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->skipped, (std::vector<std::string>{present}));
  EXPECT_EQ(result->imported, (std::vector<std::string>{missing, partly}));
  EXPECT_EQ(result->image_names,
            (std::vector<std::string>{"kubepp.local/pause:3.9", "kubepp.local/busybox:1.35", "kubepp.local/mysql:5.7"}));
  EXPECT_EQ(Calls(), (std::vector<std::string>{
                         "--address /run/test/containerd.sock --namespace k8s.io images import " + missing,
                         "--address /run/test/containerd.sock --namespace k8s.io images import " + partly,
                     }));
}

TEST_F(ImageImportTest, AChangedImageIsImportedAgain) {
  std::string archive = dir_ + "/images/busybox.tar";
  WriteArchive(archive, "[\"kubepp.local/busybox:1.35\"]");
  runtime_.AddImage("kubepp.local/busybox:1.35", "sha256:" + std::string(64, 'e'));  // an older build
  auto present = ArchiveIsPresent(archive, runtime_);
  ASSERT_TRUE(present.ok());
  EXPECT_FALSE(*present);
  auto result = ImportImages(dir_ + "/images", runtime_, options_);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->imported.size(), 1u);
}

TEST_F(ImageImportTest, ArchivesThatAreNotDockerArchivesAreAlwaysImported) {
  std::string oci = dir_ + "/images/oci.tar";
  std::ofstream(oci, std::ios::binary) << TarBuilder().Add("oci-layout", "{}").Add("index.json", "{}").Finish();
  EXPECT_TRUE(ArchiveIsPresent(oci, runtime_).status().IsNotFound());
  auto result = ImportImages(dir_ + "/images", runtime_, options_);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->imported, (std::vector<std::string>{oci}));
}

TEST_F(ImageImportTest, FailuresAreReported) {
  WriteArchive(dir_ + "/images/x.tar", "[\"x:1\"]");
  std::ofstream(dir_ + "/exit") << "1\n";
  auto failed = ImportImages(dir_ + "/images", runtime_, options_);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("exited with 1"), std::string::npos) << failed.status().ToString();
  EXPECT_NE(failed.status().message().find(options_.log_file), std::string::npos);

  options_.ctr_binary = dir_ + "/no-such-ctr";
  EXPECT_TRUE(ImportImages(dir_ + "/images", runtime_, options_).status().IsNotFound());
  EXPECT_TRUE(ImportImages(dir_ + "/nothing-here", runtime_, options_).status().IsNotFound());

  runtime_.FailNext("ImageStatus", Status::Unavailable("runtime down"));
  std::ofstream(dir_ + "/exit") << "0\n";
  options_.ctr_binary = ctr_;
  auto imported = ImportImages(dir_ + "/images", runtime_, options_);  // compares fail: import anyway
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(imported->imported.size(), 1u);
}

TEST(DefaultImageDirTest, BesideTheRunningBinary) {
  std::string dir = DefaultImageDir();
  EXPECT_EQ(fs::path(dir).filename(), "images");
  EXPECT_EQ(fs::path(dir).parent_path(), fs::read_symlink("/proc/self/exe").parent_path());
}

}  // namespace
}  // namespace kubepp::kubelet::containerd
