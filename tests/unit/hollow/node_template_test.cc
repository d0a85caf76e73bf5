#include "hollow/node_template.h"

#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "hollow/timestamps.h"

namespace kubepp::hollow {
namespace {
namespace json = boost::json;

Clock::TimePoint At(int64_t unix_seconds) { return Clock::TimePoint(std::chrono::seconds(unix_seconds)); }

TEST(NodeTemplate, NodeLooksLikeAKubeletRegisteredIt) {
  HollowNodesOptions options;
  options.cpu = "8";
  options.memory = "32Gi";
  options.node_labels = {{"pool", "bench"}};
  json::object node = BuildNode(options, 7, At(1767225600));
  EXPECT_EQ(node.at("kind"), "Node");
  const auto& md = node.at("metadata").as_object();
  EXPECT_EQ(md.at("name"), "hollow-node-7");
  const auto& labels = md.at("labels").as_object();
  EXPECT_EQ(labels.at("kubernetes.io/hostname"), "hollow-node-7");
  EXPECT_EQ(labels.at("kubernetes.io/os"), "linux");
  EXPECT_EQ(labels.at("kubernetes.io/arch"), "amd64");
  EXPECT_EQ(labels.at("pool"), "bench");
  EXPECT_FALSE(labels.contains("topology.kubernetes.io/zone"));

  const auto& status = node.at("status").as_object();
  EXPECT_EQ(status.at("capacity").at("cpu"), "8");
  EXPECT_EQ(status.at("capacity").at("memory"), "32Gi");
  EXPECT_EQ(status.at("capacity").at("pods"), "110");
  EXPECT_EQ(status.at("allocatable"), status.at("capacity"));
  EXPECT_EQ(status.at("nodeInfo").at("kubeletVersion"), "v1.32.0-kubepp.0.1.0");
  EXPECT_EQ(status.at("nodeInfo").at("operatingSystem"), "linux");
  const auto& addresses = status.at("addresses").as_array();
  ASSERT_EQ(addresses.size(), 2u);
  EXPECT_EQ(addresses[0].at("type"), "InternalIP");
  EXPECT_EQ(addresses[0].at("address"), json::value(NodeInternalIp(7)));
  EXPECT_EQ(addresses[1].at("type"), "Hostname");
  EXPECT_EQ(addresses[1].at("address"), "hollow-node-7");

  const auto& conditions = status.at("conditions").as_array();
  ASSERT_EQ(conditions.size(), 4u);
  const auto& ready = conditions[3].as_object();
  EXPECT_EQ(ready.at("type"), "Ready");
  EXPECT_EQ(ready.at("status"), "True");
  EXPECT_EQ(ready.at("reason"), "KubeletReady");
  EXPECT_EQ(ready.at("message"), "kubelet is posting ready status");
  EXPECT_EQ(ready.at("lastHeartbeatTime"), "2026-01-01T00:00:00Z");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(conditions[i].at("status"), "False") << i;
}

TEST(NodeTemplate, ZonesSpreadNodes) {
  HollowNodesOptions options;
  options.zones = 3;
  EXPECT_EQ(BuildNode(options, 4, At(0)).at("metadata").at("labels").at("topology.kubernetes.io/zone"), "zone-1");
}

TEST(NodeTemplate, InternalIpsAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) ASSERT_TRUE(seen.insert(NodeInternalIp(i)).second) << i;
  EXPECT_EQ(NodeInternalIp(0), "10.128.0.1");
  EXPECT_EQ(NodeInternalIp(254), "10.128.1.1");
}

TEST(NodeTemplate, HeartbeatKeepsTransitionTime) {
  json::array first = NodeConditions(nullptr, At(1000));
  json::array later = NodeConditions(&first, At(1300));
  EXPECT_EQ(later[3].at("lastHeartbeatTime"), json::value(TimeText(At(1300))));
  EXPECT_EQ(later[3].at("lastTransitionTime"), json::value(TimeText(At(1000))));
  // A condition that was not True flips, so its transition time moves.
  first[3].as_object()["status"] = "Unknown";
  json::array recovered = NodeConditions(&first, At(1600));
  EXPECT_EQ(recovered[3].at("lastTransitionTime"), json::value(TimeText(At(1600))));
}

TEST(NodeTemplate, LeaseIsHeldByTheNodeAndOwnedByIt) {
  json::object lease = BuildLease("n1", "uid-1", 40, At(1767225600));
  EXPECT_EQ(lease.at("apiVersion"), "coordination.k8s.io/v1");
  EXPECT_EQ(lease.at("metadata").at("namespace"), "kube-node-lease");
  EXPECT_EQ(lease.at("metadata").at("ownerReferences").at(0).at("uid"), "uid-1");
  EXPECT_EQ(lease.at("spec").at("holderIdentity"), "n1");
  EXPECT_EQ(lease.at("spec").at("leaseDurationSeconds"), 40);
  EXPECT_EQ(lease.at("spec").at("renewTime"), "2026-01-01T00:00:00.000000Z");
}

TEST(Timestamps, RoundTrip) {
  auto t = At(1767225600) + std::chrono::microseconds(123456);
  EXPECT_EQ(MicroTimeText(t), "2026-01-01T00:00:00.123456Z");
  EXPECT_EQ(ParseTime(MicroTimeText(t)), t);
  EXPECT_FALSE(ParseTime("yesterday").has_value());
}

}  // namespace
}  // namespace kubepp::hollow
