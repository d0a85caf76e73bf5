#include "cmd/agent.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/log.h"
#include "base/version.h"
#include "client/kubeconfig.h"
#include "kubelet/server/serving_cert.h"
#include "net/pki.h"
#include "client/rest_client.h"
#include "kubelet/containerd/containerd.h"
#include "kubelet/containerd/image_import.h"
#include "kubelet/cri/grpc_runtime.h"

namespace kubepp::cmd {
namespace {

class AgentImpl : public Agent {
 public:
  ~AgentImpl() override { Stop(); }

  Status Init(AgentOptions options) {
    remove_pods_ = options.kubelet.remove_pods_on_exit;
    std::string endpoint = options.container_runtime_endpoint;
    std::string cni_conf_dir = options.kubelet.cni_conf_dir;
    std::vector<std::string> preloaded;
    if (endpoint.empty()) {
      kubelet::containerd::ContainerdOptions runtime_options;
      runtime_options.data_dir = options.data_dir;
      if (!cni_conf_dir.empty()) runtime_options.cni_conf_dir = cni_conf_dir;
      runtime_options.insecure_registries = options.insecure_registries;
      if (!options.kubelet.pod_infra_container_image.empty()) {
        runtime_options.sandbox_image = options.kubelet.pod_infra_container_image;
      }
      containerd_ = std::make_unique<kubelet::containerd::Containerd>(runtime_options);
      if (Status st = containerd_->Start(); !st.ok()) return st;
      std::string images = options.image_dir.empty() ? kubelet::containerd::DefaultImageDir() : options.image_dir;
      auto imported = containerd_->ImportImages(images);
      if (!imported.ok()) return imported.status();
      KLOG(INFO) << "agent: images from " << images << ": " << imported->imported.size() << " imported, "
                 << imported->skipped.size() << " already present";
      preloaded = imported->image_names;
      endpoint = containerd_->endpoint();
      cni_conf_dir = containerd_->paths().cni_conf_dir;
    }
    if (cni_conf_dir.empty()) cni_conf_dir = "/etc/cni/net.d";
    auto cri = kubelet::cri::ConnectCri(endpoint);
    if (!cri.ok()) return cri.status();
    cri_ = std::move(*cri);

    auto config = client::LoadKubeconfig(options.kubeconfig);
    if (!config.ok()) return config.status();
    client::RestClientOptions rest;
    rest.user_agent = version::ComponentUserAgent("kubelet");
    rest.connections = 8;
    auto api = client::NewRestClient(*config, rest);
    if (!api.ok()) return api.status();
    client_ = std::move(*api);

    kubelet::KubeletOptions k = options.kubelet;
    if (k.root_dir.empty()) k.root_dir = options.data_dir + "/kubelet";
    k.cni_conf_dir = cni_conf_dir;
    if (Status st = PrepareServingIdentity(options.data_dir, config->ca_pem, k); !st.ok()) return st;
    k.pinned_images.insert(k.pinned_images.end(), preloaded.begin(), preloaded.end());
    auto started = kubelet::Kubelet::Start(*client_, *cri_.runtime, *cri_.images, std::move(k));
    if (!started.ok()) return started.status();
    kubelet_ = std::move(*started);
    return Status::Ok();
  }

  void Stop() override {
    if (stopped_) return;
    stopped_ = true;
    if (kubelet_) kubelet_->Stop();
    if (containerd_) {
      using Mode = kubelet::containerd::Containerd::StopMode;
      Status st = containerd_->Stop(remove_pods_ ? Mode::kRemoveContainers : Mode::kKeepContainers);
      if (!st.ok()) KLOG(WARNING) << "agent: stopping containerd: " << st.ToString();
    }
  }

 private:
  // The kubelet API's TLS: clients are checked against the cluster CA of the
  // kubeconfig; next to `kubepp server` (whose CA key is under data_dir) the
  // serving certificate is signed by that CA, else the kubelet signs its own.
  static Status PrepareServingIdentity(const std::string& data_dir, const std::string& ca_pem,
                                       kubelet::KubeletOptions& k) {
    const std::string pki_dir = k.root_dir + "/pki";
    std::error_code ec;
    std::filesystem::create_directories(pki_dir, ec);
    if (ec) return Status::Internal("creating " + pki_dir + ": " + ec.message());
    if (k.client_ca_file.empty() && !ca_pem.empty()) {
      k.client_ca_file = pki_dir + "/client-ca.crt";
      std::string tmp = k.client_ca_file + ".tmp";
      {
        std::ofstream out(tmp, std::ios::trunc);
        out << ca_pem;
        if (!out) return Status::Internal("writing " + tmp);
      }
      std::filesystem::rename(tmp, k.client_ca_file, ec);
      if (ec) return Status::Internal("writing " + k.client_ca_file + ": " + ec.message());
    }
    net::PkiPaths cluster;
    cluster.ca_cert = data_dir + "/pki/ca.crt";
    cluster.ca_key = data_dir + "/pki/ca.key";
    if (k.tls_cert_file.empty() && ::access(cluster.ca_key.c_str(), R_OK) == 0) {
      char host[256] = {};
      ::gethostname(host, sizeof(host) - 1);
      std::string name = k.node_name.empty() ? std::string(host) : k.node_name;
      auto cert = kubelet::server::WriteServingCert(pki_dir, name, {host, k.node_ip}, &cluster);
      if (!cert.ok()) return cert.status();
      k.tls_cert_file = cert->cert_file;
      k.tls_key_file = cert->key_file;
    }
    return Status::Ok();
  }

  bool remove_pods_ = false;
  bool stopped_ = false;
  std::unique_ptr<kubelet::containerd::Containerd> containerd_;
  kubelet::cri::CriClients cri_;
  std::unique_ptr<client::ApiClient> client_;
  std::unique_ptr<kubelet::Kubelet> kubelet_;
};

}  // namespace

StatusOr<std::unique_ptr<Agent>> Agent::Start(AgentOptions options) {
  auto agent = std::make_unique<AgentImpl>();
  if (Status st = agent->Init(std::move(options)); !st.ok()) {
    agent->Stop();
    return st;
  }
  return std::unique_ptr<Agent>(std::move(agent));
}

}  // namespace kubepp::cmd
