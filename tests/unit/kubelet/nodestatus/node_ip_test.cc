#include "kubelet/nodestatus/node_ip.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {
namespace fs = std::filesystem;

class NodeIpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    proc_ = fs::temp_directory_path() / ("kubepp-node-ip-" + std::to_string(::getpid()));
    fs::remove_all(proc_);
    fs::create_directories(proc_ / "net");
    facts_.proc = proc_.string();
    facts_.interface_addresses = [this] { return interfaces_; };
    facts_.lookup_host = [this](const std::string& name) {
      lookups_.push_back(name);
      return dns_;
    };
  }
  void TearDown() override { fs::remove_all(proc_); }

  void Routes(const std::string& v4, const std::string& v6 = "") {
    std::ofstream(proc_ / "net/route")
        << "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
        << v4;
    std::ofstream(proc_ / "net/ipv6_route") << v6;
  }

  fs::path proc_;
  NetworkFacts facts_;
  std::vector<InterfaceAddress> interfaces_ = {
      {"lo", "127.0.0.1"}, {"eth0", "fe80::1"}, {"eth0", "10.0.0.5"}, {"eth1", "192.168.7.9"}, {"lo", "::1"}};
  std::vector<std::string> dns_;
  std::vector<std::string> lookups_;
};

TEST_F(NodeIpTest, ExplicitNodeIpMustBeLocalAndRoutable) {
  EXPECT_EQ(*ChooseNodeIp("192.168.7.9", "host", "host", facts_), "192.168.7.9");
  EXPECT_EQ(ChooseNodeIp("10.9.9.9", "host", "host", facts_).status().message(),
            "failed to validate nodeIP: node IP: \"10.9.9.9\" not found in the host's network interfaces");
  EXPECT_EQ(ChooseNodeIp("127.0.0.1", "host", "host", facts_).status().message(),
            "failed to validate nodeIP: nodeIP can't be loopback address");
  EXPECT_EQ(ChooseNodeIp("fe80::1", "host", "host", facts_).status().message(),
            "failed to validate nodeIP: nodeIP can't be a link-local unicast address");
  EXPECT_EQ(ChooseNodeIp("224.0.0.1", "host", "host", facts_).status().message(),
            "failed to validate nodeIP: nodeIP can't be a multicast address");
  EXPECT_EQ(ChooseNodeIp("nonsense", "host", "host", facts_).status().message(),
            "failed to validate nodeIP: nodeIP must be a valid IP address");
}

TEST_F(NodeIpTest, HostnameThatIsAnAddressWins) {
  Routes("eth0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
  EXPECT_EQ(*ChooseNodeIp("", "172.16.0.4", "172.16.0.4", facts_), "172.16.0.4");
  EXPECT_TRUE(lookups_.empty());
}

TEST_F(NodeIpTest, DnsAddressesThatAreLocalComeNext) {
  Routes("eth0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
  dns_ = {"127.0.1.1", "192.168.7.9"};  // Debian maps the hostname to 127.0.1.1
  EXPECT_EQ(*ChooseNodeIp("", "node-a", "node-a", facts_), "192.168.7.9");
  EXPECT_EQ(lookups_, std::vector<std::string>{"node-a"});
}

TEST_F(NodeIpTest, DefaultRouteInterfaceLast) {
  Routes(
      "eth1\t0007A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
      "eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0\n");
  dns_ = {"127.0.1.1"};
  EXPECT_EQ(*ChooseNodeIp("", "node-a", "node-a", facts_), "10.0.0.5");
  // "0.0.0.0" as --node-ip means "detect".
  EXPECT_EQ(*ChooseNodeIp("0.0.0.0", "node-a", "node-a", facts_), "10.0.0.5");
}

TEST_F(NodeIpTest, Ipv6DefaultRouteWhenNoIpv4One) {
  interfaces_.push_back({"eth2", "fd00::7"});
  Routes("", "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth2\n");
  EXPECT_EQ(*ChooseNodeIp("", "node-a", "node-a", facts_), "fd00::7");
}

TEST_F(NodeIpTest, NothingFits) {
  Routes("");
  dns_ = {"127.0.1.1"};
  EXPECT_EQ(ChooseNodeIp("", "node-a", "node-a", facts_).status().message(),
            "can't get ip address of node node-a. error: nodeIP can't be loopback address");
  dns_ = {};
  EXPECT_EQ(ChooseNodeIp("", "node-a", "node-a", facts_).status().message(),
            "can't get ip address of node node-a. error: unable to select an IP from default routes.");
}

TEST(NodeIpSystem, TheMachinesOwnInterfacesAreListed) {
  auto interfaces = NetworkFacts::System().interface_addresses();
  bool loopback = false;
  for (const auto& a : interfaces) loopback |= a.ip == "127.0.0.1";
  EXPECT_TRUE(loopback);
}

}  // namespace
}  // namespace kubepp::kubelet
