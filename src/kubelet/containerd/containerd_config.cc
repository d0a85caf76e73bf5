#include "kubelet/containerd/containerd_config.h"

#include <cstdio>
#include <sstream>

namespace kubepp::kubelet::containerd {

ContainerdPaths ContainerdPaths::For(const ContainerdOptions& options) {
  ContainerdPaths p;
  p.dir = options.data_dir + "/containerd";
  p.config = p.dir + "/config.toml";
  p.socket = p.dir + "/containerd.sock";
  p.root = p.dir + "/root";
  p.state = p.dir + "/state";
  p.log = p.dir + "/containerd.log";
  p.pid_file = p.dir + "/containerd.pid";
  p.registry_config_dir = p.dir + "/certs.d";
  p.opt_dir = p.dir + "/opt";
  p.cni_conf_dir = options.cni_conf_dir.empty() ? options.data_dir + "/cni/net.d" : options.cni_conf_dir;
  return p;
}

std::string TomlString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string RenderContainerdConfig(const ContainerdOptions& options) {
  ContainerdPaths p = ContainerdPaths::For(options);
  const std::string cri = "[plugins.\"io.containerd.grpc.v1.cri\"";
  std::ostringstream o;
  o << "# containerd configuration written by kubepp at every start; edits are overwritten.\n"
    << "version = 2\n"
    << "root = " << TomlString(p.root) << "\n"
    << "state = " << TomlString(p.state) << "\n";
  // As the node's runtime, containerd should be the last thing the OOM killer picks.
  if (!options.restrict_oom_score_adj) o << "oom_score = -999\n";
  o
    << "\n[grpc]\n"
    << "  address = " << TomlString(p.socket) << "\n"
    << "\n[ttrpc]\n"
    << "  address = " << TomlString(p.socket + ".ttrpc") << "\n"
    << "\n[debug]\n"
    << "  level = " << TomlString(options.log_level) << "\n"
    << "\n[plugins]\n"
    // Binaries installed by `ctr install` would otherwise land in /opt/containerd.
    << "  [plugins.\"io.containerd.internal.v1.opt\"]\n"
    << "    path = " << TomlString(p.opt_dir) << "\n"
    << "\n  " << cri << "]\n"
    << "    sandbox_image = " << TomlString(options.sandbox_image) << "\n"
    // exec/attach/port-forward streams are served on loopback only; the kubelet proxies them.
    << "    stream_server_address = \"127.0.0.1\"\n"
    << "    stream_server_port = \"0\"\n"
    << "    enable_selinux = false\n"
    << "    max_container_log_line_size = 16384\n"
    // Pod network namespaces under containerd's state dir, not the host-wide /var/run/netns.
    << "    netns_mounts_under_state_dir = true\n"
    << "    restrict_oom_score_adj = " << (options.restrict_oom_score_adj ? "true" : "false") << "\n"
    << "\n    " << cri << ".containerd]\n"
    << "      snapshotter = \"overlayfs\"\n"
    << "      default_runtime_name = \"runc\"\n"
    << "\n      " << cri << ".containerd.runtimes.runc]\n"
    << "        runtime_type = \"io.containerd.runc.v2\"\n"
    << "\n        " << cri << ".containerd.runtimes.runc.options]\n"
    // No systemd on kubepp's nodes: cgroups are managed through cgroupfs.
    << "          SystemdCgroup = false\n"
    // runc's state beside containerd's, not in the host-wide /run/containerd/runc.
    << "          Root = " << TomlString(p.state + "/runc") << "\n"
    << "\n    " << cri << ".cni]\n"
    << "      bin_dir = " << TomlString(options.cni_bin_dir) << "\n"
    << "      conf_dir = " << TomlString(p.cni_conf_dir) << "\n"
    << "      max_conf_num = 1\n"
    << "\n    " << cri << ".registry]\n"
    << "      config_path = " << TomlString(p.registry_config_dir) << "\n";
  return o.str();
}

std::string RenderInsecureRegistryHosts(const std::string& host) {
  std::ostringstream o;
  o << "# Written by kubepp: pulls from " << host << " use plain HTTP.\n"
    << "server = " << TomlString("http://" + host) << "\n"
    << "\n[host." << TomlString("http://" + host) << "]\n"
    << "  capabilities = [\"pull\", \"resolve\"]\n"
    << "  skip_verify = true\n";
  return o.str();
}

}  // namespace kubepp::kubelet::containerd
