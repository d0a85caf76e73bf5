#include "kubelet/api_pod_environment.h"

#include <map>
#include <mutex>

#include "base/log.h"
#include "controllers/util/object_fields.h"
#include "kubelet/cm/container_resources.h"
#include "kubelet/cm/pod_cgroup.h"
#include "kubelet/container/env.h"
#include "kubelet/container/env_expansion.h"
#include "kubelet/images/pull_secrets.h"
#include "kubelet/volumes/container_mounts.h"
#include "kubelet/volumes/hosts_file.h"
#include "kubelet/volumes/mounter.h"
#include "kubelet/volumes/service_account_token.h"
#include "kubelet/volumes/termination_log.h"
#include "kubelet/volumes/volume_manager.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::StringAt;

struct ApiPodEnvironment::Volumes {
  std::unique_ptr<volumes::Mounter> mounter;
  std::unique_ptr<volumes::TokenRequester> api_tokens;
  std::unique_ptr<volumes::TokenCache> tokens;
  std::unique_ptr<volumes::VolumeManager> manager;
  std::mutex mu;
  std::map<std::string, volumes::PodVolumes> by_pod;  // uid -> what SetUpPod made

  void Forget(const std::string& uid);  // drops what SetUpPod made for the pod
};

ApiPodEnvironment::ApiPodEnvironment(client::ApiClient& client, client::Informer& services, std::string root_dir,
                                     NodeFacts node)
    : services_(services),
      root_dir_(std::move(root_dir)),
      node_(std::move(node)),
      getter_(NewApiObjectGetter(client)),
      volumes_(std::make_unique<Volumes>()) {
  volumes_->mounter = volumes::NewLinuxMounter();
  volumes_->api_tokens = volumes::NewApiTokenRequester(client);
  volumes_->tokens = std::make_unique<volumes::TokenCache>(*volumes_->api_tokens);
  volumes_->manager = std::make_unique<volumes::VolumeManager>(
      volumes::VolumeManagerOptions{root_dir_, node_.allocatable}, *getter_, volumes_->tokens.get(),
      *volumes_->mounter);
}

ApiPodEnvironment::~ApiPodEnvironment() = default;

Status ApiPodEnvironment::SetUpVolumes(const json::object& pod) {
  auto set_up = volumes_->manager->SetUpPod(pod);
  if (!set_up.ok()) return set_up.status();
  std::lock_guard lock(volumes_->mu);
  volumes_->by_pod[std::string(client::UidOf(pod))] = std::move(*set_up);
  return Status::Ok();
}

void ApiPodEnvironment::Volumes::Forget(const std::string& uid) {
  std::lock_guard lock(mu);
  by_pod.erase(uid);
}

Status ApiPodEnvironment::TearDownVolumes(const std::string& uid) {
  volumes_->Forget(uid);
  return volumes_->manager->TearDownVolumes(uid);
}

Status ApiPodEnvironment::TearDownPod(const std::string& uid) {
  volumes_->Forget(uid);
  volumes_->tokens->ForgetPod(uid);
  return volumes_->manager->TearDownPod(uid);
}

namespace {

std::vector<container::EnvVar> ToEnvVars(const std::vector<std::pair<std::string, std::string>>& env) {
  std::vector<container::EnvVar> out;
  for (const auto& [k, v] : env) out.push_back({k, v});
  return out;
}

}  // namespace

StatusOr<ContainerRunSpec> ApiPodEnvironment::RunSpec(const json::object& pod, const json::object& c,
                                                      const std::string& pod_ip) {
  container::EnvContext context;
  context.services = services_.List();
  if (!pod_ip.empty()) context.pod_ips = {pod_ip};
  context.host_ips = node_.host_ips;
  context.node_allocatable = node_.allocatable;
  auto env = container::MakeEnvironmentVariables(pod, c, context, *getter_);
  if (!env.ok()) return env.status();
  ContainerRunSpec run;
  for (const auto& e : *env) run.env.emplace_back(e.name, e.value);
  auto expanded = container::ExpandContainerCommandAndArgs(c, *env);
  run.command = std::move(expanded.command);
  run.args = std::move(expanded.args);
  return run;
}

StatusOr<std::vector<ContainerMount>> ApiPodEnvironment::Mounts(const json::object& pod, const json::object& c,
                                                                const std::string& pod_ip) {
  std::string uid(client::UidOf(pod));
  volumes::PodVolumes pod_volumes;
  {
    std::lock_guard lock(volumes_->mu);
    auto it = volumes_->by_pod.find(uid);
    if (it != volumes_->by_pod.end()) pod_volumes = it->second;
  }
  auto run = RunSpec(pod, c, pod_ip);
  if (!run.ok()) return run.status();
  auto names = volumes::PodHostnameAndDomain(pod, node_.cluster_domain);
  if (!names.ok()) return names.status();
  volumes::MountContext context;
  context.pod_dir = volumes_->manager->dirs().PodDir(uid);
  context.hostname = names->first;
  context.host_domain = names->second;
  if (!pod_ip.empty()) context.pod_ips = {pod_ip};
  context.env = ToEnvVars(run->env);
  context.mounter = volumes_->mounter.get();
  auto mounts = volumes::MakeMounts(pod, c, pod_volumes, context);
  if (!mounts.ok()) return mounts.status();
  std::vector<ContainerMount> out;
  for (const auto& m : *mounts) {
    ContainerMount mount;
    mount.container_path = m.container_path;
    mount.host_path = m.host_path;
    mount.read_only = m.read_only;
    mount.propagation = m.propagation == volumes::MountPropagation::kBidirectional     ? "Bidirectional"
                        : m.propagation == volumes::MountPropagation::kHostToContainer ? "HostToContainer"
                                                                                       : "None";
    out.push_back(std::move(mount));
  }
  return out;
}

ContainerResources ApiPodEnvironment::Resources(const json::object& pod, const json::object& c) {
  cm::NodeResourceOptions node;
  node.memory_capacity = node_.memory_capacity > 0 ? node_.memory_capacity : int64_t{1} << 34;
  cm::LinuxContainerResources r = cm::ContainerResources(pod, c, node);
  return {r.cpu_period, r.cpu_quota, r.cpu_shares, r.memory_limit_in_bytes, r.oom_score_adj};
}

std::string ApiPodEnvironment::CgroupParent(const json::object& pod) {
  return cm::PodCgroupParent(pod, cm::CgroupDriver::kCgroupfs);
}

PodPullSecrets ApiPodEnvironment::PullCredentials(const json::object& pod) {
  return PodPullCredentials(pod, *getter_);
}

std::string ApiPodEnvironment::TerminationMessagePath(const json::object& pod, const json::object& c,
                                                      int restart_count) {
  std::string uid(client::UidOf(pod));
  std::string dir = volumes_->manager->dirs().PodContainerDir(uid, StringAt(c, {"name"}));
  auto mount = volumes::MakeTerminationLogMount(dir, c);
  if (!mount.ok() || !mount->has_value()) return "";
  return (*mount)->host_path;
}

}  // namespace kubepp::kubelet
