#include "cmd/agent.h"

#include "base/log.h"
#include "client/kubeconfig.h"
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
    rest.user_agent = "kubepp-kubelet";
    rest.connections = 8;
    auto api = client::NewRestClient(*config, rest);
    if (!api.ok()) return api.status();
    client_ = std::move(*api);

    kubelet::KubeletOptions k = options.kubelet;
    if (k.root_dir.empty()) k.root_dir = options.data_dir + "/kubelet";
    k.cni_conf_dir = cni_conf_dir;
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
