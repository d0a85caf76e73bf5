#include "kubelet/nodestatus/node_labels.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {

TEST(NodeLabels, KubeletSetsHostnameOsAndArch) {
  auto labels = KubeletOwnLabels("node-a", "linux", "arm64");
  EXPECT_EQ(labels.size(), 5u);
  EXPECT_EQ(labels["kubernetes.io/hostname"], "node-a");
  EXPECT_EQ(labels["kubernetes.io/os"], "linux");
  EXPECT_EQ(labels["kubernetes.io/arch"], "arm64");
  EXPECT_EQ(labels["beta.kubernetes.io/os"], "linux");
  EXPECT_EQ(labels["beta.kubernetes.io/arch"], "arm64");
}

TEST(NodeLabels, HostnameIsTrimmedAndLowered) {
  EXPECT_EQ(*NodeHostname("  Node-A.Example.COM \n"), "node-a.example.com");
  EXPECT_EQ(NodeHostname("   ").status().message(), "empty hostname is invalid");
  auto own = NodeHostname("");
  ASSERT_TRUE(own.ok());
  EXPECT_FALSE(own->empty());
}

TEST(NodeLabels, AllowedNamespacesAndSet) {
  EXPECT_TRUE(ValidateNodeLabels({{"pool", "gpu"},
                                  {"example.com/team", "a"},
                                  {"node.kubernetes.io/exclude-from-external-load-balancers", "true"},
                                  {"kubelet.kubernetes.io/x", "y"},
                                  {"sub.node.kubernetes.io/x", "y"},
                                  {"topology.kubernetes.io/zone", "z1"},
                                  {"kubernetes.io/hostname", "n"}})
                  .ok());
  Status role = ValidateNodeLabels({{"node-role.kubernetes.io/control-plane", ""}, {"k8s.io/x", "y"}});
  ASSERT_FALSE(role.ok());
  EXPECT_EQ(role.message(),
            "unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [k8s.io/x "
            "node-role.kubernetes.io/control-plane]\n--node-labels in the 'kubernetes.io' namespace must begin "
            "with an allowed prefix (kubelet.kubernetes.io, node.kubernetes.io) or be in the specifically allowed "
            "set (beta.kubernetes.io/arch, beta.kubernetes.io/instance-type, beta.kubernetes.io/os, "
            "failure-domain.beta.kubernetes.io/region, failure-domain.beta.kubernetes.io/zone, kubernetes.io/arch, "
            "kubernetes.io/hostname, kubernetes.io/os, node.kubernetes.io/instance-type, "
            "topology.kubernetes.io/region, topology.kubernetes.io/zone)");
}

TEST(NodeLabels, InvalidKeysAndValues) {
  Status bad = ValidateNodeLabels({{"bad key", "ok"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.message().starts_with("invalid node labels: 'bad key' - ")) << bad.message();
  EXPECT_FALSE(ValidateNodeLabels({{"ok", "bad value!"}}).ok());
}

TEST(NodeLabels, ParsesTheFlag) {
  auto labels = ParseNodeLabels("a=1,b=,example.com/c=3");
  ASSERT_TRUE(labels.ok());
  EXPECT_EQ(labels->size(), 3u);
  EXPECT_EQ(labels->at("b"), "");
  EXPECT_EQ(labels->at("example.com/c"), "3");
  EXPECT_FALSE(ParseNodeLabels("a").ok());
  EXPECT_TRUE(ParseNodeLabels("")->empty());
}

}  // namespace
}  // namespace kubepp::kubelet
