#include "kubelet/volumes/volume_manager.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "fakes/fake_api_client.h"
#include "fakes/fake_token_requester.h"
#include "kubelet/volumes/container_mounts.h"
#include "unit/kubelet/test_util.h"
#include "unit/kubelet/volumes/temp_dir.h"

namespace kubepp::kubelet::volumes {
namespace {

using client::Resource;
using kubelet::testing::Json;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

mode_t Mode(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

class VolumeManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_ = fakes::FakeApiClient::Create(clock_);
    getter_ = NewApiObjectGetter(*api_);
    mounter_ = NewLinuxMounter();
    VolumeManagerOptions options;
    options.root_dir = tmp_.path() + "/kubelet";
    options.node_allocatable = {{"memory", *api::Quantity::Parse("2Gi")},
                                {"cpu", *api::Quantity::Parse("2")}};
    manager_ = std::make_unique<VolumeManager>(options, *getter_, &tokens_, *mounter_, clock_);
    api_->Seed(
        Resource::Of("", "configmaps"),
        Json(
            R"({"metadata":{"name":"app-config","namespace":"ns"},"data":{"app.yaml":"v: 1\n","mode":"prod"}})"));
    api_->Seed(
        Resource::Of("", "secrets"),
        Json(R"({"metadata":{"name":"creds","namespace":"ns"},"data":{"password":"czNjcjN0"}})"));
  }

  boost::json::object Pod(std::string_view volumes) {
    auto pod =
        Json(R"({"metadata":{"name":"web-0","namespace":"ns","uid":"pod-1","labels":{"app":"web"}},
        "spec":{"serviceAccountName":"default","containers":[{"name":"app",
            "resources":{"limits":{"memory":"256Mi"}}}]}})");
    pod["spec"].as_object()["volumes"] = boost::json::parse(volumes);
    return pod;
  }
  // Prepares the first container's mounts (subPaths pinned), as the kubelet
  // does before it starts the container.
  MountContext MountFirstContainer(const boost::json::object& pod, const PodVolumes& volumes) {
    MountContext context;
    context.pod_dir = manager_->dirs().PodDir("pod-1");
    context.mounter = mounter_.get();
    auto mounts =
        MakeMounts(pod, pod.at("spec").at("containers").at(0).as_object(), volumes, context);
    EXPECT_TRUE(mounts.ok()) << mounts.status().ToString();
    return context;
  }
  std::string VolumeDir(std::string_view plugin, std::string_view name) {
    return manager_->dirs().PodVolumeDir("pod-1", plugin, name);
  }

  TempDir tmp_;
  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  std::unique_ptr<ObjectGetter> getter_;
  fakes::FakeTokenRequester tokens_{clock_};
  std::unique_ptr<Mounter> mounter_;
  std::unique_ptr<VolumeManager> manager_;
};

TEST_F(VolumeManagerTest, SetsUpEveryKindOfVolume) {
  std::string node_dir = tmp_.path() + "/node-data";
  auto pod = Pod(R"([
      {"name":"cache","emptyDir":{}},
      {"name":"scratch","emptyDir":{"medium":"Memory","sizeLimit":"16Mi"}},
      {"name":"data","hostPath":{"path":")" +
                 node_dir + R"(","type":"DirectoryOrCreate"}},
      {"name":"config","configMap":{"name":"app-config","defaultMode":288}},
      {"name":"creds","secret":{"secretName":"creds"}},
      {"name":"info","downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}}]}},
      {"name":"kube-api-access","projected":{"defaultMode":420,"sources":[
          {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
          {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"fieldPath":"metadata.namespace"}}]}}]}}])");
  auto volumes = manager_->SetUpPod(pod);
  ASSERT_TRUE(volumes.ok()) << volumes.status().ToString();
  ASSERT_EQ(volumes->size(), 7u);

  const PodVolume& cache = volumes->at("cache");
  EXPECT_EQ(cache.plugin, kEmptyDirPlugin);
  EXPECT_EQ(cache.host_path,
            tmp_.path() + "/kubelet/pods/pod-1/volumes/kubernetes.io~empty-dir/cache");
  EXPECT_FALSE(cache.read_only);
  EXPECT_EQ(Mode(cache.host_path), 0777u);

  EXPECT_EQ(volumes->at("data").host_path, node_dir);
  EXPECT_TRUE(std::filesystem::is_directory(node_dir));
  EXPECT_FALSE(volumes->at("data").selinux_relabel);

  const PodVolume& config = volumes->at("config");
  EXPECT_EQ(config.host_path, VolumeDir(kConfigMapPlugin, "config"));
  EXPECT_TRUE(config.read_only);
  EXPECT_EQ(ReadFile(config.host_path + "/app.yaml"), "v: 1\n");
  EXPECT_EQ(Mode(config.host_path + "/app.yaml"), 0440u);

  EXPECT_EQ(ReadFile(volumes->at("creds").host_path + "/password"), "s3cr3t");
  EXPECT_EQ(Mode(volumes->at("creds").host_path + "/password"), 0644u);
  EXPECT_EQ(ReadFile(volumes->at("info").host_path + "/labels"), "app=\"web\"");
  EXPECT_EQ(ReadFile(volumes->at("kube-api-access").host_path + "/token"), "token-1");
  EXPECT_EQ(ReadFile(volumes->at("kube-api-access").host_path + "/namespace"), "ns");

  // Memory-backed: the emptyDir at its sizeLimit, secret and projected at the pod's memory limit.
  auto mounts = *mounter_->List();
  for (const char* name : {"scratch", "creds", "kube-api-access"}) {
    auto at = MountAt(mounts, volumes->at(name).host_path);
    ASSERT_TRUE(at) << name;
    EXPECT_EQ(at->fs_type, "tmpfs") << name;
  }
  EXPECT_FALSE(MountAt(mounts, cache.host_path));
  EXPECT_FALSE(MountAt(mounts, config.host_path));
  EXPECT_EQ(tmp_.MountsBelow().size(), 3u);

  ASSERT_TRUE(manager_->TearDownPod("pod-1").ok());
  EXPECT_TRUE(tmp_.MountsBelow().empty());
  EXPECT_FALSE(std::filesystem::exists(manager_->dirs().PodDir("pod-1")));
  EXPECT_TRUE(std::filesystem::is_directory(node_dir));  // hostPath content is the node's
}

TEST_F(VolumeManagerTest, RefreshUpdatesContentAtomicallyAndKeepsEmptyDirs) {
  auto pod = Pod(R"([{"name":"config","configMap":{"name":"app-config"}},
                     {"name":"creds","secret":{"secretName":"creds","items":[{"key":"password","path":"pw"}]}},
                     {"name":"cache","emptyDir":{"medium":"Memory"}}])");
  auto volumes = manager_->SetUpPod(pod);
  ASSERT_TRUE(volumes.ok()) << volumes.status().ToString();
  std::string config = volumes->at("config").host_path;
  WriteFile(volumes->at("cache").host_path + "/work", "in progress");
  std::ifstream before(config + "/mode");

  auto cm = Json(
      R"({"metadata":{"name":"app-config","namespace":"ns","resourceVersion":""},"data":{"mode":"canary","new":"x"}})");
  auto current = api_->Get(Resource::Of("", "configmaps"), "ns", "app-config");
  cm["metadata"].as_object()["resourceVersion"] = client::ResourceVersionOf(**current);
  ASSERT_TRUE(api_->Update(Resource::Of("", "configmaps"), "ns", cm).ok());
  clock_.Advance(std::chrono::seconds(60));

  auto again = manager_->SetUpPod(pod);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(ReadFile(config + "/mode"), "canary");
  EXPECT_EQ(ReadFile(config + "/new"), "x");
  EXPECT_FALSE(std::filesystem::exists(config + "/app.yaml"));  // dropped key, dropped link
  std::string old_value;
  before >> old_value;
  EXPECT_EQ(old_value, "prod");  // an open file keeps its version
  EXPECT_EQ(ReadFile(volumes->at("cache").host_path + "/work"), "in progress");
  EXPECT_EQ(tmp_.MountsBelow().size(), 2u);  // no second tmpfs
  EXPECT_EQ(ReadFile(volumes->at("creds").host_path + "/pw"), "s3cr3t");
  ASSERT_TRUE(manager_->TearDownPod("pod-1").ok());
}

TEST_F(VolumeManagerTest, FailuresNameTheirVolumesAndOptionalSourcesMayBeMissing) {
  auto pod = Pod(R"([{"name":"ok","emptyDir":{}},
                     {"name":"maybe","configMap":{"name":"nope","optional":true}},
                     {"name":"must","configMap":{"name":"nope"}},
                     {"name":"key","secret":{"secretName":"creds","items":[{"key":"missing","path":"x"}]}},
                     {"name":"nfs","nfs":{"server":"s","path":"/"}}])");
  auto volumes = manager_->SetUpPod(pod);
  ASSERT_FALSE(volumes.ok());
  EXPECT_EQ(
      volumes.status().message(),
      "[MountVolume.SetUp failed for volume \"must\" : configmap \"nope\" not found, "
      "MountVolume.SetUp failed for volume \"key\" : references non-existent secret key: missing, "
      "MountVolume.SetUp failed for volume \"nfs\" : no volume plugin matched]");
  EXPECT_TRUE(volumes.status().IsNotFound());
  // The optional volume exists, empty; the failed secret left no tmpfs behind.
  EXPECT_TRUE(std::filesystem::exists(VolumeDir(kConfigMapPlugin, "maybe") + "/..data"));
  EXPECT_FALSE(std::filesystem::exists(VolumeDir(kConfigMapPlugin, "must")));
  EXPECT_TRUE(tmp_.MountsBelow().empty());
  ASSERT_TRUE(manager_->TearDownPod("pod-1").ok());
}

TEST_F(VolumeManagerTest, ClaimsResolveToTheirVolumesPath) {
  std::string pv_dir = tmp_.path() + "/pv";
  auto claim =
      api_->Seed(Resource::Of("", "persistentvolumeclaims"),
                 Json(R"({"metadata":{"name":"data","namespace":"ns"},"spec":{"volumeName":"pv-1"},
                                   "status":{"phase":"Bound"}})"));
  api_->Seed(Resource::Of("", "persistentvolumes"),
             Json(R"({"metadata":{"name":"pv-1"},"spec":{"hostPath":{"path":")" + pv_dir +
                  R"(","type":"DirectoryOrCreate"},"claimRef":{"uid":")" +
                  std::string(client::UidOf(*claim)) + R"("}}})"));
  auto pod = Pod(R"([{"name":"db","persistentVolumeClaim":{"claimName":"data","readOnly":true}},
                     {"name":"pending","persistentVolumeClaim":{"claimName":"later"}}])");
  auto volumes = manager_->SetUpPod(pod);
  ASSERT_FALSE(volumes.ok());
  EXPECT_EQ(volumes.status().message(),
            "MountVolume.SetUp failed for volume \"pending\" : error processing PVC ns/later: "
            "failed to fetch PVC "
            "from API server: persistentvolumeclaims \"later\" not found");

  pod = Pod(R"([{"name":"db","persistentVolumeClaim":{"claimName":"data","readOnly":true}}])");
  volumes = manager_->SetUpPod(pod);
  ASSERT_TRUE(volumes.ok()) << volumes.status().ToString();
  EXPECT_EQ(volumes->at("db").host_path, pv_dir);
  EXPECT_EQ(volumes->at("db").plugin, kHostPathPlugin);
  EXPECT_TRUE(volumes->at("db").read_only);
  EXPECT_TRUE(std::filesystem::is_directory(pv_dir));
  ASSERT_TRUE(manager_->TearDownPod("pod-1").ok());
}

TEST_F(VolumeManagerTest, TearDownRemovesSubPathPins) {
  auto pod = Pod(R"([{"name":"mem","emptyDir":{"medium":"Memory"}}])");
  pod["spec"]
      .as_object()["containers"]
      .as_array()[0]
      .as_object()["volumeMounts"] = boost::json::parse(
      R"([{"name":"mem","mountPath":"/a","subPath":"a"},{"name":"mem","mountPath":"/b","subPath":"b"}])");
  auto volumes = manager_->SetUpPod(pod);
  ASSERT_TRUE(volumes.ok());
  MountContext context = MountFirstContainer(pod, *volumes);
  EXPECT_EQ(tmp_.MountsBelow().size(), 3u);
  ASSERT_TRUE(manager_->TearDownPod("pod-1").ok());
  EXPECT_TRUE(tmp_.MountsBelow().empty());
  EXPECT_FALSE(std::filesystem::exists(context.pod_dir));
}

TEST_F(VolumeManagerTest, FsGroupOwnsManagedVolumesButNotHostPaths) {
  if (::geteuid() != 0) GTEST_SKIP() << "changing a file's group to any group needs root";
  std::string node_dir = tmp_.path() + "/node-dir";
  std::filesystem::create_directories(node_dir);
  auto pod = Pod(R"([{"name":"cache","emptyDir":{}},{"name":"config","configMap":{"name":"app-config"}},
      {"name":"node","hostPath":{"path":")" + node_dir + R"("}}])");
  pod["spec"].as_object()["securityContext"] = boost::json::parse(R"({"fsGroup":3456})");
  auto volumes = manager_->SetUpPod(pod);
  ASSERT_TRUE(volumes.ok()) << volumes.status().ToString();
  auto group = [](const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_gid;
  };
  std::string cache = volumes->at("cache").host_path;
  EXPECT_EQ(group(cache), 3456u);
  EXPECT_EQ(Mode(cache), 02777u);
  // configMap files: group-readable, the group's (through the links).
  std::string config = volumes->at("config").host_path;
  EXPECT_EQ(group(config + "/app.yaml"), 3456u);
  EXPECT_EQ(Mode(config + "/app.yaml"), 0644u);
  EXPECT_EQ(group(node_dir), 0u);

  // A sync later keeps the setgid bit.
  ASSERT_TRUE(manager_->SetUpPod(pod).ok());
  EXPECT_EQ(Mode(cache), 02777u);
  // An emptyDir gets its group once, when made; a sync later leaves what the pod did.
  ASSERT_EQ(::chown(cache.c_str(), static_cast<uid_t>(-1), 0), 0);
  ASSERT_TRUE(manager_->SetUpPod(pod).ok());
  EXPECT_EQ(group(cache), 0u);
  // A new configMap version is the group's again.
  auto cm = Json(R"({"metadata":{"name":"app-config","namespace":"ns"},"data":{"app.yaml":"v: 2\n"}})");
  auto current = api_->Get(Resource::Of("", "configmaps"), "ns", "app-config");
  cm["metadata"].as_object()["resourceVersion"] = client::ResourceVersionOf(**current);
  ASSERT_TRUE(api_->Update(Resource::Of("", "configmaps"), "ns", cm).ok());
  clock_.Advance(std::chrono::seconds(60));  // past the getter's cache
  ASSERT_TRUE(manager_->SetUpPod(pod).ok());
  EXPECT_EQ(ReadFile(config + "/app.yaml"), "v: 2\n");
  EXPECT_EQ(group(config + "/app.yaml"), 3456u);
  ASSERT_TRUE(manager_->TearDownPod("pod-1").ok());
}

TEST_F(VolumeManagerTest, TearDownVolumesKeepsTheRestOfThePod) {
  auto pod = Pod(R"([{"name":"mem","emptyDir":{"medium":"Memory"}},{"name":"cache","emptyDir":{}}])");
  pod["spec"].as_object()["containers"].as_array()[0].as_object()["volumeMounts"] =
      boost::json::parse(R"([{"name":"mem","mountPath":"/a","subPath":"a"}])");
  auto volumes = manager_->SetUpPod(pod);
  ASSERT_TRUE(volumes.ok());
  MountContext context = MountFirstContainer(pod, *volumes);
  WriteFile(volumes->at("cache").host_path + "/data", "bytes on the node's disk");
  WriteFile(manager_->dirs().EtcHostsPath("pod-1"), "127.0.0.1 localhost\n");
  EXPECT_EQ(tmp_.MountsBelow().size(), 2u);

  ASSERT_TRUE(manager_->TearDownVolumes("pod-1").ok());
  EXPECT_TRUE(tmp_.MountsBelow().empty());
  EXPECT_FALSE(std::filesystem::exists(manager_->dirs().PodVolumesDir("pod-1")));
  EXPECT_FALSE(std::filesystem::exists(context.pod_dir + "/volume-subpaths"));
  EXPECT_EQ(ReadFile(manager_->dirs().EtcHostsPath("pod-1")), "127.0.0.1 localhost\n");
  EXPECT_TRUE(manager_->TearDownVolumes("pod-1").ok());  // nothing left to do
  EXPECT_FALSE(manager_->TearDownVolumes("../pods").ok());
}

TEST_F(VolumeManagerTest, TearDownNeverFollowsLinksOutOfThePod) {
  std::string precious = tmp_.path() + "/precious";
  std::filesystem::create_directories(precious);
  WriteFile(precious + "/file", "keep");
  auto volumes = manager_->SetUpPod(
      Pod(R"([{"name":"cache","emptyDir":{}},{"name":"mem","emptyDir":{"medium":"Memory"}}])"));
  ASSERT_TRUE(volumes.ok());
  // What a container could plant in its volumes.
  ASSERT_EQ(::symlink(precious.c_str(), (volumes->at("cache").host_path + "/evil-dir").c_str()), 0);
  ASSERT_EQ(::symlink((precious + "/file").c_str(),
                      (volumes->at("mem").host_path + "/evil-file").c_str()),
            0);

  ASSERT_TRUE(manager_->TearDownPod("pod-1").ok());
  EXPECT_EQ(ReadFile(precious + "/file"), "keep");
  EXPECT_FALSE(std::filesystem::exists(manager_->dirs().PodDir("pod-1")));
  EXPECT_TRUE(manager_->TearDownPod("pod-1").ok());  // gone already
  EXPECT_FALSE(manager_->TearDownPod("../pods").ok());
}

TEST_F(VolumeManagerTest, ListsPodDirectoriesOnDisk) {
  EXPECT_TRUE(manager_->PodsOnDisk()->empty());
  ASSERT_TRUE(manager_->SetUpPod(Pod("[]")).ok());
  auto other = Pod("[]");
  other["metadata"].as_object()["uid"] = "pod-2";
  ASSERT_TRUE(manager_->SetUpPod(other).ok());
  WriteFile(manager_->dirs().PodsDir() + "/stray-file", "");
  ASSERT_EQ(::symlink("/tmp", (manager_->dirs().PodsDir() + "/stray-link").c_str()), 0);
  EXPECT_EQ(*manager_->PodsOnDisk(), (std::vector<std::string>{"pod-1", "pod-2"}));
  EXPECT_TRUE(std::filesystem::is_directory(manager_->dirs().PodPluginsDir("pod-1")));
  ASSERT_TRUE(manager_->TearDownPod("pod-2").ok());
  EXPECT_EQ(*manager_->PodsOnDisk(), (std::vector<std::string>{"pod-1"}));
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
