#include "kubelet/nodestatus/registration.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "client/resource.h"
#include "fakes/fake_api_client.h"
#include "kubelet/nodestatus/node_status.h"

namespace kubepp::kubelet {
namespace {
namespace json = boost::json;
using client::Resource;

class RegistrationTest : public ::testing::Test {
 protected:
  RegistrationTest() : api_(fakes::FakeApiClient::Create(clock_)) {
    config_.node_name = config_.hostname = "node-a";
    config_.register_with_taints = {{"dedicated", "gpu", "NoSchedule"}};
    config_.node_labels = {{"pool", "a"}};
    sources_.machine_info = [] {
      MachineInfo m;
      m.num_cores = 2;
      m.memory_capacity_bytes = 4ull << 30;
      m.root_fs_capacity_bytes = 10ull << 30;
      m.hugepages = {{2ull << 20, 0}};
      m.architecture = "amd64";
      return m;
    };
    sources_.node_ip = [] { return StatusOr<std::string>(std::string("10.0.0.5")); };
  }

  json::object Initial() { return InitialNode(config_, sources_, clock_.Now(), nullptr); }
  client::ObjectPtr Node() { return *api_->Get(nodes_, "", "node-a"); }
  int Patches() {
    int n = 0;
    for (const auto& a : api_->Actions()) n += a.verb == "patch";
    return n;
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  const Resource nodes_ = Resource::Of("", "nodes");
  NodeConfig config_;
  NodeStatusSources sources_;
};

TEST_F(RegistrationTest, CreatesTheNode) {
  ASSERT_TRUE(TryRegisterNode(*api_, Initial()).ok());
  auto node = Node();
  EXPECT_EQ(node->at("metadata").at("labels").at("pool"), "a");
  EXPECT_EQ(node->at("spec").at("taints").at(0).at("key"), "dedicated");
  EXPECT_EQ(node->at("status").at("capacity").at("cpu"), "2");
  EXPECT_EQ(Patches(), 0);
}

TEST_F(RegistrationTest, TakesOverAnExistingNodeReconcilingOnlyWhatTheKubeletOwns) {
  api_->Seed(nodes_, json::object{
                         {"apiVersion", "v1"},
                         {"kind", "Node"},
                         {"metadata", json::object{{"name", "node-a"},
                                                   {"labels", json::object{{"kubernetes.io/hostname", "old-name"},
                                                                           {"kubernetes.io/os", "linux"},
                                                                           {"team", "x"}}}}},
                         {"spec", json::object{{"taints", json::array{json::object{
                                                              {"key", "admin"}, {"effect", "NoExecute"}}}}}},
                         {"status", json::object{{"capacity", json::object{{"cpu", "2"},
                                                                           {"example.com/gpu", "4"},
                                                                           {"hugepages-1Gi", "2Gi"},
                                                                           {"hugepages-2Mi", "4Mi"}}},
                                                 {"allocatable", json::object{{"cpu", "2"},
                                                                              {"example.com/gpu", "4"},
                                                                              {"hugepages-1Gi", "2Gi"},
                                                                              {"hugepages-2Mi", "4Mi"}}}}}});
  ASSERT_TRUE(TryRegisterNode(*api_, Initial()).ok());
  auto node = Node();
  const auto& labels = node->at("metadata").at("labels").as_object();
  EXPECT_EQ(labels.at("kubernetes.io/hostname"), "node-a");
  EXPECT_EQ(labels.at("kubernetes.io/arch"), "amd64");
  EXPECT_EQ(labels.at("beta.kubernetes.io/os"), "linux");
  EXPECT_EQ(labels.at("team"), "x");
  // --node-labels apply only on creation.
  EXPECT_FALSE(labels.contains("pool"));
  EXPECT_EQ(node->at("metadata").at("annotations").at("volumes.kubernetes.io/controller-managed-attach-detach"),
            "true");
  // Taints are the cluster's once the Node exists.
  EXPECT_EQ(node->at("spec").at("taints"),
            (json::array{json::object{{"key", "admin"}, {"effect", "NoExecute"}}}));
  const auto& capacity = node->at("status").at("capacity").as_object();
  EXPECT_EQ(capacity.at("example.com/gpu"), "0");
  EXPECT_EQ(node->at("status").at("allocatable").at("example.com/gpu"), "0");
  EXPECT_FALSE(capacity.contains("hugepages-1Gi"));
  EXPECT_FALSE(node->at("status").at("allocatable").as_object().contains("hugepages-1Gi"));
  EXPECT_EQ(capacity.at("hugepages-2Mi"), "0");
  EXPECT_EQ(capacity.at("cpu"), "2");  // the status updates own the rest
  bool status_patch = false, metadata_patch = false;
  for (const auto& a : api_->Actions()) {
    if (a.verb != "patch") continue;
    (a.subresource == "status" ? status_patch : metadata_patch) = true;
  }
  EXPECT_TRUE(status_patch);
  EXPECT_TRUE(metadata_patch);
}

TEST_F(RegistrationTest, NothingToReconcileWritesNothing) {
  ASSERT_TRUE(TryRegisterNode(*api_, Initial()).ok());
  api_->ClearActions();
  ASSERT_TRUE(TryRegisterNode(*api_, Initial()).ok());
  EXPECT_EQ(Patches(), 0);
}

TEST_F(RegistrationTest, AttachDetachAnnotationFollowsTheSetting) {
  ASSERT_TRUE(TryRegisterNode(*api_, Initial()).ok());
  config_.enable_controller_attach_detach = false;
  ASSERT_TRUE(TryRegisterNode(*api_, Initial()).ok());
  const json::value* annotations = Node()->at("metadata").as_object().if_contains("annotations");
  EXPECT_TRUE(!annotations || !annotations->as_object().contains(kControllerManagedAttachAnnotation));
}

TEST_F(RegistrationTest, FailuresAreReturned) {
  api_->SetReactor([](const fakes::FakeAction& a) {
    return a.verb == "create" ? Status::Forbidden("nodes is forbidden") : Status::Ok();
  });
  EXPECT_EQ(TryRegisterNode(*api_, Initial()).reason(), Reason::kForbidden);
}

TEST(RegistrationReconcile, DefaultLabelsNeverSetEmpty) {
  json::object initial{{"metadata", json::object{{"labels", json::object{{"kubernetes.io/hostname", ""}}}}}};
  json::object existing{{"metadata", json::object{{"labels", json::object{{"kubernetes.io/hostname", "x"}}}}}};
  EXPECT_TRUE(ReconcileDefaultLabels(initial, existing));
  EXPECT_FALSE(existing.at("metadata").at("labels").as_object().contains("kubernetes.io/hostname"));
}

TEST(RegistrationReconcile, ExistingNodeWithoutResourcesGetsTheInitialOnes) {
  json::object initial{{"status", json::object{{"capacity", json::object{{"hugepages-2Mi", "0"}}},
                                               {"allocatable", json::object{{"hugepages-2Mi", "0"}}}}}};
  json::object existing{{"metadata", json::object{}}};
  EXPECT_TRUE(ReconcileHugePages(initial, existing));
  EXPECT_EQ(existing.at("status").at("capacity").at("hugepages-2Mi"), "0");
}

}  // namespace
}  // namespace kubepp::kubelet
