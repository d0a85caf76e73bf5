// kubepp_fake_kubelet: the kubelet's real HTTPS API (kubelet/server) over a
// node made of files, for integration tests of the apiserver's proxies to
// kubelets with real clients. A test lays out:
//
//   <state>/pods/<namespace>_<name>.json   the pods this "node" runs (with their status)
//   <state>/logs/<id>.log                  the CRI log of container instance <id>
//                                          (the part after "://" of its containerID)
//   <state>/logs/<id>.running              present while that container runs
//
// and the fake serves /pods, /healthz and /containerLogs from them, choosing
// the container instance from the pod's status as the kubelet does.
// exec/attach/port-forward answer that no runtime is attached (500).
//
//   kubepp_fake_kubelet --pki-dir <server data>/pki --state-dir DIR --port-file FILE
//                       [--bind-address 0.0.0.0] [--self-signed]
//
// The port it listens on is written to --port-file once it serves. It runs
// until SIGINT or SIGTERM.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>

#include "base/flags.h"
#include "base/log.h"
#include "base/stop_signals.h"
#include "kubelet/logs/log_container.h"
#include "kubelet/server/kubelet_server.h"
#include "kubelet/server/serving_cert.h"
#include "net/pki.h"

namespace {

using namespace kubepp;
namespace fs = std::filesystem;

client::ObjectPtr ReadPod(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return nullptr;
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto v = boost::json::parse(text.str(), ec);
  if (ec || !v.is_object()) return nullptr;
  return client::MakeObject(std::move(v.as_object()));
}

const boost::json::object& StatusOf(const boost::json::object& pod) {
  static const boost::json::object kEmpty;
  auto it = pod.find("status");
  return it != pod.end() && it->value().is_object() ? it->value().as_object() : kEmpty;
}

}  // namespace

int main(int argc, char** argv) {
  std::string pki_dir, state_dir, port_file, bind = "0.0.0.0";
  bool self_signed = false;
  FlagSet flags("kubepp_fake_kubelet");
  flags.String("pki-dir", &pki_dir, "the cluster's pki directory (ca.crt, ca.key)");
  flags.String("state-dir", &state_dir, "pods/ and logs/ of the fake node");
  flags.String("port-file", &port_file, "where to write the port once serving");
  flags.String("bind-address", &bind, "address to listen on");
  flags.Bool("self-signed", &self_signed, "self-sign the serving certificate instead of using the cluster CA");
  Status st = flags.Parse(std::vector<std::string>(argv + 1, argv + argc));
  if (!st.ok() || pki_dir.empty() || state_dir.empty() || port_file.empty()) {
    std::fprintf(stderr, "%s\n%s", st.message().c_str(), flags.Usage().c_str());
    return 2;
  }
  StopSignals stop_signals;

  net::PkiPaths pki;
  pki.ca_cert = pki_dir + "/ca.crt";
  pki.ca_key = pki_dir + "/ca.key";
  auto cert = kubelet::server::WriteServingCert(state_dir + "/pki", "fake-node", {"127.0.0.1", "localhost"},
                                                self_signed ? nullptr : &pki);
  if (!cert.ok()) {
    KLOG(ERROR) << "serving certificate: " << cert.status().ToString();
    return 1;
  }

  const fs::path pods_dir = fs::path(state_dir) / "pods";
  const fs::path logs_dir = fs::path(state_dir) / "logs";
  kubelet::server::KubeletServerHooks hooks;
  hooks.list_pods = [pods_dir] {
    std::vector<client::ObjectPtr> pods;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(pods_dir, ec)) {
      if (entry.path().extension() != ".json") continue;
      if (auto pod = ReadPod(entry.path())) pods.push_back(pod);
    }
    return pods;
  };
  hooks.get_pod = [pods_dir](std::string_view ns, std::string_view name) {
    return ReadPod(pods_dir / (std::string(ns) + "_" + std::string(name) + ".json"));
  };
  hooks.resolve_log =
      [logs_dir](const kubelet::server::ContainerLogRequest& r) -> StatusOr<kubelet::server::ContainerLogTarget> {
    auto id = kubelet::logs::ContainerIdForLogs(StatusOf(*r.pod), client::NameOf(*r.pod), r.container, r.previous);
    if (!id.ok()) return id.status();
    std::string instance = id->substr(id->find("://") == std::string::npos ? 0 : id->find("://") + 3);
    std::string running_marker = (logs_dir / (instance + ".running")).string();
    return kubelet::server::ContainerLogTarget{(logs_dir / (instance + ".log")).string(), [running_marker] {
                                                 return ::access(running_marker.c_str(), F_OK) == 0;
                                               }};
  };
  hooks.resolve_stream = [](const kubelet::server::StreamRequest&) -> StatusOr<std::string> {
    return Status::Internal("no container runtime is attached to this fake kubelet");
  };

  kubelet::server::KubeletServerOptions options;
  options.bind_address = bind;
  options.port = 0;
  options.cert_file = cert->cert_file;
  options.key_file = cert->key_file;
  options.client_ca_file = pki.ca_cert;
  auto server = kubelet::server::KubeletServer::Start(options, std::move(hooks));
  if (!server.ok()) {
    KLOG(ERROR) << "kubelet server: " << server.status().ToString();
    return 1;
  }
  {
    std::string tmp = port_file + ".tmp";
    std::ofstream(tmp) << (*server)->port() << "\n";
    fs::rename(tmp, port_file);
  }
  int sig = stop_signals.Wait();
  KLOG(INFO) << "fake kubelet: signal " << sig << ", stopping";
  (*server)->Stop();
  return 0;
}
