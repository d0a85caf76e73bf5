#include "kubelet/prober/prober_manager.h"

#include <random>

#include "base/log.h"
#include "kubelet/json_access.h"

namespace kubepp::kubelet::prober {
namespace json = boost::json;
namespace {

constexpr ProbeType kAddOrder[] = {ProbeType::kStartup, ProbeType::kReadiness, ProbeType::kLiveness};

// The containers whose probes run: every regular container, and the init
// containers that keep running beside them (sidecars).
template <typename F>
void ForEachProbedContainer(const json::object& pod, F&& f) {
  const json::object* spec = ObjectIn(&pod, "spec");
  if (const json::array* containers = ArrayIn(spec, "containers")) {
    for (const auto& c : *containers) {
      if (const json::object* o = c.if_object()) f(*o, false);
    }
  }
  if (const json::array* init = ArrayIn(spec, "initContainers")) {
    for (const auto& c : *init) {
      const json::object* o = c.if_object();
      if (o && StringIn(o, "restartPolicy") == "Always") f(*o, true);
    }
  }
}

bool Running(const json::object& container_status) {
  return ObjectIn(ObjectIn(&container_status, "state"), "running") != nullptr;
}

}  // namespace

ProberManager::ProberManager(PodStatusProvider status, ExecRunner exec, client::EventRecorder* recorder,
                             Clock& clock, ProberManagerOptions options)
    : ProberManager(std::move(status), ProbeChecks::Real(std::move(exec)), recorder, clock, options) {}

ProberManager::ProberManager(PodStatusProvider status, ProbeChecks checks, client::EventRecorder* recorder,
                             Clock& clock, ProberManagerOptions options)
    : clock_(clock),
      options_(options),
      start_(clock.Now()),
      prober_(std::move(checks), recorder),
      context_{&prober_, &liveness_, &readiness_, &startup_, std::move(status), &clock},
      jitter_state_(std::random_device{}() | 1),
      scheduler_(clock, options.threads) {}

ProberManager::~ProberManager() { Stop(); }

void ProberManager::Stop() { scheduler_.Stop(); }

size_t ProberManager::WorkerCount() const {
  std::lock_guard lock(mu_);
  return workers_.size();
}

void ProberManager::AddPod(const client::ObjectPtr& pod) {
  std::lock_guard lock(mu_);
  ForEachProbedContainer(*pod, [&](const json::object& container, bool init) {
    for (ProbeType type : kAddOrder) AddWorkerLocked(pod, container, init, type);
  });
}

void ProberManager::AddWorkerLocked(const client::ObjectPtr& pod, const json::object& container, bool init_container,
                                    ProbeType type) {
  auto spec = ParseProbe(container, type);
  if (!spec) return;
  Key key{std::string(client::UidOf(*pod)), std::string(StringIn(&container, "name")), type};
  if (workers_.contains(key)) {
    VLOG(4) << ProbeTypeName(type) << " probe already exists for container " << std::get<1>(key) << " of "
            << client::KeyOf(*pod);
    return;
  }
  auto worker = std::make_shared<ProbeWorker>(type, pod, container, init_container, *spec, context_);
  Clock::TimePoint now = clock_.Now();
  Clock::Duration period = std::chrono::seconds(spec->period_seconds);
  Clock::TimePoint first = now;
  if (options_.initial_jitter && period > now - start_) {
    // Right after a (re)start every worker would probe at once: spread them.
    jitter_state_ ^= jitter_state_ << 13;
    jitter_state_ ^= jitter_state_ >> 7;
    jitter_state_ ^= jitter_state_ << 17;
    double fraction = static_cast<double>(jitter_state_ >> 11) / static_cast<double>(uint64_t{1} << 53);
    first += std::chrono::duration_cast<Clock::Duration>(period * fraction);
  }
  auto task = scheduler_.Add(
      first, period, [worker] { return worker->DoProbe(); },
      [this, key, worker] {
        worker->Finish();
        std::lock_guard lock(mu_);
        auto it = workers_.find(key);
        if (it != workers_.end() && it->second.worker == worker) workers_.erase(it);
      });
  workers_[key] = Entry{worker, task};
}

void ProberManager::StopWorkersLocked(const json::object& pod, std::initializer_list<ProbeType> types) {
  std::string uid(client::UidOf(pod));
  ForEachProbedContainer(pod, [&](const json::object& container, bool) {
    for (ProbeType type : types) {
      auto it = workers_.find(Key{uid, std::string(StringIn(&container, "name")), type});
      if (it != workers_.end()) scheduler_.Cancel(it->second.task);
    }
  });
}

void ProberManager::StopLivenessAndStartup(const json::object& pod) {
  std::lock_guard lock(mu_);
  StopWorkersLocked(pod, {ProbeType::kLiveness, ProbeType::kStartup});
}

void ProberManager::RemovePod(const json::object& pod) {
  std::lock_guard lock(mu_);
  StopWorkersLocked(pod, {ProbeType::kReadiness, ProbeType::kLiveness, ProbeType::kStartup});
}

void ProberManager::CleanupPods(const std::set<std::string>& desired_pod_uids) {
  std::lock_guard lock(mu_);
  for (const auto& [key, entry] : workers_) {
    if (!desired_pod_uids.contains(std::get<0>(key))) scheduler_.Cancel(entry.task);
  }
}

std::optional<ProberManager::Entry> ProberManager::Find(const Key& key) const {
  std::lock_guard lock(mu_);
  auto it = workers_.find(key);
  if (it == workers_.end()) return std::nullopt;
  return it->second;
}

bool ProberManager::IsStarted(std::string_view pod_uid, const json::object& cs) const {
  if (!Running(cs)) return false;
  if (auto result = startup_.Get(StringIn(&cs, "containerID"))) return *result == ProbeResult::kSuccess;
  // A startup probe that has not run yet holds the container back.
  return !Find(Key{std::string(pod_uid), std::string(StringIn(&cs, "name")), ProbeType::kStartup});
}

void ProberManager::SetReady(std::string_view pod_uid, json::object& cs) {
  bool ready = false;
  if (Running(cs)) {
    auto result = readiness_.Get(StringIn(&cs, "containerID"));
    if (result && *result == ProbeResult::kSuccess) {
      ready = true;
    } else {
      auto worker = Find(Key{std::string(pod_uid), std::string(StringIn(&cs, "name")), ProbeType::kReadiness});
      ready = !worker;  // no readiness probe: ready once started
      // Ask the readiness probe now rather than at its next period.
      if (worker) scheduler_.Trigger(worker->task);
    }
  }
  cs["ready"] = ready;
}

void ProberManager::UpdatePodStatus(const json::object& pod, json::object& pod_status) {
  std::string uid(client::UidOf(pod));
  if (json::value* list = pod_status.if_contains("containerStatuses"); list && list->is_array()) {
    for (auto& item : list->get_array()) {
      json::object* cs = item.if_object();
      if (!cs) continue;
      bool started = IsStarted(uid, *cs);
      (*cs)["started"] = started;
      if (started) SetReady(uid, *cs);
    }
  }
  const json::array* init_specs = ArrayIn(ObjectIn(&pod, "spec"), "initContainers");
  if (json::value* list = pod_status.if_contains("initContainerStatuses"); list && list->is_array()) {
    json::array& statuses = list->get_array();
    for (size_t i = 0; i < statuses.size(); ++i) {
      json::object* cs = statuses[i].if_object();
      if (!cs) continue;
      bool started = IsStarted(uid, *cs);
      (*cs)["started"] = started;
      // The spec of this init container: same index, same name.
      const json::object* spec = init_specs && i < init_specs->size() ? (*init_specs)[i].if_object() : nullptr;
      if (!spec || StringIn(spec, "name") != StringIn(cs, "name")) {
        VLOG(4) << "Mismatch between pod spec and status, container " << StringIn(cs, "name");
        continue;
      }
      if (StringIn(spec, "restartPolicy") != "Always") {
        // A regular init container is ready once it exited 0.
        const json::object* terminated = ObjectIn(ObjectIn(cs, "state"), "terminated");
        const json::value* code = terminated ? terminated->if_contains("exitCode") : nullptr;
        if (code && code->is_number() && code->to_number<int64_t>() == 0) (*cs)["ready"] = true;
        continue;
      }
      if (started) SetReady(uid, *cs);
    }
  }
}

}  // namespace kubepp::kubelet::prober
