#include "kubelet/nodestatus/node_lease.h"

#include <algorithm>

#include "base/log.h"
#include "client/object.h"
#include "client/resource.h"
#include "client/time_format.h"
#include "kubelet/json_access.h"

namespace kubepp::kubelet {
namespace json = boost::json;
namespace {

constexpr int kMaxUpdateRetries = 5;
constexpr Clock::Duration kMaxBackoff = std::chrono::seconds(7);

const client::Resource& Leases() {
  static const client::Resource kLeases = client::Resource::Of("coordination.k8s.io", "leases");
  return kLeases;
}

const client::Resource& Nodes() {
  static const client::Resource kNodes = client::Resource::Of("", "nodes");
  return kNodes;
}

json::array OwnerReferences(std::string_view node_name, std::string_view node_uid) {
  return json::array{
      json::object{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node_name}, {"uid", node_uid}}};
}

}  // namespace

json::object NewNodeLease(std::string_view node_name, std::string_view node_uid, int64_t lease_duration_seconds,
                          Clock::TimePoint now) {
  json::object metadata{{"name", node_name}, {"namespace", kNodeLeaseNamespace}};
  if (!node_uid.empty()) metadata["ownerReferences"] = OwnerReferences(node_name, node_uid);
  return json::object{{"apiVersion", "coordination.k8s.io/v1"},
                      {"kind", "Lease"},
                      {"metadata", std::move(metadata)},
                      {"spec", json::object{{"holderIdentity", node_name},
                                            {"leaseDurationSeconds", lease_duration_seconds},
                                            {"renewTime", client::FormatMicroTime(now)}}}};
}

NodeLeaseController::NodeLeaseController(client::ApiClient& client, NodeLeaseOptions options, Clock& clock)
    : client_(client),
      options_(std::move(options)),
      clock_(clock),
      renew_interval_(options_.renew_interval > Clock::Duration::zero()
                          ? options_.renew_interval
                          : std::chrono::duration_cast<Clock::Duration>(
                                std::chrono::seconds(options_.lease_duration_seconds) / 4)),
      random_(std::random_device{}()) {}

NodeLeaseController::~NodeLeaseController() { Stop(); }

void NodeLeaseController::Start() {
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void NodeLeaseController::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool NodeLeaseController::Sleep(Clock::Duration d) {
  std::unique_lock lock(mu_);
  clock_.WaitUntil(lock, cv_, clock_.Now() + d, [this] { return stop_; });
  return !stop_;
}

void NodeLeaseController::Run() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    Sync();
    // Sliding: the interval starts when the renewal is done.
    std::uniform_real_distribution<double> unit(0, 1);
    auto wait = renew_interval_ + std::chrono::duration_cast<Clock::Duration>(
                                      renew_interval_ * (options_.jitter_factor * unit(random_)));
    if (!Sleep(wait)) return;
  }
}

void NodeLeaseController::Sync() {
  std::lock_guard lock(sync_mu_);
  if (latest_) {
    // Our own last write is almost always current, so no GET is needed.
    Status updated = RetryUpdateLease(latest_);
    if (updated.ok()) return;
    KLOG(INFO) << "failed to update lease using latest lease, fallback to ensure lease: " << updated.message();
  }
  auto ensured = BackoffEnsureLease();
  if (!ensured) return;  // stopped
  latest_ = ensured->lease;
  if (!ensured->created && ensured->lease) {
    Status updated = RetryUpdateLease(ensured->lease);
    if (!updated.ok()) {
      KLOG(ERROR) << "Will retry updating lease in " << std::chrono::duration<double>(renew_interval_).count()
                  << "s: " << updated.message();
    }
  }
}

StatusOr<json::object> NodeLeaseController::NewLease(const client::ObjectPtr& base) {
  json::object lease = base ? *base
                            : NewNodeLease(options_.node_name, "", options_.lease_duration_seconds, clock_.Now());
  MutableObject(lease, "spec")["renewTime"] = client::FormatMicroTime(clock_.Now());
  json::object& metadata = MutableObject(lease, "metadata");
  const json::array* owners = ArrayIn(&metadata, "ownerReferences");
  if (!owners || owners->empty()) {
    // The owner reference needs the Node's uid, which may not be readable yet
    // (the kubelet registers concurrently): try on every renewal until it is.
    auto node = client_.Get(Nodes(), "", options_.node_name);
    if (!node.ok()) {
      KLOG(ERROR) << "Failed to get node when trying to set owner ref to the node lease: node="
                  << options_.node_name << " err=" << node.status().ToString();
      return node.status();
    }
    MutableObject(lease, "metadata")["ownerReferences"] = OwnerReferences(options_.node_name, client::UidOf(**node));
  }
  return lease;
}

StatusOr<NodeLeaseController::Ensured> NodeLeaseController::EnsureLease() {
  auto got = client_.Get(Leases(), kNodeLeaseNamespace, options_.node_name);
  if (got.ok()) return Ensured{*got, false};
  if (!got.status().IsNotFound()) return got.status();
  auto fresh = NewLease(nullptr);
  // Without its owner the Lease is not created this round; the next one tries again.
  if (!fresh.ok()) return Ensured{nullptr, false};
  auto created = client_.Create(Leases(), kNodeLeaseNamespace, *fresh);
  if (!created.ok()) return created.status();
  return Ensured{*created, true};
}

std::optional<NodeLeaseController::Ensured> NodeLeaseController::BackoffEnsureLease() {
  Clock::Duration sleep = std::chrono::milliseconds(100);
  while (true) {
    auto ensured = EnsureLease();
    if (ensured.ok()) return *ensured;
    sleep = std::min(2 * sleep, kMaxBackoff);
    KLOG(ERROR) << "Failed to ensure lease exists, will retry in "
                << std::chrono::duration<double>(sleep).count() << "s: " << ensured.status().ToString();
    if (!Sleep(sleep)) return std::nullopt;
  }
}

Status NodeLeaseController::RetryUpdateLease(client::ObjectPtr base) {
  for (int i = 0; i < kMaxUpdateRetries; ++i) {
    auto lease = NewLease(base);
    // A Lease that cannot get its owner is still renewed (upstream only blocks creation).
    json::object to_write;
    if (lease.ok()) {
      to_write = std::move(*lease);
    } else {
      to_write = *base;
      MutableObject(to_write, "spec")["renewTime"] = client::FormatMicroTime(clock_.Now());
    }
    auto updated = client_.Update(Leases(), kNodeLeaseNamespace, to_write);
    if (updated.ok()) {
      latest_ = *updated;
      return Status::Ok();
    }
    KLOG(ERROR) << "Failed to update lease: " << updated.status().ToString();
    if (updated.status().IsConflict()) {
      // Someone else wrote it: continue from what the server has now.
      auto ensured = BackoffEnsureLease();
      if (!ensured) return Status::Unavailable("stopped");
      if (!ensured->lease) return Status::Unavailable("lease could not be read");
      base = ensured->lease;
    }
  }
  return Status::Unavailable("failed " + std::to_string(kMaxUpdateRetries) + " attempts to update lease");
}

}  // namespace kubepp::kubelet
