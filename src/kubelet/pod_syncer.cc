#include "kubelet/pod_syncer.h"

#include "base/log.h"
#include "controllers/util/object_fields.h"
#include "kubelet/kuberuntime/pod_actions.h"
#include "kubelet/status/pod_status.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::HasDeletionTimestamp;
using controllers::util::StringAt;

PodSyncer::PodSyncer(RuntimeManager& runtime, PodEnvironment& environment, StatusManager& statuses, Clock& clock,
                     PodSyncerOptions options)
    : runtime_(runtime),
      environment_(environment),
      statuses_(statuses),
      clock_(clock),
      options_(std::move(options)),
      queue_(client::WorkQueue::Create("kubelet-pods", clock,
                                       {std::chrono::milliseconds(200), std::chrono::seconds(30), 100, 1000})) {}

PodSyncer::~PodSyncer() { Stop(); }

void PodSyncer::SetProbeState(ProbeState probes) {
  std::lock_guard lock(mu_);
  probes_ = std::move(probes);
}

void PodSyncer::AddAdmitHandler(PodAdmitHandler handler) {
  std::lock_guard lock(mu_);
  admit_handlers_.push_back(std::move(handler));
}

void PodSyncer::Start() {
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { Work(); });
}

void PodSyncer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  terminated_cv_.notify_all();
  queue_->ShutDown();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

namespace {

// Upstream's podsDifferSemantically: a change of the status alone (most
// often the kubelet's own write) does not call for a sync.
bool DiffersSemantically(const json::object& a, const json::object& b) {
  auto field = [](const json::object& o, std::initializer_list<std::string_view> path) {
    const json::value* v = controllers::util::At(o, path);
    return v ? *v : json::value();
  };
  for (auto path : {std::initializer_list<std::string_view>{"spec"},
                    std::initializer_list<std::string_view>{"metadata", "labels"},
                    std::initializer_list<std::string_view>{"metadata", "annotations"},
                    std::initializer_list<std::string_view>{"metadata", "deletionTimestamp"},
                    std::initializer_list<std::string_view>{"metadata", "deletionGracePeriodSeconds"}}) {
    if (field(a, path) != field(b, path)) return true;
  }
  return false;
}

}  // namespace

void PodSyncer::UpsertPod(const client::ObjectPtr& pod) {
  std::string uid(StringAt(*pod, {"metadata", "uid"}));
  bool changed = true;
  {
    std::lock_guard lock(mu_);
    auto& known = pods_[uid];
    if (known) changed = DiffersSemantically(*known, *pod);
    known = pod;
  }
  if (changed) queue_->Add(uid);
}

void PodSyncer::RemovePod(const std::string& uid) {
  {
    std::lock_guard lock(mu_);
    pods_.erase(uid);
  }
  queue_->Add(uid);
}

void PodSyncer::Enqueue(const std::string& uid) { queue_->Add(uid); }

std::vector<client::ObjectPtr> PodSyncer::Pods() const {
  std::lock_guard lock(mu_);
  std::vector<client::ObjectPtr> out;
  for (const auto& [uid, pod] : pods_) out.push_back(pod);
  return out;
}

client::ObjectPtr PodSyncer::PodByUid(const std::string& uid) const {
  std::lock_guard lock(mu_);
  auto it = pods_.find(uid);
  return it == pods_.end() ? nullptr : it->second;
}

std::optional<json::object> PodSyncer::LastStatus(const std::string& uid) const {
  std::lock_guard lock(mu_);
  auto it = last_status_.find(uid);
  if (it == last_status_.end()) return std::nullopt;
  return it->second;
}

std::vector<client::ObjectPtr> PodSyncer::ActivePods() const {
  std::lock_guard lock(mu_);
  std::vector<client::ObjectPtr> out;
  for (const auto& [uid, pod] : pods_) {
    if (!admitted_.count(uid) || terminations_.count(uid)) continue;
    if (IsTerminalPhase(StringAt(*pod, {"status", "phase"}))) continue;
    out.push_back(pod);
  }
  return out;
}

Status PodSyncer::TerminatePod(const std::string& uid, PodTermination termination, Clock::Duration timeout) {
  {
    std::lock_guard lock(mu_);
    if (!pods_.count(uid)) return Status::NotFound("pod " + uid + " is not on this node");
    terminations_[uid] = std::move(termination);
    terminated_.erase(uid);
  }
  queue_->Add(uid);
  std::unique_lock lock(mu_);
  clock_.WaitUntil(lock, terminated_cv_, clock_.Now() + timeout,
                   [&] { return stopping_ || terminated_.count(uid) > 0; });
  if (!terminated_.count(uid)) {
    return Status::Timeout("the containers of pod " + uid + " did not stop in time");
  }
  return Status::Ok();
}

void PodSyncer::MarkTerminated(const std::string& uid) {
  {
    std::lock_guard lock(mu_);
    if (!terminations_.count(uid)) return;
    terminated_.insert(uid);
  }
  terminated_cv_.notify_all();
}

std::optional<PodAdmitResult> PodSyncer::Admission(const std::string& uid, const json::object& pod) {
  std::vector<PodAdmitHandler> handlers;
  std::vector<client::ObjectPtr> admitted;
  {
    std::lock_guard lock(mu_);
    if (auto it = rejected_.find(uid); it != rejected_.end()) return it->second;
    if (admitted_.count(uid)) return std::nullopt;
    handlers = admit_handlers_;
  }
  if (!handlers.empty()) admitted = ActivePods();
  for (const auto& handler : handlers) {
    PodAdmitResult result = handler(pod, admitted);
    if (result.admit) continue;
    KLOG(INFO) << "kubelet: pod " << client::KeyOf(pod) << " rejected: " << result.reason << ": " << result.message;
    if (options_.recorder) options_.recorder->Event(pod, "Warning", result.reason, result.message);
    std::lock_guard lock(mu_);
    rejected_[uid] = result;
    return result;
  }
  std::lock_guard lock(mu_);
  admitted_.insert(uid);
  return std::nullopt;
}

void PodSyncer::Work() {
  while (auto uid = queue_->Get()) {
    SyncOne(*uid);
    queue_->Done(*uid);
  }
}

void PodSyncer::SyncOne(const std::string& uid) {
  client::ObjectPtr pod = PodByUid(uid);
  ProbeState probes;
  {
    std::lock_guard lock(mu_);
    probes = probes_;
  }
  auto runtime_status = runtime_.GetPodStatus(uid);
  if (!runtime_status.ok()) {
    KLOG(WARNING) << "kubelet: reading pod " << uid << " from the runtime failed: " << runtime_status.status().ToString();
    queue_->AddAfter(uid, std::chrono::seconds(1));
    return;
  }
  if (!pod) {
    // Gone from the API (or never ours): stop and remove what is left.
    if (!runtime_status->Empty()) {
      Status killed = runtime_.KillPod(nullptr, *runtime_status, std::nullopt);
      if (killed.ok()) killed = runtime_.RemovePod(*runtime_status);
      if (!killed.ok()) {
        KLOG(WARNING) << "kubelet: removing orphaned pod " << uid << " failed: " << killed.ToString();
        queue_->AddAfter(uid, std::chrono::seconds(2));
        return;
      }
    }
    (void)environment_.TearDownPod(uid);
    statuses_.Forget(uid);
    if (probes.forget) probes.forget(uid);
    {
      std::lock_guard lock(mu_);
      failures_.erase(uid);
      last_status_.erase(uid);
      admitted_.erase(uid);
      rejected_.erase(uid);
    }
    MarkTerminated(uid);
    std::lock_guard lock(mu_);
    terminations_.erase(uid);
    terminated_.erase(uid);
    return;
  }

  const json::object& p = *pod;
  std::string_view phase = StringAt(p, {"status", "phase"});
  bool deleting = HasDeletionTimestamp(p);
  bool terminal = IsTerminalPhase(phase);
  std::optional<PodTermination> termination;
  {
    std::lock_guard lock(mu_);
    if (auto it = terminations_.find(uid); it != terminations_.end()) termination = it->second;
  }
  PodStatusInputs inputs;
  inputs.host_ips = options_.host_ips;
  inputs.now = clock_.Now();
  inputs.runtime_name = runtime_.runtime_name();
  inputs.qos_class = std::string(StringAt(p, {"status", "qosClass"}));
  inputs.ready = probes.ready;
  inputs.started = probes.started;
  inputs.update_readiness = probes.update_readiness;
  auto remember = [&](const json::object& status) {
    std::lock_guard lock(mu_);
    last_status_[uid] = status;
  };

  if (!deleting && !terminal && !termination) {
    if (std::optional<PodAdmitResult> refused = Admission(uid, p)) {
      // Never started: the refusal is all its status says (upstream's rejectPod).
      json::object status = RejectedPodStatus(p, refused->reason, refused->message, clock_.Now());
      remember(status);
      if (Status st = statuses_.SetStatus(p, status); !st.ok()) {
        KLOG(WARNING) << "kubelet: writing the status of " << client::KeyOf(p) << " failed: " << st.ToString();
        queue_->AddAfter(uid, std::chrono::seconds(1));
      }
      return;
    }
  }
  if (deleting || terminal || termination) {
    if (probes.terminating) probes.terminating(p);
    if (runtime_status->AnythingRunning()) {
      std::optional<int64_t> grace;
      if (termination) grace = termination->grace_seconds;
      Status killed = runtime_.KillPod(&p, *runtime_status, grace);
      if (!killed.ok()) {
        KLOG(WARNING) << "kubelet: stopping pod " << client::KeyOf(p) << " failed: " << killed.ToString();
        queue_->AddAfter(uid, std::chrono::seconds(2));
        return;
      }
      runtime_status = runtime_.GetPodStatus(uid);
      if (!runtime_status.ok()) {
        queue_->AddAfter(uid, std::chrono::seconds(1));
        return;
      }
    }
    json::object status;
    Status written;
    if (terminal && !termination) {
      // The API shows it finished: that status is final (upstream never
      // rewrites it), and its containers may be gone by now.
      if (const json::object* final_status = controllers::util::ObjectAt(p, {"status"}))
        status = *final_status;
    } else {
      inputs.runtime = &*runtime_status;
      inputs.terminating = true;
      inputs.termination = termination ? &*termination : nullptr;
      status = GeneratePodStatus(p, inputs);
      written = statuses_.SetStatus(p, status);
    }
    remember(status);
    // Its containers have stopped (and its final status was sent, if that worked).
    MarkTerminated(uid);
    if (!written.ok()) {
      KLOG(WARNING) << "kubelet: writing the status of " << client::KeyOf(p) << " failed: " << written.ToString();
      queue_->AddAfter(uid, std::chrono::seconds(1));
      return;
    }
    if (deleting) {
      Status removed = runtime_.RemovePod(*runtime_status);
      if (removed.ok()) removed = environment_.TearDownPod(uid);
      if (removed.ok()) removed = statuses_.DeletePod(p);
      if (!removed.ok()) {
        KLOG(WARNING) << "kubelet: finishing the deletion of " << client::KeyOf(p) << " failed: " << removed.ToString();
        queue_->AddAfter(uid, std::chrono::seconds(2));
      }
    } else if (IsTerminalPhase(StringAt(status, {"phase"}))) {
      // Finished for good: its volumes' data goes now (an evicted pod's
      // emptyDir frees the disk it was evicted for), the pod's record stays.
      if (Status st = environment_.TearDownVolumes(uid); !st.ok()) {
        KLOG(WARNING) << "kubelet: removing the volumes of " << client::KeyOf(p) << " failed: " << st.ToString();
        queue_->AddAfter(uid, std::chrono::seconds(2));
      }
    }
    return;
  }

  Status volumes = environment_.SetUpVolumes(p);
  std::map<std::string, StartFailure> failures;
  std::optional<Clock::TimePoint> retry_at;
  if (!volumes.ok()) {
    // Nothing starts until its volumes are there (upstream: FailedMount).
    KLOG(INFO) << "kubelet: volumes of " << client::KeyOf(p) << ": " << volumes.ToString();
    retry_at = clock_.Now() + std::chrono::seconds(2);
  } else {
    ProbeVerdicts verdicts{probes.liveness_failed, probes.startup_failed};
    PodActions actions = ComputePodActions(p, *runtime_status, verdicts);
    SyncResult result = runtime_.SyncPod(p, *runtime_status, actions);
    failures = std::move(result.start_failures);
    retry_at = result.retry_at;
    if (!result.status.ok()) {
      KLOG(INFO) << "kubelet: syncing " << client::KeyOf(p) << ": " << result.status.ToString();
      Clock::TimePoint soon = clock_.Now() + std::chrono::seconds(2);
      if (!retry_at || soon < *retry_at) retry_at = soon;
    }
    runtime_status = runtime_.GetPodStatus(uid);
    if (!runtime_status.ok()) {
      queue_->AddAfter(uid, std::chrono::seconds(1));
      return;
    }
  }
  {
    // Upstream's reason cache: a container's last start failure stays until
    // it starts (or another failure replaces it).
    std::lock_guard lock(mu_);
    auto& known = failures_[uid];
    for (auto it = known.begin(); it != known.end();) {
      const ContainerRuntimeStatus* newest = runtime_status->Newest(it->first);
      bool started = newest && newest->state == ContainerState::kRunning;
      it = started ? known.erase(it) : std::next(it);
    }
    for (auto& [name, failure] : failures) known[name] = failure;
    inputs.start_failures = known;
  }
  inputs.runtime = &*runtime_status;
  json::object status = GeneratePodStatus(p, inputs);
  remember(status);
  if (probes.observe) probes.observe(pod, *runtime_status);
  if (Status st = statuses_.SetStatus(p, status); !st.ok()) {
    KLOG(WARNING) << "kubelet: writing the status of " << client::KeyOf(p) << " failed: " << st.ToString();
    Clock::TimePoint soon = clock_.Now() + std::chrono::seconds(1);
    if (!retry_at || soon < *retry_at) retry_at = soon;
  }
  runtime_.PruneDead(*runtime_status);
  Clock::Duration delay = options_.resync;
  if (retry_at) delay = std::min<Clock::Duration>(delay, std::max<Clock::Duration>(*retry_at - clock_.Now(), {}));
  queue_->AddAfter(uid, delay);
}

}  // namespace kubepp::kubelet
