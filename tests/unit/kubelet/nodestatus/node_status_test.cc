#include "kubelet/nodestatus/node_status.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "client/time_format.h"
#include "kubelet/nodestatus/setters.h"

namespace kubepp::kubelet {
namespace {
namespace json = boost::json;

Clock::TimePoint At(int64_t s) { return Clock::TimePoint(std::chrono::seconds(s)); }

MachineInfo Machine() {
  MachineInfo info;
  info.num_cores = 2;
  info.memory_capacity_bytes = 4ull << 30;
  info.root_fs_capacity_bytes = 100ull << 30;
  info.hugepages = {{2ull << 20, 0}};
  info.machine_id = "m-id";
  info.system_uuid = "s-uuid";
  info.boot_id = "boot-1";
  info.kernel_version = "6.1.0-18-amd64";
  info.os_image = "Debian GNU/Linux 12 (bookworm)";
  info.architecture = "amd64";
  return info;
}

class NodeStatusTest : public ::testing::Test {
 protected:
  NodeStatusTest() {
    config_.node_name = config_.hostname = "node-a";
    sources_.machine_info = [this] { return machine_; };
    sources_.node_ip = [] { return StatusOr<std::string>(std::string("10.0.0.5")); };
    sources_.runtime_version = [] { return RuntimeVersion{"containerd", "1.6.20"}; };
  }

  NodeConfig config_;
  MachineInfo machine_ = Machine();
  NodeStatusSources sources_;
  std::vector<std::string> events_;
  EventSink sink_ = [this](std::string_view t, std::string_view r, std::string_view m) {
    events_.push_back(std::string(t) + " " + std::string(r) + " " + std::string(m));
  };
};

TEST_F(NodeStatusTest, InitialNodeIsWhatAKubeletRegisters) {
  config_.node_labels = {{"pool", "a"}, {"kubernetes.io/hostname", "override"}};
  config_.register_with_taints = {{"dedicated", "gpu", "NoSchedule"}};
  json::object node = InitialNode(config_, sources_, At(1767225600), sink_);
  EXPECT_EQ(node.at("apiVersion"), "v1");
  EXPECT_EQ(node.at("kind"), "Node");
  const auto& md = node.at("metadata").as_object();
  EXPECT_EQ(md.at("name"), "node-a");
  EXPECT_EQ(md.at("labels"), (json::object{{"kubernetes.io/hostname", "override"},
                                          {"kubernetes.io/os", "linux"},
                                          {"kubernetes.io/arch", "amd64"},
                                          {"beta.kubernetes.io/os", "linux"},
                                          {"beta.kubernetes.io/arch", "amd64"},
                                          {"pool", "a"}}));
  EXPECT_EQ(md.at("annotations").at("volumes.kubernetes.io/controller-managed-attach-detach"), "true");
  EXPECT_EQ(node.at("spec"),
            (json::object{{"taints", json::array{json::object{
                                         {"key", "dedicated"}, {"value", "gpu"}, {"effect", "NoSchedule"}}}}}));

  const auto& status = node.at("status").as_object();
  EXPECT_EQ(status.at("capacity"), (json::object{{"cpu", "2"},
                                                 {"ephemeral-storage", "100Gi"},
                                                 {"hugepages-2Mi", "0"},
                                                 {"memory", "4Gi"},
                                                 {"pods", "110"}}));
  EXPECT_EQ(status.at("allocatable").at("memory"), "3996Mi");
  EXPECT_EQ(status.at("allocatable").at("ephemeral-storage"), "96636764000");
  EXPECT_EQ(status.at("addresses"),
            (json::array{json::object{{"type", "InternalIP"}, {"address", "10.0.0.5"}},
                         json::object{{"type", "Hostname"}, {"address", "node-a"}}}));
  EXPECT_EQ(status.at("daemonEndpoints"), (json::object{{"kubeletEndpoint", json::object{{"Port", 10250}}}}));
  EXPECT_EQ(status.at("nodeInfo"), (json::object{{"machineID", "m-id"},
                                                 {"systemUUID", "s-uuid"},
                                                 {"bootID", "boot-1"},
                                                 {"kernelVersion", "6.1.0-18-amd64"},
                                                 {"osImage", "Debian GNU/Linux 12 (bookworm)"},
                                                 {"containerRuntimeVersion", "containerd://1.6.20"},
                                                 {"kubeletVersion", "v1.32.0-kubepp.0.1.0"},
                                                 {"kubeProxyVersion", "v1.32.0-kubepp.0.1.0"},
                                                 {"operatingSystem", "linux"},
                                                 {"architecture", "amd64"}}));
  const auto& conditions = status.at("conditions").as_array();
  ASSERT_EQ(conditions.size(), 4u);
  EXPECT_EQ(conditions[0].at("type"), "MemoryPressure");
  EXPECT_EQ(conditions[1].at("type"), "DiskPressure");
  EXPECT_EQ(conditions[2].at("type"), "PIDPressure");
  EXPECT_EQ(conditions[3].at("type"), "Ready");
  EXPECT_EQ(conditions[3].at("status"), "True");
  EXPECT_FALSE(status.contains("images"));
  EXPECT_EQ(events_.size(), 3u);  // the three pressure conditions' first setting
}

TEST_F(NodeStatusTest, UnschedulableRegistrationTaintsTheNode) {
  config_.register_schedulable = false;
  config_.enable_controller_attach_detach = false;
  config_.provider_id = "kubepp://node-a";
  json::object node = InitialNode(config_, sources_, At(0), nullptr);
  EXPECT_EQ(node.at("spec").at("unschedulable"), true);
  EXPECT_EQ(node.at("spec").at("taints"), (json::array{json::object{
                                              {"key", "node.kubernetes.io/unschedulable"}, {"effect", "NoSchedule"}}}));
  EXPECT_EQ(node.at("spec").at("providerID"), "kubepp://node-a");
  EXPECT_FALSE(node.at("metadata").as_object().contains("annotations"));
}

TEST_F(NodeStatusTest, UnknownRuntimeAndNoAddress) {
  sources_.runtime_version = [] { return RuntimeVersion{"containerd", ""}; };
  sources_.node_ip = [] { return StatusOr<std::string>(Status::Invalid("no")); };
  json::object node = InitialNode(config_, sources_, At(0), nullptr);
  EXPECT_EQ(node.at("status").at("nodeInfo").at("containerRuntimeVersion"), "containerd://Unknown");
  EXPECT_FALSE(node.at("status").as_object().contains("addresses"));
}

TEST_F(NodeStatusTest, RebootIsAWarningEvent) {
  json::object node = InitialNode(config_, sources_, At(0), nullptr);
  machine_.boot_id = "boot-2";
  SetNodeStatus(node, config_, sources_, At(10), sink_);
  EXPECT_EQ(node.at("status").at("nodeInfo").at("bootID"), "boot-2");
  ASSERT_FALSE(events_.empty());
  EXPECT_EQ(events_[0], "Warning NodeRebooted Node node-a has been rebooted, boot id: boot-2");
}

TEST_F(NodeStatusTest, ExtendedResourcesInCapacityAreKept) {
  json::object node = InitialNode(config_, sources_, At(0), nullptr);
  auto& status = node["status"].as_object();
  status["capacity"].as_object()["example.com/gpu"] = "2";
  status["allocatable"].as_object()["example.com/gone"] = "1";
  SetNodeStatus(node, config_, sources_, At(10), nullptr);
  EXPECT_EQ(node.at("status").at("capacity").at("example.com/gpu"), "2");
  EXPECT_EQ(node.at("status").at("allocatable").at("example.com/gpu"), "2");
  EXPECT_FALSE(node.at("status").at("allocatable").as_object().contains("example.com/gone"));
}

TEST_F(NodeStatusTest, PressureAndReadinessInputs) {
  sources_.pressure = [] { return NodePressure{true, false, true}; };
  sources_.readiness = [] {
    NodeReadiness r;
    r.runtime_errors = {"container runtime status check may not have completed yet"};
    return r;
  };
  json::object node = InitialNode(config_, sources_, At(0), nullptr);
  const auto& conditions = node.at("status").at("conditions").as_array();
  EXPECT_EQ(conditions[0].at("status"), "True");
  EXPECT_EQ(conditions[1].at("status"), "False");
  EXPECT_EQ(conditions[2].at("status"), "True");
  EXPECT_EQ(conditions[3].at("status"), "False");
  EXPECT_EQ(conditions[3].at("message"), "container runtime status check may not have completed yet");
}

TEST(SystemNodeStatusSources, DescribeThisMachine) {
  NodeConfig config;
  config.node_name = config.hostname = "this-machine";
  config.root_dir = "/";
  NodeStatusSources sources = SystemNodeStatusSources(config);
  MachineInfo info = sources.machine_info();
  EXPECT_GT(info.num_cores, 0);
  EXPECT_GT(info.memory_capacity_bytes, 0u);
  EXPECT_GT(info.root_fs_capacity_bytes, 0u);
  EXPECT_FALSE(info.architecture.empty());
  // The machine may have no default route here; either way the answer is upstream's.
  auto ip = sources.node_ip();
  if (!ip.ok()) {
    EXPECT_TRUE(ip.status().message().starts_with("can't get ip address of node this-machine"));
  }
  json::object node = InitialNode(config, sources, At(0), nullptr);
  EXPECT_EQ(node.at("status").at("capacity").at("cpu"), json::value(std::to_string(info.num_cores)));
}

TEST(Setters, ImagesLargestFirstCappedWithFiveNames) {
  std::vector<ContainerImage> images;
  for (int i = 0; i < 60; ++i) {
    images.push_back({{"sha256:" + std::to_string(i)}, {"img:" + std::to_string(i)}, int64_t{i} * 1000});
  }
  images[3].repo_tags = {"a", "b", "c", "d", "e", "f"};
  json::object node;
  ASSERT_TRUE(SetImages(node, 50, images).ok());
  const auto& list = node.at("status").at("images").as_array();
  ASSERT_EQ(list.size(), 50u);
  EXPECT_EQ(list[0].at("sizeBytes"), 59000);
  EXPECT_EQ(list[0].at("names"), (json::array{"sha256:59", "img:59"}));
  EXPECT_EQ(list[49].at("sizeBytes"), 10000);
  ASSERT_TRUE(SetImages(node, -1, images).ok());
  EXPECT_EQ(node.at("status").at("images").as_array().size(), 60u);
  const auto& three = node.at("status").at("images").as_array()[56];
  EXPECT_EQ(three.at("names").as_array().size(), kMaxNamesPerImageInNodeStatus);

  EXPECT_FALSE(SetImages(node, 50, StatusOr<std::vector<ContainerImage>>(Status::Unavailable("down"))).ok());
  EXPECT_FALSE(node.at("status").as_object().contains("images"));
}

}  // namespace
}  // namespace kubepp::kubelet
