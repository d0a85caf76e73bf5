#include "kubelet/config/static_pods.h"

#include <filesystem>
#include <fstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "fakes/fake_api_client.h"

namespace kubepp::kubelet {
namespace {

namespace json = boost::json;

constexpr const char* kManifest = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: kubepp.local/busybox:1.35
)";

TEST(StaticPodTest, ManifestBecomesANodeScopedPod) {
  FakeClock clock;
  auto pod = StaticPodFromManifest(kManifest, "/etc/pods/web.yaml", "node-1", clock.Now());
  ASSERT_TRUE(pod.ok()) << pod.status().ToString();
  EXPECT_EQ(pod->at("metadata").at("name").as_string(), "web-node-1");
  EXPECT_EQ(pod->at("metadata").at("namespace").as_string(), "default");
  EXPECT_EQ(pod->at("spec").at("nodeName").as_string(), "node-1");
  std::string uid(pod->at("metadata").at("uid").as_string());
  EXPECT_EQ(uid.size(), 32u);
  const auto& annotations = pod->at("metadata").at("annotations").as_object();
  EXPECT_EQ(annotations.at("kubernetes.io/config.source").as_string(), "file");
  EXPECT_EQ(annotations.at("kubernetes.io/config.hash").as_string(), uid);
  EXPECT_EQ(pod->at("spec").at("restartPolicy").as_string(), "Always") << "pod defaults apply";
  EXPECT_TRUE(IsStaticPod(*pod));
  EXPECT_FALSE(IsMirrorPod(*pod));
  // The same manifest on the same node gives the same uid; another node another.
  auto again = StaticPodFromManifest(kManifest, "/etc/pods/web.yaml", "node-1", clock.Now());
  EXPECT_EQ(again->at("metadata").at("uid").as_string(), uid);
  auto elsewhere = StaticPodFromManifest(kManifest, "/etc/pods/web.yaml", "node-2", clock.Now());
  EXPECT_NE(elsewhere->at("metadata").at("uid").as_string(), uid);
}

TEST(StaticPodTest, RejectsWhatIsNotAPod) {
  FakeClock clock;
  EXPECT_FALSE(StaticPodFromManifest("kind: Service\nmetadata:\n  name: x\n", "f", "n", clock.Now()).ok());
  EXPECT_FALSE(StaticPodFromManifest("kind: Pod\nmetadata: {}\n", "f", "n", clock.Now()).ok());
  EXPECT_FALSE(StaticPodFromManifest("kind: [unclosed", "f", "n", clock.Now()).ok());
}

TEST(StaticPodTest, MirrorIsOwnedByTheNodeAndMarked) {
  FakeClock clock;
  auto pod = StaticPodFromManifest(kManifest, "/etc/pods/web.yaml", "node-1", clock.Now());
  json::object mirror = MirrorPodFor(*pod, "node-uid");
  EXPECT_TRUE(IsMirrorPod(mirror));
  EXPECT_FALSE(mirror.at("metadata").as_object().contains("uid"));
  EXPECT_EQ(mirror.at("metadata").at("ownerReferences").as_array()[0].at("kind").as_string(), "Node");
}

TEST(StaticPodTest, RescanReportsAddedChangedAndRemovedFiles) {
  FakeClock clock;
  std::string dir = ::testing::TempDir() + "/static-pods-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  StaticPods pods(dir, "node-1", clock);
  EXPECT_TRUE(pods.Rescan().upserted.empty());
  { std::ofstream(dir + "/web.yaml") << kManifest; }
  { std::ofstream(dir + "/broken.yaml") << "kind: Pod\n"; }
  auto changes = pods.Rescan();
  ASSERT_EQ(changes.upserted.size(), 1u);
  std::string first_uid(client::UidOf(*changes.upserted[0]));
  EXPECT_TRUE(pods.Rescan().upserted.empty()) << "unchanged files report nothing";
  { std::ofstream(dir + "/web.yaml") << std::string(kManifest) + "    command: [sleep, '60']\n"; }
  changes = pods.Rescan();
  ASSERT_EQ(changes.upserted.size(), 1u);
  EXPECT_EQ(changes.removed, std::vector<std::string>{first_uid});
  std::filesystem::remove(dir + "/web.yaml");
  changes = pods.Rescan();
  EXPECT_EQ(changes.removed.size(), 1u);
  EXPECT_TRUE(pods.Pods().empty());
  std::filesystem::remove_all(dir);
}

TEST(StaticPodTest, MirrorsAreCreatedRecreatedAndDeleted) {
  FakeClock clock;
  auto api = fakes::FakeApiClient::Create(clock);
  std::string dir = ::testing::TempDir() + "/static-mirrors-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  { std::ofstream(dir + "/web.yaml") << kManifest; }
  StaticPods pods(dir, "node-1", clock);
  pods.Rescan();
  const client::Resource r = client::Resource::Of("", "pods");
  auto list = [&] { return api->List(r, "default", {})->items; };
  pods.SyncMirrors(*api, list(), "node-uid");
  auto mirrors = list();
  ASSERT_EQ(mirrors.size(), 1u);
  EXPECT_EQ(client::NameOf(*mirrors[0]), "web-node-1");
  EXPECT_TRUE(IsMirrorPod(*mirrors[0]));
  // Deleted through the API: back on the next sync.
  client::DeleteOptions now;
  now.grace_period_seconds = 0;
  ASSERT_TRUE(api->Delete(r, "default", "web-node-1", now).ok());
  pods.SyncMirrors(*api, list(), "node-uid");
  EXPECT_EQ(list().size(), 1u);
  // The file is gone: so is the mirror.
  std::filesystem::remove(dir + "/web.yaml");
  pods.Rescan();
  pods.SyncMirrors(*api, list(), "node-uid");
  EXPECT_TRUE(list().empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kubepp::kubelet
