#include "kubelet/node_agent.h"

#include <sys/utsname.h>

#include "base/log.h"
#include "kubelet/cri/image_service.h"
#include "kubelet/nodestatus/allocatable.h"
#include "kubelet/nodestatus/machine_info.h"
#include "kubelet/nodestatus/node_config.h"
#include "kubelet/nodestatus/node_ip.h"
#include "kubelet/nodestatus/node_labels.h"
#include "kubelet/nodestatus/node_lease.h"
#include "kubelet/nodestatus/node_status.h"
#include "kubelet/nodestatus/node_status_manager.h"
#include "kubelet/nodestatus/taints.h"

namespace kubepp::kubelet {

namespace {

class NodeAgentImpl : public NodeAgent {
 public:
  NodeAgentImpl(client::ApiClient& client, cri::ImageService& images, NodeAgentOptions options, NodeConfig config,
                std::string node_ip, MachineInfo machine, Clock& clock)
      : client_(client),
        images_(images),
        options_(std::move(options)),
        config_(std::move(config)),
        node_ip_(std::move(node_ip)),
        machine_(std::move(machine)),
        clock_(clock) {}

  ~NodeAgentImpl() override { Stop(); }

  void SetHealthChecks(std::function<std::string()> not_ready) override {
    std::lock_guard lock(mu_);
    not_ready_ = std::move(not_ready);
  }

  void SetPressure(std::function<NodePressure()> pressure) override {
    std::lock_guard lock(mu_);
    pressure_ = std::move(pressure);
  }

  Status Start() override {
    recorder_ = client::EventRecorder::Create(client_, {"kubelet", config_.node_name}, clock_);
    NodeStatusSources sources;
    sources.machine_info = [this] { return machine_; };
    sources.node_ip = [this]() -> StatusOr<std::string> { return node_ip_; };
    sources.readiness = [this] {
      NodeReadiness readiness;
      std::function<std::string()> check;
      {
        std::lock_guard lock(mu_);
        check = not_ready_;
      }
      std::string problem = check ? check() : "";
      if (!problem.empty()) {
        if (problem.find("network") != std::string::npos) {
          readiness.network_errors.push_back(problem);
        } else {
          readiness.runtime_errors.push_back(problem);
        }
      }
      return readiness;
    };
    sources.pressure = [this] {
      std::function<NodePressure()> pressure;
      {
        std::lock_guard lock(mu_);
        pressure = pressure_;
      }
      return pressure ? pressure() : NodePressure{};
    };
    sources.runtime_version = [this] { return RuntimeVersion{options_.runtime_name, options_.runtime_version}; };
    sources.images = [this]() -> StatusOr<std::vector<ContainerImage>> {
      runtime::v1::ListImagesRequest request;
      auto listed = images_.ListImages(request);
      if (!listed.ok()) return listed.status();
      std::vector<ContainerImage> out;
      for (const auto& image : listed->images()) {
        ContainerImage c;
        c.repo_digests.assign(image.repo_digests().begin(), image.repo_digests().end());
        c.repo_tags.assign(image.repo_tags().begin(), image.repo_tags().end());
        c.size_bytes = static_cast<int64_t>(image.size());
        out.push_back(std::move(c));
      }
      return out;
    };
    status_ = std::make_unique<NodeStatusManager>(client_, config_, sources,
                                                  NodeEventSink(*recorder_, config_.node_name), clock_);
    NodeLeaseOptions lease;
    lease.node_name = config_.node_name;
    lease.lease_duration_seconds = config_.node_lease_duration_seconds;
    lease_ = std::make_unique<NodeLeaseController>(client_, lease, clock_);
    status_->Start();
    lease_->Start();
    return Status::Ok();
  }

  void Stop() override {
    if (lease_) lease_->Stop();
    if (status_) status_->Stop();
    if (recorder_) recorder_->Flush();
  }

  const std::string& node_name() const override { return config_.node_name; }

  std::string node_uid() const override {
    client::ObjectPtr node = status_ ? status_->LastNode() : nullptr;
    return node ? std::string(client::UidOf(*node)) : std::string();
  }

  NodeFacts Facts() const override {
    NodeFacts facts;
    facts.host_ips = {node_ip_};
    facts.memory_capacity = static_cast<int64_t>(machine_.memory_capacity_bytes);
    ResourceList capacity = MachineCapacity(machine_, config_);
    ResourceList allocatable = Allocatable(capacity, AllocatableReservation(capacity, config_));
    for (const auto& [name, q] : allocatable) facts.allocatable[name] = q;
    facts.cluster_domain = options_.cluster_domain;
    return facts;
  }

 private:
  client::ApiClient& client_;
  cri::ImageService& images_;
  const NodeAgentOptions options_;
  const NodeConfig config_;
  const std::string node_ip_;
  const MachineInfo machine_;
  Clock& clock_;
  std::mutex mu_;
  std::function<std::string()> not_ready_;
  std::function<NodePressure()> pressure_;
  std::unique_ptr<client::EventRecorder> recorder_;
  std::unique_ptr<NodeStatusManager> status_;
  std::unique_ptr<NodeLeaseController> lease_;
};

}  // namespace

StatusOr<std::unique_ptr<NodeAgent>> NodeAgent::Create(client::ApiClient& client, cri::ImageService& images,
                                                       NodeAgentOptions options, Clock& clock) {
  NodeConfig config;
  auto hostname = NodeHostname(options.node_name);
  if (!hostname.ok()) return hostname.status();
  config.hostname = *hostname;
  config.node_name = *hostname;
  config.hostname_overridden = !options.node_name.empty();
  config.root_dir = options.root_dir;
  config.kubelet_port = options.port;
  config.max_pods = options.max_pods;
  config.system_reserved = options.system_reserved;
  config.kube_reserved = options.kube_reserved;
  config.eviction_hard = options.eviction_hard;
  for (const auto& label : options.node_labels) {
    auto parsed = ParseNodeLabels(label);
    if (!parsed.ok()) return parsed.status();
    for (auto& [k, v] : *parsed) config.node_labels[k] = v;
  }
  if (Status st = ValidateNodeLabels(config.node_labels); !st.ok()) return st;
  for (const auto& taint : options.register_with_taints) {
    auto parsed = ParseTaints(taint);
    if (!parsed.ok()) return parsed.status();
    for (auto& t : *parsed) config.register_with_taints.push_back(t);
  }
  auto ip = ChooseNodeIp(options.node_ip, config.hostname, config.node_name, NetworkFacts::System());
  if (!ip.ok()) return ip.status();
  config.node_ip = *ip;
  MachineInfo machine = ReadMachineInfo(HostPaths{}, options.root_dir);
  std::string node_ip = *ip;
  return std::unique_ptr<NodeAgent>(
      new NodeAgentImpl(client, images, std::move(options), std::move(config), node_ip, std::move(machine), clock));
}

}  // namespace kubepp::kubelet
