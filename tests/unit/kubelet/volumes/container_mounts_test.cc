#include "kubelet/volumes/container_mounts.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "unit/kubelet/test_util.h"
#include "unit/kubelet/volumes/temp_dir.h"

namespace kubepp::kubelet::volumes {
namespace {

using kubelet::testing::Json;
using testing::ReadFile;
using testing::TempDir;

class ContainerMountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pod_dir_ = tmp_.path() + "/pods/u";
    std::filesystem::create_directories(pod_dir_);
    data_ = tmp_.path() + "/pods/u/volumes/kubernetes.io~empty-dir/data";
    std::filesystem::create_directories(data_);
    ::chmod(data_.c_str(), 0777);
    volumes_["data"] = {"data", std::string(kEmptyDirPlugin), data_, false, true};
    volumes_["config"] = {"config", std::string(kConfigMapPlugin), tmp_.path() + "/cfg", true,
                          true};
    context_.pod_dir = pod_dir_;
    context_.hostname = "web-0";
    context_.pod_ips = {"10.1.0.5"};
    context_.mounter = mounter_.get();
  }

  StatusOr<std::vector<Mount>> Make(std::string_view mounts) {
    auto container = Json(R"({"name":"app"})");
    container["volumeMounts"] = boost::json::parse(mounts);
    return MakeMounts(pod_, container, volumes_, context_);
  }

  TempDir tmp_;
  std::unique_ptr<Mounter> mounter_ = NewLinuxMounter();
  std::string pod_dir_;
  std::string data_;
  PodVolumes volumes_;
  MountContext context_;
  boost::json::object pod_ = Json(R"({"metadata":{"name":"web-0","namespace":"ns"},"spec":{}})");
};

TEST_F(ContainerMountsTest, VolumeMountsThenEtcHosts) {
  auto mounts = Make(R"([{"name":"data","mountPath":"/var/data"},
                         {"name":"config","mountPath":"etc/app","mountPropagation":"HostToContainer"},
                         {"name":"data","mountPath":"/ro","readOnly":true,"mountPropagation":"Bidirectional"}])");
  ASSERT_TRUE(mounts.ok()) << mounts.status().ToString();
  ASSERT_EQ(mounts->size(), 4u);
  EXPECT_EQ((*mounts)[0],
            (Mount{"data", "/var/data", data_, false, true, MountPropagation::kPrivate}));
  EXPECT_EQ((*mounts)[1], (Mount{"config", "/etc/app", tmp_.path() + "/cfg", true, true,
                                 MountPropagation::kHostToContainer}));
  EXPECT_EQ((*mounts)[2],
            (Mount{"data", "/ro", data_, true, true, MountPropagation::kBidirectional}));
  EXPECT_EQ((*mounts)[3], (Mount{"k8s-managed-etc-hosts", "/etc/hosts", pod_dir_ + "/etc-hosts",
                                 false, true, MountPropagation::kPrivate}));
  EXPECT_EQ(ReadFile(pod_dir_ + "/etc-hosts").substr(0, 32), "# Kubernetes-managed hosts file.");
}

TEST_F(ContainerMountsTest, EtcHostsOnlyWithAnIpAndWhenNotMountedOver) {
  context_.pod_ips.clear();
  EXPECT_TRUE(Make("[]")->empty());
  pod_["spec"].as_object()["hostNetwork"] = true;
  context_.node_hosts_file = tmp_.path() + "/node-hosts";
  testing::WriteFile(context_.node_hosts_file, "127.0.0.1 node\n");
  auto host_network = Make("[]");
  ASSERT_EQ(host_network->size(), 1u);
  EXPECT_EQ(ReadFile(pod_dir_ + "/etc-hosts"),
            "# Kubernetes-managed hosts file (host network).\n127.0.0.1 node\n");
  auto over = Make(R"([{"name":"data","mountPath":"/etc/hosts","subPath":"hosts"}])");
  ASSERT_EQ(over->size(), 1u);
  EXPECT_EQ((*over)[0].container_path, "/etc/hosts");
}

TEST_F(ContainerMountsTest, SubPathsAreCreatedWithTheVolumesModeAndPinned) {
  context_.pod_ips.clear();
  auto mounts = Make(
      R"([{"name":"config","mountPath":"/c"},{"name":"data","mountPath":"/logs","subPath":"logs/app"}])");
  ASSERT_TRUE(mounts.ok()) << mounts.status().ToString();
  struct stat st;
  ASSERT_EQ(::stat((data_ + "/logs/app").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0777u);
  // The runtime gets a bind mount of the checked directory, not the path a
  // container could swap for a link.
  std::string pinned = pod_dir_ + "/volume-subpaths/data/app/1";
  EXPECT_EQ((*mounts)[1].host_path, pinned);
  EXPECT_EQ(tmp_.MountsBelow(), std::vector<std::string>{pinned});
  testing::WriteFile(data_ + "/logs/app/seen", "same directory");
  EXPECT_EQ(ReadFile(pinned + "/seen"), "same directory");

  // A restart reuses the pin, even if the path has been replaced by a link since.
  ASSERT_TRUE(std::filesystem::remove_all(data_ + "/logs/app"));
  ASSERT_EQ(::symlink("/etc", (data_ + "/logs/app").c_str()), 0);
  auto again = Make(
      R"([{"name":"config","mountPath":"/c"},{"name":"data","mountPath":"/logs","subPath":"logs/app"}])");
  ASSERT_FALSE(again.ok());  // the link leads out of the volume
  ASSERT_EQ(::unlink((data_ + "/logs/app").c_str()), 0);
  std::filesystem::create_directories(data_ + "/logs/app");
  again = Make(
      R"([{"name":"config","mountPath":"/c"},{"name":"data","mountPath":"/logs","subPath":"logs/app"}])");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(tmp_.MountsBelow().size(), 1u);

  // Files can be subPaths too.
  testing::WriteFile(data_ + "/app.conf", "conf");
  auto file = Make(R"([{"name":"data","mountPath":"/etc/app.conf","subPath":"app.conf"}])");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(ReadFile((*file)[0].host_path), "conf");
  EXPECT_EQ((*file)[0].host_path, pod_dir_ + "/volume-subpaths/data/app/0");

  context_.env = {{"POD_NAME", "web-0"}};
  auto expr = Make(R"j([{"name":"data","mountPath":"/logs","subPathExpr":"pods/$(POD_NAME)"}])j");
  ASSERT_TRUE(expr.ok()) << expr.status().ToString();
  EXPECT_TRUE(std::filesystem::is_directory(data_ + "/pods/web-0"));
  EXPECT_EQ(
      Make(R"j([{"name":"data","mountPath":"/x","subPathExpr":"$(NOPE)"}])j").status().message(),
      "missing value for NOPE");
}

TEST_F(ContainerMountsTest, SubPathsMayNotLeaveTheVolume) {
  EXPECT_EQ(Make(R"([{"name":"data","mountPath":"/x","subPath":"/etc"}])").status().message(),
            "error SubPath `/etc` must not be an absolute path");
  EXPECT_EQ(
      Make(R"([{"name":"data","mountPath":"/x","subPath":"a/../../etc"}])").status().message(),
      "unable to provision SubPath `a/../../etc`: must not contain '..'");
  // A link a container planted in its volume.
  std::filesystem::create_directories(tmp_.path() + "/outside");
  ASSERT_EQ(::symlink((tmp_.path() + "/outside").c_str(), (data_ + "/escape").c_str()), 0);
  EXPECT_EQ(Make(R"([{"name":"data","mountPath":"/x","subPath":"escape"}])").status().message(),
            "failed to prepare subPath for volumeMount \"data\" of container \"app\"");
  EXPECT_EQ(Make(R"([{"name":"data","mountPath":"/x","subPath":"escape/new"}])").status().message(),
            "failed to create subPath directory for volumeMount \"data\" of container \"app\"");
  EXPECT_FALSE(std::filesystem::exists(tmp_.path() + "/outside/new"));
}

TEST_F(ContainerMountsTest, Errors) {
  EXPECT_EQ(Make(R"([{"name":"ghost","mountPath":"/x"}])").status().message(),
            "cannot find volume \"ghost\" to mount into container \"app\"");
  EXPECT_EQ(Make(R"([{"name":"data","mountPath":"/x","mountPropagation":"Sideways"}])")
                .status()
                .message(),
            "invalid MountPropagation mode: \"Sideways\"");
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
