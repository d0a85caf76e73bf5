#include "kubelet/kubelet.h"

#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <thread>
#include <filesystem>
#include <mutex>
#include <set>

#include "base/log.h"
#include "client/informer.h"
#include "controllers/util/object_fields.h"
#include "kubelet/api_pod_environment.h"
#include "kubelet/config/static_pods.h"
#include "kubelet/cri/image_service.h"
#include "kubelet/cri/runtime_service.h"
#include "kubelet/images/image_fs_usage.h"
#include "kubelet/images/image_gc_manager.h"
#include "kubelet/eviction/eviction_manager.h"
#include "kubelet/eviction/runtime_disk_reclaimer.h"
#include "kubelet/eviction/stats_summary.h"
#include "kubelet/kuberuntime/runtime_manager.h"
#include "kubelet/network/cni_config.h"
#include "kubelet/node_agent.h"
#include "kubelet/nodestatus/node_status_manager.h"
#include "kubelet/pleg/pleg.h"
#include "kubelet/pod_syncer.h"
#include "kubelet/prober/pod_runtime_status.h"
#include "kubelet/prober/prober_manager.h"
#include "kubelet/server/kubelet_server.h"
#include "kubelet/server/serving_cert.h"
#include "kubelet/server_hooks.h"
#include "kubelet/stats/cpu_usage_updater.h"
#include "kubelet/stats/stats_handlers.h"
#include "kubelet/stats/stats_provider.h"
#include "kubelet/status/pod_status.h"
#include "kubelet/status/status_manager.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::StringAt;

namespace {

class KubeletImpl : public Kubelet {
 public:
  KubeletImpl(client::ApiClient& client, cri::RuntimeService& runtime, cri::ImageService& images,
              KubeletOptions options, Clock& clock)
      : client_(client), runtime_(runtime), images_(images), options_(std::move(options)), clock_(clock) {}

  ~KubeletImpl() override { Stop(); }

  Status Start() {
    if (Status valid = ValidateImageGcPolicy(options_.image_gc); !valid.ok()) return valid;
    std::error_code ec;
    std::filesystem::create_directories(options_.root_dir + "/pods", ec);
    std::filesystem::create_directories(options_.root_dir + "/logs/pods", ec);
    if (ec) return Status::Internal("creating " + options_.root_dir + ": " + ec.message());

    runtime::v1::VersionRequest version_request;
    auto version = runtime_.Version(version_request);
    if (!version.ok()) return Status::Unavailable("the container runtime does not answer: " + version.status().message());

    // The API first, so that the Node registers the port it really serves on.
    uint16_t port = options_.port;
    if (Status st = StartServer(&port); !st.ok()) {
      // Pods still run without it; only logs, exec and port-forward are lost.
      KLOG(ERROR) << "kubelet: the kubelet API does not serve: " << st.ToString();
    }

    NodeAgentOptions node_options;
    node_options.node_name = options_.node_name;
    node_options.node_ip = options_.node_ip;
    node_options.root_dir = options_.root_dir;
    node_options.port = port;
    node_options.max_pods = options_.max_pods;
    node_options.node_labels = options_.node_labels;
    node_options.register_with_taints = options_.register_with_taints;
    node_options.system_reserved = options_.system_reserved;
    node_options.kube_reserved = options_.kube_reserved;
    node_options.eviction_hard = eviction::NodeAllocatableThresholds(options_.eviction_thresholds);
    node_options.runtime_name = version->runtime_name();
    node_options.runtime_version = version->runtime_version();
    auto node = NodeAgent::Create(client_, images_, node_options, clock_);
    if (!node.ok()) return node.status();
    node_ = std::move(*node);
    node_name_ = node_->node_name();

    informers_ = client::InformerFactory::Create(client_, clock_);
    client::Informer& services = informers_->For(client::Resource::Of("", "services"));
    client::InformerOptions mine;
    mine.field_selector = "spec.nodeName=" + node_name_;
    client::Informer& pods = informers_->For(client::Resource::Of("", "pods"), mine);
    client::InformerOptions this_node;
    this_node.field_selector = "metadata.name=" + node_name_;
    client::Informer& nodes = informers_->For(client::Resource::Of("", "nodes"), this_node);

    NodeFacts facts = node_->Facts();
    environment_ = std::make_unique<ApiPodEnvironment>(client_, services, options_.root_dir, facts);
    recorder_ = client::EventRecorder::Create(client_, {"kubelet", node_name_}, clock_);
    RuntimeManagerOptions runtime_options;
    runtime_options.log_root = options_.root_dir + "/logs/pods";
    runtime_options.seccomp_profile_root = options_.root_dir + "/seccomp";
    runtime_options.cluster_dns = options_.cluster_dns;
    runtime_options.cluster_domain = options_.cluster_domain;
    runtime_options.resolv_conf = options_.resolv_conf;
    manager_ = std::make_unique<RuntimeManager>(runtime_, images_, *environment_, *recorder_, clock_, runtime_options);
    statuses_ = std::make_unique<StatusManager>(client_);
    PodSyncerOptions sync_options;
    sync_options.workers = options_.workers;
    sync_options.host_ips = facts.host_ips;
    sync_options.recorder = recorder_.get();
    syncer_ = std::make_unique<PodSyncer>(*manager_, *environment_, *statuses_, clock_, sync_options);
    serving_state_ready_ = true;
    image_fs_ = NewCriImageFsUsage(images_);
    ImageGcOptions gc_options;
    gc_options.policy = options_.image_gc;
    gc_options.node_name = node_name_;
    gc_options.pinned_images = options_.pinned_images;
    if (!options_.pod_infra_container_image.empty()) {
      gc_options.pinned_images.push_back(options_.pod_infra_container_image);
    }
    image_gc_ = std::make_unique<ImageGcManager>(images_, runtime_, *image_fs_, *recorder_, clock_,
                                                 std::move(gc_options));
    WireProbes();
    stats::StatsProviderOptions stats_options;
    stats_options.node_name = node_name_;
    stats_options.root_dir = options_.root_dir;
    stats_options.log_root = runtime_options.log_root;
    stats_options.volume_stats_period = options_.volume_stats_agg_period;
    stats_ = std::make_unique<stats::StatsProvider>(runtime_, images_, stats_options, clock_);
    cpu_usage_updater_ = std::make_unique<stats::CpuUsageUpdater>(*stats_, clock_);
    stats_ready_ = true;
    WireEviction(facts);
    pleg_ = std::make_unique<Pleg>(*manager_, clock_, std::chrono::seconds(1),
                                   [this](const std::string& uid) { syncer_->Enqueue(uid); });

    pods.AddEventHandler({
        [this](const client::ObjectPtr& pod) { OnPod(pod); },
        [this](const client::ObjectPtr&, const client::ObjectPtr& pod) { OnPod(pod); },
        [this](const client::ObjectPtr& pod) { OnPodDeleted(pod); },
    });
    pods_informer_ = &pods;
    if (!options_.pod_manifest_path.empty()) {
      static_pods_ = std::make_unique<StaticPods>(options_.pod_manifest_path, node_name_, clock_);
    }
    nodes.AddEventHandler({
        [this](const client::ObjectPtr& node) { ConfigureNetwork(*node); },
        [this](const client::ObjectPtr&, const client::ObjectPtr& node) { ConfigureNetwork(*node); },
        nullptr,
    });
    if (!options_.pod_cidr.empty()) WriteNetwork(options_.pod_cidr);

    node_->SetHealthChecks([this]() -> std::string {
      if (!network_ready_) return "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";
      if (pleg_ && !pleg_->Healthy()) return "PLEG is not healthy: the runtime's pods could not be listed";
      return "";
    });

    if (Status st = node_->Start(); !st.ok()) return st;
    informers_->Start();
    if (!informers_->WaitForSync(std::chrono::seconds(60))) {
      return Status::Unavailable("the kubelet's informers did not sync within 60s");
    }
    syncer_->Start();
    eviction_->Start();
    pleg_->Start();
    image_gc_->Start(options_.image_gc_period);
    if (static_pods_) static_thread_ = std::thread([this] { StaticPodLoop(); });
    cpu_usage_updater_->Start();
    KLOG(INFO) << "kubelet: node " << node_name_ << " running pods through " << version->runtime_name() << " "
               << version->runtime_version();
    return Status::Ok();
  }

  void Stop() override {
    std::lock_guard lock(stop_mu_);
    if (stopped_) return;
    stopped_ = true;
    {
      std::lock_guard static_lock(static_mu_);
      static_stopping_ = true;
    }
    static_cv_.notify_all();
    if (static_thread_.joinable()) static_thread_.join();
    if (server_) server_->Stop();
    if (cpu_usage_updater_) cpu_usage_updater_->Stop();
    if (image_gc_) image_gc_->Stop();
    if (pleg_) pleg_->Stop();
    // The syncer first: an eviction waiting for its pod to stop returns then.
    if (syncer_) syncer_->Stop();
    if (eviction_) eviction_->Stop();
    if (prober_) prober_->Stop();
    if (informers_) informers_->Stop();
    if (node_) node_->Stop();
    if (options_.remove_pods_on_exit && manager_) RemoveAllPods();
    if (recorder_) recorder_->Flush();
  }

  const std::string& node_name() const override { return node_name_; }
  stats::StatsProvider& stats() override { return *stats_; }

 private:
  // The HTTPS API on options_.port (logs, exec, attach, port-forward, pods).
  // Its answers come from the pod workers and the runtime once they exist.
  Status StartServer(uint16_t* port) {
    if (options_.client_ca_file.empty()) {
      return Status::BadRequest("no client CA (KubeletOptions.client_ca_file) to authenticate the apiserver with");
    }
    server::ServingCertFiles cert{options_.tls_cert_file, options_.tls_key_file};
    if (cert.cert_file.empty()) {
      // Upstream's kubelet also signs its own certificate when given none.
      char host[256] = {};
      ::gethostname(host, sizeof(host) - 1);
      std::string name = options_.node_name.empty() ? std::string(host) : options_.node_name;
      auto written = server::WriteServingCert(options_.root_dir + "/pki", name, {host, options_.node_ip}, nullptr);
      if (!written.ok()) return written.status();
      cert = *written;
    }
    KubeletState state;
    state.pods = [this]() -> std::vector<client::ObjectPtr> {
      if (!serving_state_ready_) return {};
      return syncer_->Pods();
    };
    state.last_status = [this](const std::string& uid) -> std::optional<json::object> {
      if (!serving_state_ready_) return std::nullopt;
      return syncer_->LastStatus(uid);
    };
    state.runtime_status = [this](const std::string& uid) -> StatusOr<PodRuntimeStatus> {
      if (!serving_state_ready_) return Status::Unavailable("the kubelet is starting");
      return manager_->GetPodStatus(uid);
    };
    server::KubeletServerOptions server_options;
    server_options.bind_address = options_.bind_address;
    server_options.port = options_.port;
    server_options.cert_file = cert.cert_file;
    server_options.key_file = cert.key_file;
    server_options.client_ca_file = options_.client_ca_file;
    server::KubeletServerHooks hooks = MakeServerHooks(std::move(state), runtime_);
    hooks.stats = [this](const net::HttpRequest& request) -> std::optional<net::HttpResponse> {
      stats::StatsProvider* provider = stats_ready_ ? stats_.get() : nullptr;
      if (provider == nullptr) {
        net::HttpResponse starting;
        starting.status = 503;
        starting.content_type = "text/plain; charset=utf-8";
        starting.body = "the kubelet is starting";
        return starting;
      }
      return stats::ServeStats(*provider, request);
    };
    auto server = server::KubeletServer::Start(server_options, std::move(hooks));
    if (!server.ok()) return server.status();
    server_ = std::move(*server);
    *port = server_->port();
    return Status::Ok();
  }

  // Probes run on the prober's threads; results reach the pod workers
  // through the results managers (liveness, startup: restarts; readiness:
  // the Ready condition).
  void WireProbes() {
    prober::PodStatusProvider provider = [this](std::string_view uid) -> std::optional<prober::PodRuntimeStatus> {
      auto status = syncer_->LastStatus(std::string(uid));
      if (!status) return std::nullopt;
      return prober::PodRuntimeStatusFromJson(*status);
    };
    prober::ExecRunner exec = [this](std::string_view container_id, const std::vector<std::string>& command,
                                     Clock::Duration timeout) -> StatusOr<prober::ExecOutput> {
      std::string_view id = container_id;
      if (size_t sep = id.find("://"); sep != std::string_view::npos) id.remove_prefix(sep + 3);
      auto run = manager_->ExecSync(std::string(id), command, timeout);
      if (!run.ok()) return run.status();
      return prober::ExecOutput{run->exit_code, run->output};
    };
    prober_ = std::make_unique<prober::ProberManager>(provider, exec, recorder_.get(), clock_);
    auto resync = [this](const prober::ProbeResultUpdate& update) { syncer_->Enqueue(update.pod_uid); };
    prober_->liveness().AddListener(resync);
    prober_->readiness().AddListener(resync);
    prober_->startup().AddListener(resync);
    std::string prefix = manager_->runtime_name() + "://";
    ProbeState probes;
    probes.update_readiness = [this](const json::object& pod, json::object& statuses) {
      prober_->UpdatePodStatus(pod, statuses);
    };
    probes.liveness_failed = [this, prefix](const std::string& id) {
      return prober_->liveness().Get(prefix + id) == prober::ProbeResult::kFailure;
    };
    probes.startup_failed = [this, prefix](const std::string& id) {
      return prober_->startup().Get(prefix + id) == prober::ProbeResult::kFailure;
    };
    probes.observe = [this](const client::ObjectPtr& pod, const PodRuntimeStatus&) {
      std::string uid(client::UidOf(*pod));
      std::lock_guard lock(probed_mu_);
      if (probed_.insert(uid).second) prober_->AddPod(pod);
    };
    probes.terminating = [this](const json::object& pod) { prober_->StopLivenessAndStartup(pod); };
    probes.forget = [this](const std::string& uid) {
      std::lock_guard lock(probed_mu_);
      probed_.erase(uid);
      std::set<std::string> desired;
      for (const auto& pod : syncer_->Pods()) desired.emplace(client::UidOf(*pod));
      desired.erase(uid);
      prober_->CleanupPods(desired);
    };
    syncer_->SetProbeState(std::move(probes));
  }

  // Node-pressure eviction: the manager measures the machine, raises the
  // Node's pressure conditions, refuses pods that cannot run under them, and
  // evicts through the pod workers.
  void WireEviction(const NodeFacts& facts) {
    uint64_t allocatable_memory = static_cast<uint64_t>(facts.memory_capacity);
    for (const ResourceList* reserved : {&options_.system_reserved, &options_.kube_reserved}) {
      auto memory = reserved->find("memory");
      if (memory == reserved->end()) continue;
      const auto bytes = static_cast<uint64_t>(memory->second.Value());
      allocatable_memory = allocatable_memory > bytes ? allocatable_memory - bytes : 0;
    }
    eviction_stats_ = std::make_unique<eviction::StatsSummaryProvider>(*stats_, images_, options_.root_dir,
                                                                       allocatable_memory);
    // Images are freed by the image garbage collector once the kubelet has one.
    disk_reclaimer_ = std::make_unique<eviction::RuntimeDiskReclaimer>(
        *manager_, [this] { return image_gc_->DeleteUnusedImages(); },
        [this](const std::string& uid) {
          client::ObjectPtr pod = syncer_->PodByUid(uid);
          return pod && IsTerminalPhase(StringAt(*pod, {"status", "phase"}));
        });
    eviction::EvictionConfig config;
    config.thresholds = options_.eviction_thresholds;
    config.pressure_transition_period = options_.eviction_pressure_transition_period;
    config.max_pod_grace_period_seconds = options_.eviction_max_pod_grace_period_seconds;
    eviction::EvictionDeps deps;
    deps.stats = eviction_stats_.get();
    deps.active_pods = [this] { return syncer_->ActivePods(); };
    deps.kill_pod = [this](const json::object& pod, const PodTermination& termination) {
      // Upstream's killPodNow: the grace period and half again, at least 10 s.
      auto timeout = std::max<Clock::Duration>(std::chrono::seconds(termination.grace_seconds * 3 / 2),
                                               std::chrono::seconds(10));
      return syncer_->TerminatePod(std::string(client::UidOf(pod)), termination, timeout);
    };
    deps.reclaimer = disk_reclaimer_.get();
    deps.recorder = recorder_.get();
    deps.node_events = NodeEventSink(*recorder_, node_name_);
    eviction_ = std::make_unique<eviction::EvictionManager>(std::move(config), std::move(deps), clock_);
    syncer_->AddAdmitHandler([this](const json::object& pod, const std::vector<client::ObjectPtr>&) {
      return eviction_->Admit(pod);
    });
    node_->SetPressure([this] { return eviction_->Pressure(); });
  }

  void OnPod(const client::ObjectPtr& pod) {
    if (!IsMirrorPod(*pod)) {
      syncer_->UpsertPod(pod);
      return;
    }
    // A mirror pod: its static pod runs from the file; the mirror carries
    // the status (and the static pod takes the mirror's status as its own).
    if (controllers::util::HasDeletionTimestamp(*pod)) {
      KickStaticPods();  // deleted through the API: made again
      return;
    }
    std::string hash(StringAt(*pod, {"metadata", "annotations", kConfigMirrorAnnotation}));
    statuses_->SetMirrorUid(hash, std::string(client::UidOf(*pod)));
    if (client::ObjectPtr static_pod = syncer_->PodByUid(hash)) {
      json::object merged = *static_pod;
      if (const json::value* status = pod->if_contains("status")) merged["status"] = *status;
      syncer_->UpsertPod(client::MakeObject(std::move(merged)));
      // A status change alone syncs nothing; a new mirror needs its status now.
      syncer_->Enqueue(hash);
    }
  }

  void KickStaticPods() {
    {
      std::lock_guard lock(static_mu_);
      static_kick_ = true;
    }
    static_cv_.notify_all();
  }

  void OnPodDeleted(const client::ObjectPtr& pod) {
    if (IsMirrorPod(*pod)) {
      KickStaticPods();  // recreate it now
      return;
    }
    syncer_->RemovePod(std::string(client::UidOf(*pod)));
  }

  // Upstream re-reads --pod-manifest-path every 20 s.
  void StaticPodLoop() {
    std::unique_lock lock(static_mu_);
    while (!static_stopping_) {
      lock.unlock();
      auto changes = static_pods_->Rescan();
      for (const auto& uid : changes.removed) syncer_->RemovePod(uid);
      for (const auto& pod : changes.upserted) syncer_->UpsertPod(pod);
      std::vector<client::ObjectPtr> mirrors;
      for (const auto& pod : pods_informer_->List()) {
        if (IsMirrorPod(*pod)) mirrors.push_back(pod);
      }
      static_pods_->SyncMirrors(client_, mirrors, node_->node_uid());
      lock.lock();
      clock_.WaitUntil(lock, static_cv_, clock_.Now() + std::chrono::seconds(20),
                       [this] { return static_stopping_ || static_kick_; });
      static_kick_ = false;
    }
  }

  void ConfigureNetwork(const json::object& node) {
    std::string cidr(StringAt(node, {"spec", "podCIDR"}));
    if (cidr.empty()) cidr = options_.pod_cidr;
    if (!cidr.empty()) WriteNetwork(cidr);
  }

  void WriteNetwork(const std::string& cidr) {
    std::lock_guard lock(network_mu_);
    if (network_ready_ && cidr == pod_cidr_) return;
    Status written = WriteCniConfig(options_.cni_conf_dir, cidr, options_.root_dir + "/cni/networks");
    if (!written.ok()) {
      KLOG(ERROR) << "kubelet: writing the CNI configuration failed: " << written.ToString();
      return;
    }
    runtime::v1::UpdateRuntimeConfigRequest request;
    request.mutable_runtime_config()->mutable_network_config()->set_pod_cidr(cidr);
    (void)runtime_.UpdateRuntimeConfig(request);
    pod_cidr_ = cidr;
    network_ready_ = true;
    KLOG(INFO) << "kubelet: pod network " << cidr << " on bridge " << kCniBridge;
  }

  // Stops and removes every pod the runtime holds (tests, `--remove-pods-on-exit`).
  void RemoveAllPods() {
    auto pods = manager_->ListPods();
    if (!pods.ok()) return;
    for (const auto& [uid, pod] : *pods) {
      (void)manager_->KillPod(nullptr, pod, int64_t{2});
      (void)manager_->RemovePod(pod);
      (void)environment_->TearDownPod(uid);
    }
  }

  client::ApiClient& client_;
  cri::RuntimeService& runtime_;
  cri::ImageService& images_;
  const KubeletOptions options_;
  Clock& clock_;
  std::string node_name_;
  std::unique_ptr<NodeAgent> node_;
  std::unique_ptr<client::InformerFactory> informers_;
  std::unique_ptr<ApiPodEnvironment> environment_;
  std::unique_ptr<client::EventRecorder> recorder_;
  std::unique_ptr<RuntimeManager> manager_;
  std::unique_ptr<StatusManager> statuses_;
  std::unique_ptr<PodSyncer> syncer_;
  std::unique_ptr<Pleg> pleg_;
  std::unique_ptr<stats::StatsProvider> stats_;
  std::unique_ptr<stats::CpuUsageUpdater> cpu_usage_updater_;
  std::atomic<bool> stats_ready_{false};  // stats_ is set: the API may use it
  std::unique_ptr<eviction::StatsSummaryProvider> eviction_stats_;
  std::unique_ptr<eviction::RuntimeDiskReclaimer> disk_reclaimer_;
  std::unique_ptr<eviction::EvictionManager> eviction_;
  std::unique_ptr<prober::ProberManager> prober_;
  std::unique_ptr<server::KubeletServer> server_;
  // syncer_ and manager_ are set: the API may use them.
  std::atomic<bool> serving_state_ready_{false};
  std::mutex probed_mu_;
  std::set<std::string> probed_;  // pods the prober knows
  std::unique_ptr<ImageFsUsageSource> image_fs_;
  std::unique_ptr<ImageGcManager> image_gc_;
  client::Informer* pods_informer_ = nullptr;
  std::unique_ptr<StaticPods> static_pods_;
  std::thread static_thread_;
  std::mutex static_mu_;
  std::condition_variable static_cv_;
  bool static_stopping_ = false;
  bool static_kick_ = false;
  std::mutex network_mu_;
  std::atomic<bool> network_ready_{false};
  std::string pod_cidr_;
  std::mutex stop_mu_;
  bool stopped_ = false;
};

}  // namespace

StatusOr<std::unique_ptr<Kubelet>> Kubelet::Start(client::ApiClient& client, cri::RuntimeService& runtime,
                                                  cri::ImageService& images, KubeletOptions options, Clock& clock) {
  auto kubelet = std::make_unique<KubeletImpl>(client, runtime, images, std::move(options), clock);
  if (Status st = kubelet->Start(); !st.ok()) {
    kubelet->Stop();
    return st;
  }
  return std::unique_ptr<Kubelet>(std::move(kubelet));
}

}  // namespace kubepp::kubelet
