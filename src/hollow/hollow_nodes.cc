#include "hollow/hollow_nodes.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <unordered_map>

#include "base/log.h"
#include "client/informer.h"
#include "client/object.h"
#include "client/resource.h"
#include "client/workqueue.h"
#include "controllers/key_workers.h"
#include "hollow/node_template.h"
#include "hollow/pod_ips.h"
#include "hollow/pod_lifecycle.h"
#include "hollow/timestamps.h"

namespace kubepp::hollow {
namespace json = boost::json;
using client::ObjectPtr;

namespace {

constexpr std::string_view kNodeKey = "node/";
constexpr std::string_view kLeaseKey = "lease/";
constexpr std::string_view kPodKey = "pod/";

const json::object* ObjectAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

std::string_view StringAt(const json::object* o, std::string_view key) {
  if (!o) return {};
  const json::value* v = o->if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

std::string_view NodeNameOf(const json::object& pod) { return StringAt(ObjectAt(pod, "spec"), "nodeName"); }

bool HasConditions(const json::object& node) {
  const json::object* status = ObjectAt(node, "status");
  const json::value* c = status ? status->if_contains("conditions") : nullptr;
  return c && c->is_array() && !c->get_array().empty();
}

}  // namespace

class HollowNodes::Impl {
 public:
  Impl(client::ApiClient& client, HollowNodesOptions options, Clock& clock)
      : client_(client),
        options_(std::move(options)),
        clock_(clock),
        nodes_resource_(client::Resource::Of("", "nodes")),
        pods_resource_(client::Resource::Of("", "pods")),
        leases_resource_(client::Resource::Of("coordination.k8s.io", "leases")),
        namespaces_resource_(client::Resource::Of("", "namespaces")) {
    for (int i = 0; i < options_.count; ++i) {
      std::string name = NodeName(options_, i);
      nodes_.emplace(name, NodeState{name, i});
    }
  }

  ~Impl() { Stop(); }

  Status Start() {
    if (options_.count < 0) return Status::Invalid("count must not be negative");
    client::WorkQueueOptions qo;
    // Failures are retried soon: a lease that waits long for a retry would
    // let the node go NotReady.
    qo.max_delay = std::chrono::seconds(5);
    qo.qps = 1000;
    qo.burst = 10000;
    queue_ = client::WorkQueue::Create("hollow-nodes", clock_, qo);
    informers_ = client::InformerFactory::Create(client_, clock_);
    node_cache_ = &informers_->For(nodes_resource_);
    if (options_.run_pods) {
      pods_ = &informers_->For(pods_resource_);
      pods_->AddEventHandler({
          .on_add = [this](const ObjectPtr& pod) { OnPod(pod); },
          .on_update = [this](const ObjectPtr&, const ObjectPtr& pod) { OnPod(pod); },
          .on_delete = nullptr,
      });
    }
    informers_->Start();
    workers_ = std::make_unique<controllers::KeyWorkers>(
        "hollow-nodes", *queue_, [this](const std::string& key) { return Sync(key); });
    workers_->Start(std::max(1, options_.workers));
    for (const auto& [name, state] : nodes_) queue_->Add(std::string(kNodeKey) + name);
    started_ = true;
    return Status::Ok();
  }

  bool WaitForRegistered(Clock::Duration timeout) {
    std::unique_lock lock(mu_);
    clock_.WaitUntil(lock, registered_cv_, clock_.Now() + timeout,
                     [this] { return registered_ >= options_.count; });
    return registered_ >= options_.count;
  }

  int Registered() const {
    std::lock_guard lock(mu_);
    return registered_;
  }

  void Stop() {
    if (!started_) return;
    started_ = false;
    informers_->Stop();
    workers_->Stop();
  }

 private:
  struct NodeState {
    // Constant after construction.
    std::string name;
    int ordinal = 0;
    // Only the worker holding "node/<name>" touches this.
    bool registered = false;
    // Only the worker holding "lease/<name>" touches this.
    ObjectPtr lease;
    // Guarded by Impl::mu_: written on registration, read by the lease worker.
    std::string uid;
  };

  void OnPod(const ObjectPtr& pod) {
    std::string_view node = NodeNameOf(*pod);
    if (node.empty() || !nodes_.contains(std::string(node))) return;
    queue_->Add(std::string(kPodKey) + client::KeyOf(*pod));
  }

  Status Sync(const std::string& key) {
    std::string_view k = key;
    if (k.starts_with(kPodKey)) return SyncPod(k.substr(kPodKey.size()));
    bool lease = k.starts_with(kLeaseKey);
    std::string name(k.substr(lease ? kLeaseKey.size() : kNodeKey.size()));
    auto it = nodes_.find(name);
    if (it == nodes_.end()) return Status::Ok();
    return lease ? SyncLease(it->second) : SyncNode(it->second);
  }

  // ---- node registration and status --------------------------------------

  Status SyncNode(NodeState& node) {
    Status st = node.registered ? RefreshStatus(node) : Register(node);
    if (st.ok()) queue_->AddAfter(std::string(kNodeKey) + node.name, options_.status_report_frequency);
    return st;
  }

  Status Register(NodeState& node) {
    auto created = client_.Create(nodes_resource_, "", BuildNode(options_, node.ordinal, clock_.Now()));
    ObjectPtr stored;
    bool existed = false;
    if (created.ok()) {
      stored = *created;
    } else if (created.status().IsAlreadyExists()) {
      // Like a restarted kubelet: take over the Node that is there.
      auto got = client_.Get(nodes_resource_, "", node.name);
      if (!got.ok()) return got.status();
      stored = *got;
      existed = true;
    } else {
      return created.status();
    }
    // A server that drops status on create, or a Node left by an earlier
    // run, gets this node's status written through the status subresource.
    if (existed || !HasConditions(*stored)) {
      json::object update = *stored;
      json::object status = BuildNode(options_, node.ordinal, clock_.Now())["status"].as_object();
      const json::object* old = ObjectAt(*stored, "status");
      const json::value* old_conditions = old ? old->if_contains("conditions") : nullptr;
      status["conditions"] =
          NodeConditions(old_conditions ? old_conditions->if_array() : nullptr, clock_.Now());
      update["status"] = std::move(status);
      auto written = client_.Update(nodes_resource_, "", update, "status");
      if (!written.ok()) return written.status();
    }
    node.registered = true;
    {
      std::lock_guard lock(mu_);
      node.uid = std::string(client::UidOf(*stored));
      ++registered_;
    }
    registered_cv_.notify_all();
    VLOG(2) << "hollow node " << node.name << " registered";
    queue_->Add(std::string(kLeaseKey) + node.name);
    return Status::Ok();
  }

  // Upstream's kubelet reports its conditions at least every
  // nodeStatusReportFrequency even when nothing changed; the heartbeat times
  // are what moves.
  Status RefreshStatus(NodeState& node) {
    auto got = client_.Get(nodes_resource_, "", node.name);
    if (!got.ok() && got.status().IsNotFound()) {
      // Someone deleted the Node: register again, as a kubelet does.
      {
        std::lock_guard lock(mu_);
        --registered_;
      }
      node.registered = false;
      return Register(node);
    }
    if (!got.ok()) return got.status();
    json::object update = **got;
    json::object* status = update["status"].if_object();
    if (!status) {
      update["status"] = json::object{};
      status = &update["status"].as_object();
    }
    const json::value* old = status->if_contains("conditions");
    json::array conditions = NodeConditions(old ? old->if_array() : nullptr, clock_.Now());
    (*status)["conditions"] = std::move(conditions);
    auto written = client_.Update(nodes_resource_, "", update, "status");
    return written.ok() ? Status::Ok() : written.status();
  }

  // ---- lease --------------------------------------------------------------

  Status SyncLease(NodeState& node) {
    Status st = node.lease ? RenewLease(node) : AcquireLease(node);
    if (!st.ok()) return st;
    queue_->AddAfter(std::string(kLeaseKey) + node.name, options_.lease_renew_interval);
    return Status::Ok();
  }

  Status AcquireLease(NodeState& node) {
    auto got = client_.Get(leases_resource_, kNodeLeaseNamespace, node.name);
    if (got.ok()) {
      node.lease = *got;
      return RenewLease(node);
    }
    if (!got.status().IsNotFound()) return got.status();
    std::string uid;
    {
      std::lock_guard lock(mu_);
      uid = node.uid;
    }
    auto created = client_.Create(leases_resource_, kNodeLeaseNamespace,
                                  BuildLease(node.name, uid, options_.lease_duration.count(), clock_.Now()));
    if (created.ok()) {
      node.lease = *created;
      return Status::Ok();
    }
    if (created.status().IsNotFound()) {
      // The apiserver normally keeps kube-node-lease; make it if it is gone.
      json::object ns{{"apiVersion", "v1"},
                      {"kind", "Namespace"},
                      {"metadata", json::object{{"name", kNodeLeaseNamespace}}}};
      auto made = client_.Create(namespaces_resource_, "", ns);
      if (!made.ok() && !made.status().IsAlreadyExists()) return made.status();
    }
    return created.status();
  }

  Status RenewLease(NodeState& node) {
    json::object lease = *node.lease;
    json::object* spec = lease["spec"].if_object();
    if (!spec) {
      lease["spec"] = json::object{};
      spec = &lease["spec"].as_object();
    }
    (*spec)["holderIdentity"] = node.name;
    (*spec)["leaseDurationSeconds"] = options_.lease_duration.count();
    (*spec)["renewTime"] = MicroTimeText(clock_.Now());
    auto written = client_.Update(leases_resource_, kNodeLeaseNamespace, lease);
    if (!written.ok()) {
      // Read it afresh next time (someone else wrote it, or it is gone).
      node.lease = nullptr;
      return written.status();
    }
    node.lease = *written;
    return Status::Ok();
  }

  // ---- pods -----------------------------------------------------------------

  Status SyncPod(std::string_view key) {
    auto [ns, name] = client::SplitKey(key);
    ObjectPtr pod = pods_->Get(ns, name);
    if (!pod) return Status::Ok();
    auto node = nodes_.find(std::string(NodeNameOf(*pod)));
    if (node == nodes_.end()) return Status::Ok();
    const json::object* metadata = ObjectAt(*pod, "metadata");
    if (metadata && metadata->if_contains("deletionTimestamp")) {
      // The containers are "stopped" at once; the final delete is the kubelet's.
      client::DeleteOptions options;
      options.grace_period_seconds = 0;
      options.precondition_uid = std::string(client::UidOf(*pod));
      auto deleted = client_.Delete(pods_resource_, ns, name, options);
      if (deleted.ok() || deleted.status().IsNotFound() || deleted.status().IsConflict()) return Status::Ok();
      return deleted.status();
    }
    std::string_view phase = StringAt(ObjectAt(*pod, "status"), "phase");
    if (phase == "Succeeded" || phase == "Failed") return Status::Ok();
    Clock::TimePoint now = clock_.Now();
    if (!ReportedRunning(*pod)) {
      PodPlacement placement;
      placement.host_ip = NodeInternalIp(node->second.ordinal);
      std::string_view cidr;
      ObjectPtr node_obj = node_cache_->Get(node->first);
      if (node_obj) cidr = StringAt(ObjectAt(*node_obj, "spec"), "podCIDR");
      placement.pod_ip = pod_ips_.Next(node->first, node->second.ordinal, cidr);
      auto written = client_.Update(pods_resource_, ns, RunningPod(*pod, placement, now), "status");
      // The update event of this write brings the pod back here for its exit.
      if (written.ok() || written.status().IsNotFound()) return Status::Ok();
      return written.status();
    }
    auto plan = PlanExit(*pod);
    if (!plan) return Status::Ok();
    auto started = ParseTime(StringAt(ObjectAt(*pod, "status"), "startTime"));
    Clock::TimePoint finish = started.value_or(now) + std::chrono::seconds(plan->run_seconds);
    if (now < finish) {
      queue_->AddAfter(std::string(kPodKey) + std::string(key), finish - now);
      return Status::Ok();
    }
    auto written = client_.Update(pods_resource_, ns, FinishedPod(*pod, plan->exit_code, now), "status");
    if (written.ok() || written.status().IsNotFound()) return Status::Ok();
    return written.status();
  }

  client::ApiClient& client_;
  const HollowNodesOptions options_;
  Clock& clock_;
  const client::Resource nodes_resource_, pods_resource_, leases_resource_, namespaces_resource_;
  // The map is constant after construction; see NodeState for its fields.
  std::unordered_map<std::string, NodeState> nodes_;
  std::unique_ptr<client::WorkQueue> queue_;
  std::unique_ptr<client::InformerFactory> informers_;
  client::Informer* node_cache_ = nullptr;
  client::Informer* pods_ = nullptr;
  std::unique_ptr<controllers::KeyWorkers> workers_;
  PodIps pod_ips_;
  bool started_ = false;  // Start and Stop are called from one owner

  mutable std::mutex mu_;
  std::condition_variable registered_cv_;
  int registered_ = 0;  // guarded by mu_
};

HollowNodes::HollowNodes(client::ApiClient& client, HollowNodesOptions options, Clock& clock)
    : impl_(std::make_unique<Impl>(client, std::move(options), clock)) {}
HollowNodes::~HollowNodes() = default;
Status HollowNodes::Start() { return impl_->Start(); }
bool HollowNodes::WaitForRegistered(Clock::Duration timeout) { return impl_->WaitForRegistered(timeout); }
int HollowNodes::Registered() const { return impl_->Registered(); }
void HollowNodes::Stop() { impl_->Stop(); }

}  // namespace kubepp::hollow
