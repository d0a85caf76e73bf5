#include "kubelet/prober/tcp_probe.h"

#include <gtest/gtest.h>

#include "unit/kubelet/prober/local_servers.h"

namespace kubepp::kubelet::prober {
namespace {
using testing::ClosedPort;
using testing::LocalServer;

TEST(TcpProbe, ConnectsToAListener) {
  LocalServer server(nullptr);
  ProbeOutcome out = TcpProbe("127.0.0.1", server.port(), std::chrono::seconds(1));
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kSuccess);
  EXPECT_TRUE(out.output.empty());
}

TEST(TcpProbe, RefusedIsAFailureWithTheDialersMessage) {
  int port = ClosedPort();
  ProbeOutcome out = TcpProbe("127.0.0.1", port, std::chrono::seconds(1));
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_TRUE(out.error.ok());
  EXPECT_EQ(out.output, "dial tcp 127.0.0.1:" + std::to_string(port) + ": connect: connection refused");
}

TEST(TcpProbe, Ipv6AndNames) {
  int port = ClosedPort();
  ProbeOutcome v6 = TcpProbe("::1", port, std::chrono::seconds(1));
  EXPECT_EQ(v6.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_TRUE(v6.output.starts_with("dial tcp [::1]:" + std::to_string(port) + ": ")) << v6.output;
  ProbeOutcome name = TcpProbe("no-such-host.invalid", 80, std::chrono::seconds(1));
  EXPECT_EQ(name.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_EQ(name.output, "dial tcp: lookup no-such-host.invalid: no such host");
}

}  // namespace
}  // namespace kubepp::kubelet::prober
