// VolumeBinding through the default profile: missing, deleted and unbound claims keep a pod off
// every node with upstream's reasons; a bound local volume's node affinity picks the node.
#include "scheduler/plugins/volumebinding/volume_binding.h"

#include <boost/json/parse.hpp>
#include <map>

#include "unit/scheduler/plugins/plugin_test_base.h"

namespace kubepp::scheduler::testing {
namespace {

class VolumeBindingTest : public PluginTest {
 protected:
  void SetUp() override {
    Handle h;
    h.clock = &clock_;
    h.get_pvc = [this](std::string_view ns, std::string_view name) -> client::ObjectPtr {
      auto it = objects_.find("pvc/" + std::string(ns) + "/" + std::string(name));
      return it == objects_.end() ? nullptr : it->second;
    };
    h.get_pv = [this](std::string_view name) -> client::ObjectPtr {
      auto it = objects_.find("pv/" + std::string(name));
      return it == objects_.end() ? nullptr : it->second;
    };
    h.get_storage_class = [this](std::string_view name) -> client::ObjectPtr {
      auto it = objects_.find("sc/" + std::string(name));
      return it == objects_.end() ? nullptr : it->second;
    };
    auto f = Framework::Create(plugins::InTreeRegistry(), plugins::DefaultProfile(), h);
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    fw_ = std::move(*f);
    Add(NodeBuilder("a").Label("kubernetes.io/hostname", "a"));
    Add(NodeBuilder("b").Label("kubernetes.io/hostname", "b"));
  }
  void Put(const std::string& key, const std::string& json) {
    objects_[key] =
        std::make_shared<const boost::json::object>(boost::json::parse(json).as_object());
  }
  // A claim of `class_name` bound to `volume` ("" for unbound).
  void Claim(const std::string& name, const std::string& volume,
             const std::string& class_name = "") {
    Put("pvc/default/" + name, R"({"metadata":{"name":")" + name + R"("},"spec":{"volumeName":")" +
                                   volume + R"(","storageClassName":")" + class_name + R"("}})");
  }
  PodInfoPtr PodWithClaim(const std::string& claim) {
    return PodBuilder("p")
        .Spec("volumes",
              boost::json::parse(R"([{"name":"data","persistentVolumeClaim":{"claimName":")" +
                                 claim + R"("}}])"))
        .Info();
  }
  std::map<std::string, client::ObjectPtr> objects_;
};

TEST_F(VolumeBindingTest, PodsWithoutClaimsAreNotItsConcern) {
  EXPECT_TRUE(Filter(PodBuilder("plain").Info(), "a").ok());
}

TEST_F(VolumeBindingTest, ClaimsThatCannotBindKeepThePodOffEveryNode) {
  auto missing = Filter(PodWithClaim("nope"), "a");
  EXPECT_EQ(missing.code(), Code::kUnschedulableAndUnresolvable);
  EXPECT_EQ(missing.Message(), "persistentvolumeclaim \"nope\" not found");

  Claim("pending", "");
  EXPECT_EQ(Filter(PodWithClaim("pending"), "a").Message(),
            "pod has unbound immediate PersistentVolumeClaims");

  Put("sc/late", R"({"metadata":{"name":"late"},"volumeBindingMode":"WaitForFirstConsumer"})");
  Claim("waiting", "", "late");
  EXPECT_EQ(Filter(PodWithClaim("waiting"), "a").Message(),
            "node(s) didn't find available persistent volumes to bind");

  Put("pvc/default/going",
      R"({"metadata":{"name":"going","deletionTimestamp":"2026-01-01T00:00:00Z"},"spec":{}})");
  EXPECT_EQ(Filter(PodWithClaim("going"), "a").Message(),
            "persistentvolumeclaim \"going\" is being deleted");

  Claim("dangling", "gone");
  EXPECT_EQ(Filter(PodWithClaim("dangling"), "a").Message(),
            "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)");
}

TEST_F(VolumeBindingTest, ABoundLocalVolumeTakesThePodToItsNode) {
  Put("pv/local-a",
      R"({"metadata":{"name":"local-a"},"spec":{"local":{"path":"/mnt/disk"},"nodeAffinity":
      {"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"kubernetes.io/hostname","operator":"In",
      "values":["a"]}]}]}}}})");
  Claim("data", "local-a");
  EXPECT_TRUE(Filter(PodWithClaim("data"), "a").ok());
  auto elsewhere = Filter(PodWithClaim("data"), "b");
  EXPECT_EQ(elsewhere.code(), Code::kUnschedulableAndUnresolvable);
  EXPECT_EQ(elsewhere.Message(), "node(s) had volume node affinity conflict");

  Put("pv/anywhere", R"({"metadata":{"name":"anywhere"},"spec":{"hostPath":{"path":"/srv"}}})");
  Claim("shared", "anywhere");
  EXPECT_TRUE(Filter(PodWithClaim("shared"), "b").ok());
}

}  // namespace
}  // namespace kubepp::scheduler::testing
