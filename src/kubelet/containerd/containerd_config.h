// The configuration of the containerd that kubepp supervises, and where its files live.
//
// Everything containerd keeps is under <data-dir>/containerd (DO NOT CHANGE the layout: a
// restarted kubepp finds the previous containerd's images, containers and running shims there):
//   config.toml       written at every start from ContainerdOptions
//   containerd.sock   the gRPC (CRI) socket; containerd.sock.ttrpc next to it
//   root/, state/     containerd's persistent and runtime state (images, snapshots, runc state)
//   certs.d/<host>/hosts.toml   per-registry settings (plain-HTTP registries)
//   containerd.log    containerd's own log; containerd.pid  the running containerd's PID
// The CNI configuration directory is <data-dir>/cni/net.d, where the kubelet writes its
// conflist; the plugins come from Debian's containernetworking-plugins in /usr/lib/cni.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace kubepp::kubelet::containerd {

// The pause image kubepp builds (images/pause) and containerd's CRI uses for every sandbox.
inline constexpr const char* kSandboxImage = "kubepp.local/pause:3.9";

struct ContainerdOptions {
  std::string data_dir;  // required: kubepp's data dir
  std::string containerd_binary = "containerd";
  std::string ctr_binary = "ctr";
  std::string sandbox_image = kSandboxImage;
  std::string cni_bin_dir = "/usr/lib/cni";
  std::string cni_conf_dir;  // default <data-dir>/cni/net.d
  // Registries ("10.0.0.5:5000") that containerd reaches over plain HTTP. Loopback
  // registries (localhost, 127.0.0.0/8, ::1) need no entry: containerd's CRI never
  // speaks TLS to them, as a node's local test registry expects.
  std::vector<std::string> insecure_registries;
  std::string log_level = "info";
  // Clamp pods' OOM score adjustments at containerd's own instead of failing to lower them:
  // needed where kubepp lacks CAP_SYS_RESOURCE (Containerd detects this when constructed).
  // When false, containerd itself asks to be the OOM killer's last choice.
  bool restrict_oom_score_adj = false;
  // How long Start waits for the CRI socket to answer Version.
  std::chrono::milliseconds start_timeout = std::chrono::seconds(60);
  // How long Stop waits after SIGTERM before SIGKILL.
  std::chrono::milliseconds stop_timeout = std::chrono::seconds(10);
  // Restarts of a containerd that died back off from 1 s, doubling up to this.
  std::chrono::milliseconds max_restart_backoff = std::chrono::seconds(30);
};

struct ContainerdPaths {
  std::string dir, config, socket, root, state, log, pid_file, registry_config_dir, opt_dir, cni_conf_dir;

  static ContainerdPaths For(const ContainerdOptions& options);
  // "unix://<socket>", the CRI endpoint the kubelet connects to.
  std::string Endpoint() const { return "unix://" + socket; }
};

// config.toml (containerd config version 2) for `options`.
std::string RenderContainerdConfig(const ContainerdOptions& options);

// certs.d/<host>/hosts.toml that sends pulls from `host` over plain HTTP.
std::string RenderInsecureRegistryHosts(const std::string& host);

// `text` as a TOML basic string, quotes included.
std::string TomlString(const std::string& text);

}  // namespace kubepp::kubelet::containerd
