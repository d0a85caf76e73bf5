#include "kubelet/nodestatus/node_status_manager.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "api/patch/create_merge_patch.h"
#include "base/log.h"
#include "client/object.h"
#include "client/resource.h"
#include "kubelet/nodestatus/conditions.h"
#include "kubelet/json_access.h"
#include "kubelet/nodestatus/registration.h"
#include "kubelet/nodestatus/status_change.h"

namespace kubepp::kubelet {
namespace json = boost::json;
namespace {

constexpr int kNodeStatusUpdateRetry = 5;
constexpr Clock::Duration kMaxRegistrationBackoff = std::chrono::seconds(7);

const client::Resource& Nodes() {
  static const client::Resource kNodes = client::Resource::Of("", "nodes");
  return kNodes;
}

const json::object& Section(const json::object& o, std::string_view key) {
  static const json::object kEmpty;
  const json::object* s = ObjectIn(&o, key);
  return s ? *s : kEmpty;
}

std::string JoinedPodCidrs(const json::object& node) {
  const json::object* spec = ObjectIn(&node, "spec");
  std::string out;
  if (const json::array* cidrs = ArrayIn(spec, "podCIDRs")) {
    for (const auto& c : *cidrs) {
      if (c.is_string()) out += (out.empty() ? "" : ",") + std::string(c.get_string());
    }
  }
  if (out.empty()) out = std::string(StringIn(spec, "podCIDR"));
  return out;
}

}  // namespace

EventSink NodeEventSink(client::EventRecorder& recorder, std::string node_name) {
  // Upstream's nodeRef: kind Node, the node name as both name and uid.
  json::object ref{{"kind", "Node"}, {"metadata", json::object{{"name", node_name}, {"uid", node_name}}}};
  return [&recorder, ref](std::string_view type, std::string_view reason, std::string_view message) {
    recorder.Event(ref, type, reason, message);
  };
}

NodeStatusManager::NodeStatusManager(client::ApiClient& client, NodeConfig config, NodeStatusSources sources,
                                     EventSink events, Clock& clock, NodeStatusManagerOptions options)
    : client_(client),
      config_(std::move(config)),
      sources_(std::move(sources)),
      events_(std::move(events)),
      clock_(clock),
      options_(std::move(options)),
      last_unschedulable_(!config_.register_schedulable),
      random_(std::random_device{}()) {}

NodeStatusManager::~NodeStatusManager() { Stop(); }

void NodeStatusManager::Start() {
  {
    std::lock_guard sync(sync_mu_);
    fast_start_ = clock_.Now();
  }
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void NodeStatusManager::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool NodeStatusManager::Registered() const {
  std::lock_guard lock(mu_);
  return registered_;
}

client::ObjectPtr NodeStatusManager::LastNode() const {
  std::lock_guard lock(mu_);
  return last_node_;
}

bool NodeStatusManager::WaitUntil(Clock::TimePoint deadline) {
  std::unique_lock lock(mu_);
  clock_.WaitUntil(lock, cv_, deadline, [this] { return stop_; });
  return !stop_;
}

void NodeStatusManager::Run() {
  // Registration first, with back-off between attempts as upstream (which
  // also waits before the first one).
  Clock::Duration step = std::chrono::milliseconds(100);
  while (config_.register_node && !Registered()) {
    if (!WaitUntil(clock_.Now() + step)) return;
    step = std::min(2 * step, kMaxRegistrationBackoff);
    std::lock_guard sync(sync_mu_);
    (void)RegisterOnceLocked();
  }
  bool fast = true;
  std::uniform_real_distribution<double> unit(0, 1);
  while (true) {
    if (Status st = SyncNodeStatus(); !st.ok()) KLOG(ERROR) << "Unable to update node status: " << st.message();
    Clock::Duration period = config_.node_status_update_frequency;
    Clock::TimePoint next = clock_.Now() + period +
                            std::chrono::duration_cast<Clock::Duration>(period * (options_.jitter_factor * unit(random_)));
    while (true) {
      Clock::TimePoint wake = fast ? std::min(next, clock_.Now() + options_.fast_update_interval) : next;
      if (!WaitUntil(wake)) return;
      if (clock_.Now() >= next) break;
      if (fast) fast = FastUpdate();
    }
  }
}

Status NodeStatusManager::SyncNodeStatus() {
  std::lock_guard sync(sync_mu_);
  if (config_.register_node && !Registered()) {
    KUBEPP_RETURN_IF_ERROR(RegisterOnceLocked());
  }
  return UpdateNodeStatusLocked();
}

Status NodeStatusManager::RegisterOnceLocked() {
  json::object node = InitialNode(config_, sources_, clock_.Now(), events_);
  KLOG(INFO) << "Attempting to register node " << config_.node_name;
  Status st = TryRegisterNode(client_, node);
  if (!st.ok()) return st;
  KLOG(INFO) << "Successfully registered node " << config_.node_name;
  std::lock_guard lock(mu_);
  registered_ = true;
  return Status::Ok();
}

Status NodeStatusManager::UpdateNodeStatusLocked() {
  Status last;
  for (int i = 0; i < kNodeStatusUpdateRetry; ++i) {
    last = TryUpdateNodeStatusLocked();
    if (last.ok()) return last;
    KLOG(ERROR) << "Error updating node status, will retry: " << last.message();
  }
  return Status::Unavailable("update node status exceeds retry count");
}

Status NodeStatusManager::TryUpdateNodeStatusLocked() {
  auto got = client_.Get(Nodes(), "", config_.node_name);
  if (!got.ok()) {
    return Status(got.status().reason(), "error getting node \"" + config_.node_name + "\": " + got.status().message());
  }
  const json::object& original = **got;
  bool changed = false;
  json::object node = UpdateNodeLocked(original, &changed);
  bool report_due = clock_.Now() - last_status_report_ >= config_.node_status_report_frequency;
  if (!changed && !report_due) {
    std::lock_guard lock(mu_);
    last_node_ = *got;
    return Status::Ok();
  }
  return PatchNodeStatusLocked(original, node);
}

json::object NodeStatusManager::UpdateNodeLocked(const json::object& original, bool* changed) {
  json::object node = original;
  bool pod_cidrs_changed = false;
  std::string cidrs = JoinedPodCidrs(node);
  if (!cidrs.empty() && cidrs != pod_cidrs_ && options_.on_pod_cidrs) {
    pod_cidrs_changed = options_.on_pod_cidrs(cidrs);
    if (pod_cidrs_changed) pod_cidrs_ = cidrs;
  }

  // The scheduler and DaemonSets select on these two: put them back if lost.
  std::string arch = sources_.machine_info ? sources_.machine_info().architecture : std::string();
  bool labels_missing = false;
  json::object& labels = MutableObject(MutableObject(node, "metadata"), "labels");
  for (auto [key, value] : {std::pair<std::string_view, std::string_view>{"kubernetes.io/os", "linux"},
                            std::pair<std::string_view, std::string_view>{"kubernetes.io/arch", arch}}) {
    if (value.empty()) continue;
    if (StringIn(&labels, key) != value || !labels.contains(key)) {
      labels[key] = value;
      labels_missing = true;
    }
  }

  SetNodeStatus(node, config_, sources_, clock_.Now(), events_);

  bool unschedulable = false;
  if (const json::object* spec = ObjectIn(&node, "spec")) {
    const json::value* u = spec->if_contains("unschedulable");
    unschedulable = u && u->is_bool() && u->get_bool();
  }
  if (unschedulable != last_unschedulable_) {
    std::string_view event = unschedulable ? "NodeNotSchedulable" : "NodeSchedulable";
    if (events_) events_("Normal", event, "Node " + config_.node_name + " status is now: " + std::string(event));
    last_unschedulable_ = unschedulable;
  }

  *changed = pod_cidrs_changed || labels_missing ||
             NodeStatusHasChanged(ObjectIn(&original, "status"), ObjectIn(&node, "status"));
  return node;
}

Status NodeStatusManager::PatchNodeStatusLocked(const json::object& original, const json::object& node) {
  json::object metadata_patch = api::CreateMergePatch(Section(original, "metadata"), Section(node, "metadata"));
  if (!metadata_patch.empty()) {
    auto patched = client_.Patch(Nodes(), "", config_.node_name, client::PatchType::kMerge,
                                 json::serialize(json::object{{"metadata", std::move(metadata_patch)}}));
    if (!patched.ok()) return patched.status();
  }
  json::object status_patch = api::CreateMergePatch(Section(original, "status"), Section(node, "status"));
  auto patched = client_.Patch(Nodes(), "", config_.node_name, client::PatchType::kMerge,
                               json::serialize(json::object{{"status", std::move(status_patch)}}), "status");
  if (!patched.ok()) return patched.status();
  last_status_report_ = clock_.Now();
  std::lock_guard lock(mu_);
  last_node_ = *patched;
  return Status::Ok();
}

bool NodeStatusManager::FastUpdate() {
  std::lock_guard sync(sync_mu_);
  if (clock_.Now() - fast_start_ >= options_.node_ready_grace_period) {
    KLOG(ERROR) << "Node not becoming ready in time after startup";
    return false;
  }
  client::ObjectPtr original = LastNode();
  if (!original) return true;  // not registered or never read yet
  if (NodeIsReady(*original)) return false;
  bool changed = false;
  json::object node = UpdateNodeLocked(*original, &changed);
  if (!changed || !NodeIsReady(node)) return true;
  KLOG(INFO) << "Fast updating node status as it just became ready";
  if (Status st = PatchNodeStatusLocked(*original, node); !st.ok()) {
    // The Node we had may be stale; a full round reads it afresh.
    KLOG(ERROR) << "Error updating node status, will retry with a full update: " << st.message();
    if (Status full = UpdateNodeStatusLocked(); !full.ok()) KLOG(ERROR) << full.message();
  }
  return false;
}

}  // namespace kubepp::kubelet
