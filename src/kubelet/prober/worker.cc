#include "kubelet/prober/worker.h"

#include "base/log.h"
#include "kubelet/json_access.h"

namespace kubepp::kubelet::prober {
namespace json = boost::json;
namespace {

ProbeResult InitialValue(ProbeType type) {
  switch (type) {
    case ProbeType::kReadiness: return ProbeResult::kFailure;
    case ProbeType::kLiveness: return ProbeResult::kSuccess;
    case ProbeType::kStartup: return ProbeResult::kUnknown;
  }
  return ProbeResult::kUnknown;
}

const ContainerRuntimeStatus* FindStatus(const std::vector<ContainerRuntimeStatus>& list, std::string_view name) {
  for (const auto& c : list) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

ProbeWorker::ProbeWorker(ProbeType type, client::ObjectPtr pod, json::object container, bool init_container,
                         ProbeSpec spec, const WorkerContext& context)
    : type_(type),
      pod_(std::move(pod)),
      container_(std::move(container)),
      pod_uid_(client::UidOf(*pod_)),
      container_name_(StringIn(&container_, "name")),
      init_container_(init_container),
      spec_(std::move(spec)),
      context_(context),
      initial_value_(InitialValue(type)) {}

ResultsManager& ProbeWorker::Results() const {
  switch (type_) {
    case ProbeType::kLiveness: return *context_.liveness;
    case ProbeType::kReadiness: return *context_.readiness;
    case ProbeType::kStartup: return *context_.startup;
  }
  return *context_.readiness;
}

bool ProbeWorker::Started(const ContainerRuntimeStatus& c) const {
  if (c.state != ContainerRuntimeStatus::State::kRunning) return false;
  if (auto startup = context_.startup->Get(c.container_id)) return *startup == ProbeResult::kSuccess;
  // No verdict: started unless a startup probe is still to give one.
  return !ObjectIn(&container_, ProbeField(ProbeType::kStartup));
}

bool ProbeWorker::DoProbe() {
  auto status = context_.status ? context_.status(pod_uid_) : std::nullopt;
  if (!status) {
    VLOG(3) << "No status for pod " << client::KeyOf(*pod_);
    return true;
  }
  if (status->phase == "Failed" || status->phase == "Succeeded") {
    VLOG(3) << "Pod is terminated, exiting probe worker: " << client::KeyOf(*pod_);
    return false;
  }
  const ContainerRuntimeStatus* c = FindStatus(status->containers, container_name_);
  if (!c || c->container_id.empty()) {
    c = FindStatus(status->init_containers, container_name_);
    if (!c || c->container_id.empty()) {
      VLOG(3) << "Probe target container not found: " << client::KeyOf(*pod_) << " " << container_name_;
      return true;
    }
  }

  if (container_id_ != c->container_id) {
    if (!container_id_.empty()) Results().Remove(container_id_);
    container_id_ = c->container_id;
    Results().Set(container_id_, initial_value_, pod_uid_);
    on_hold_ = false;  // a new container: probe again
  }
  if (on_hold_) return true;

  if (c->state != ContainerRuntimeStatus::State::kRunning) {
    VLOG(3) << "Non-running container probed: " << client::KeyOf(*pod_) << " " << container_name_;
    Results().Set(container_id_, ProbeResult::kFailure, pod_uid_);
    std::string_view restart_policy = StringIn(ObjectIn(pod_.get(), "spec"), "restartPolicy");
    bool sidecar = init_container_ && StringIn(&container_, "restartPolicy") == "Always";
    return c->state != ContainerRuntimeStatus::State::kTerminated || restart_policy != "Never" || sidecar;
  }

  // A pod on its way out needs no restarts: report alive and stop.
  const json::object* metadata = ObjectIn(pod_.get(), "metadata");
  bool deleting = metadata && metadata->contains("deletionTimestamp") && !metadata->at("deletionTimestamp").is_null();
  if (deleting && (type_ == ProbeType::kLiveness || type_ == ProbeType::kStartup)) {
    Results().Set(container_id_, ProbeResult::kSuccess, pod_uid_);
    return false;
  }

  auto since_start = std::chrono::duration_cast<std::chrono::seconds>(context_.clock->Now() - c->started_at);
  if (since_start.count() < spec_.initial_delay_seconds) return true;

  bool started = Started(*c);
  if (started && type_ == ProbeType::kStartup) return true;   // done; kept for a restart
  if (!started && type_ != ProbeType::kStartup) return true;  // gated by the startup probe

  Prober::Verdict verdict = context_.prober->Probe(type_, spec_, *pod_, *status, container_, container_id_);
  if (!verdict.error.ok()) return true;  // an errored probe says nothing

  if (last_result_ == verdict.result) {
    ++result_run_;
  } else {
    last_result_ = verdict.result;
    result_run_ = 1;
  }
  if ((verdict.result == ProbeResult::kFailure && result_run_ < spec_.failure_threshold) ||
      (verdict.result == ProbeResult::kSuccess && result_run_ < spec_.success_threshold)) {
    return true;
  }
  Results().Set(container_id_, verdict.result, pod_uid_);
  if ((type_ == ProbeType::kLiveness || type_ == ProbeType::kStartup) && verdict.result == ProbeResult::kFailure) {
    // The container will be restarted; probing it meanwhile could only
    // disturb a container that is being stopped.
    on_hold_ = true;
    result_run_ = 0;
  }
  return true;
}

void ProbeWorker::Finish() {
  if (!container_id_.empty()) Results().Remove(container_id_);
}

}  // namespace kubepp::kubelet::prober
