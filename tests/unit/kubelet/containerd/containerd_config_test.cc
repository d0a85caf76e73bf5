#include "kubelet/containerd/containerd_config.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::containerd {
namespace {

ContainerdOptions Options() {
  ContainerdOptions options;
  options.data_dir = "/var/lib/kubepp";
  return options;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(ContainerdConfigTest, PathsLiveUnderTheDataDir) {
  ContainerdPaths p = ContainerdPaths::For(Options());
  EXPECT_EQ(p.dir, "/var/lib/kubepp/containerd");
  EXPECT_EQ(p.socket, "/var/lib/kubepp/containerd/containerd.sock");
  EXPECT_EQ(p.Endpoint(), "unix:///var/lib/kubepp/containerd/containerd.sock");
  EXPECT_EQ(p.root, "/var/lib/kubepp/containerd/root");
  EXPECT_EQ(p.state, "/var/lib/kubepp/containerd/state");
  EXPECT_EQ(p.cni_conf_dir, "/var/lib/kubepp/cni/net.d");
  ContainerdOptions custom = Options();
  custom.cni_conf_dir = "/etc/cni/net.d";
  EXPECT_EQ(ContainerdPaths::For(custom).cni_conf_dir, "/etc/cni/net.d");
}

TEST(ContainerdConfigTest, RendersVersion2WithTheCriSettingsKubeppNeeds) {
  std::string config = RenderContainerdConfig(Options());
  for (const char* line : {
           "version = 2\n",
           "root = \"/var/lib/kubepp/containerd/root\"\n",
           "state = \"/var/lib/kubepp/containerd/state\"\n",
           "oom_score = -999\n",
           "[grpc]\n  address = \"/var/lib/kubepp/containerd/containerd.sock\"\n",
           "[ttrpc]\n  address = \"/var/lib/kubepp/containerd/containerd.sock.ttrpc\"\n",
           "  [plugins.\"io.containerd.internal.v1.opt\"]\n    path = \"/var/lib/kubepp/containerd/opt\"\n",
           "  [plugins.\"io.containerd.grpc.v1.cri\"]\n    sandbox_image = \"kubepp.local/pause:3.9\"\n",
           "    stream_server_address = \"127.0.0.1\"\n",
           "    netns_mounts_under_state_dir = true\n",
           "    restrict_oom_score_adj = false\n",
           "      snapshotter = \"overlayfs\"\n",
           "      default_runtime_name = \"runc\"\n",
           "    [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n        runtime_type = "
           "\"io.containerd.runc.v2\"\n",
           "          SystemdCgroup = false\n",
           "          Root = \"/var/lib/kubepp/containerd/state/runc\"\n",
           "      bin_dir = \"/usr/lib/cni\"\n",
           "      conf_dir = \"/var/lib/kubepp/cni/net.d\"\n",
           "      config_path = \"/var/lib/kubepp/containerd/certs.d\"\n",
       }) {
    EXPECT_TRUE(Contains(config, line)) << "missing:\n" << line << "\nin:\n" << config;
  }
}

TEST(ContainerdConfigTest, RestrictedOomScoresDropContainerdsOwnScore) {
  ContainerdOptions options = Options();
  options.restrict_oom_score_adj = true;
  std::string config = RenderContainerdConfig(options);
  EXPECT_FALSE(Contains(config, "oom_score = "));
  EXPECT_TRUE(Contains(config, "    restrict_oom_score_adj = true\n"));
}

TEST(ContainerdConfigTest, OptionsReachTheConfig) {
  ContainerdOptions options = Options();
  options.sandbox_image = "registry.k8s.io/pause:3.9";
  options.cni_bin_dir = "/opt/cni/bin";
  options.log_level = "debug";
  std::string config = RenderContainerdConfig(options);
  EXPECT_TRUE(Contains(config, "sandbox_image = \"registry.k8s.io/pause:3.9\""));
  EXPECT_TRUE(Contains(config, "bin_dir = \"/opt/cni/bin\""));
  EXPECT_TRUE(Contains(config, "[debug]\n  level = \"debug\"\n"));
}

TEST(ContainerdConfigTest, TomlStringsAreEscaped) {
  EXPECT_EQ(TomlString("plain"), "\"plain\"");
  EXPECT_EQ(TomlString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(TomlString("line\nnext\ttab"), "\"line\\nnext\\ttab\"");
  EXPECT_EQ(TomlString(std::string("\x01", 1)), "\"\\u0001\"");
  ContainerdOptions odd = Options();
  odd.data_dir = "/tmp/with \"quote\"";
  EXPECT_TRUE(Contains(RenderContainerdConfig(odd), "root = \"/tmp/with \\\"quote\\\"/containerd/root\""));
}

TEST(ContainerdConfigTest, InsecureRegistryHostsUsePlainHttp) {
  std::string hosts = RenderInsecureRegistryHosts("127.0.0.1:5000");
  EXPECT_TRUE(Contains(hosts, "server = \"http://127.0.0.1:5000\"\n"));
  EXPECT_TRUE(Contains(hosts, "[host.\"http://127.0.0.1:5000\"]\n"));
  EXPECT_TRUE(Contains(hosts, "capabilities = [\"pull\", \"resolve\"]"));
}

}  // namespace
}  // namespace kubepp::kubelet::containerd
