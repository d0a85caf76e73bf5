#include "kubelet/kuberuntime/runtime_manager.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <tuple>
#include <thread>

#include <boost/json.hpp>

#include "base/log.h"
#include "controllers/util/object_fields.h"
#include "kubelet/container/backoff.h"
#include "kubelet/cri/image_service.h"
#include "kubelet/cri/runtime_service.h"
#include "kubelet/kuberuntime/container_config.h"
#include "kubelet/kuberuntime/image_puller.h"
#include "kubelet/kuberuntime/labels.h"
#include "kubelet/kuberuntime/sandbox_config.h"
#include "kubelet/lifecycle/hook_runner.h"
#include "kubelet/pod_fields.h"

namespace kubepp::kubelet {

namespace json = boost::json;
namespace v1 = ::runtime::v1;
using controllers::util::ArrayAt;
using controllers::util::IntAt;
using controllers::util::ObjectAt;
using controllers::util::StringAt;

namespace {

Clock::TimePoint FromNanos(int64_t ns) {
  return Clock::TimePoint(std::chrono::duration_cast<Clock::Duration>(std::chrono::nanoseconds(ns)));
}

template <typename Map>
std::string Get(const Map& map, std::string_view key) {
  auto it = map.find(std::string(key));
  return it == map.end() ? std::string() : it->second;
}

ContainerState StateOf(v1::ContainerState s) {
  switch (s) {
    case v1::CONTAINER_CREATED: return ContainerState::kCreated;
    case v1::CONTAINER_RUNNING: return ContainerState::kRunning;
    case v1::CONTAINER_EXITED: return ContainerState::kExited;
    default: return ContainerState::kUnknown;
  }
}

const json::object* FindContainer(const json::object& pod, std::string_view name, bool* is_init) {
  for (std::string_view field : {"initContainers", "containers"}) {
    if (const json::array* list = ArrayAt(pod, {"spec", field})) {
      for (const auto& c : *list) {
        if (c.is_object() && StringAt(c.as_object(), {"name"}) == name) {
          if (is_init) *is_init = field == "initContainers";
          return &c.as_object();
        }
      }
    }
  }
  return nullptr;
}

}  // namespace

class RuntimeManager::Impl {
 public:
  Impl(cri::RuntimeService& runtime, cri::ImageService& images, PodEnvironment& env, client::EventRecorder& recorder,
       Clock& clock, RuntimeManagerOptions options)
      : runtime_(runtime),
        env_(env),
        recorder_(recorder),
        clock_(clock),
        options_(std::move(options)),
        crash_backoff_(clock, options_.crash_backoff_initial, options_.crash_backoff_max),
        puller_(images, recorder, clock, options_.pull_backoff_initial, options_.pull_backoff_max),
        hooks_(runtime, recorder, clock) {
    v1::VersionRequest request;
    if (auto version = runtime_.Version(request); version.ok()) runtime_name_ = version->runtime_name();
    if (runtime_name_.empty()) runtime_name_ = "containerd";
  }

  StatusOr<std::map<std::string, PodRuntimeStatus>> ListPods(const std::string& only_uid, bool details = true) {
    v1::ListPodSandboxRequest sandbox_request;
    v1::ListContainersRequest container_request;
    if (!only_uid.empty()) {
      (*sandbox_request.mutable_filter()->mutable_label_selector())[std::string(kPodUidLabel)] = only_uid;
      (*container_request.mutable_filter()->mutable_label_selector())[std::string(kPodUidLabel)] = only_uid;
    }
    auto sandboxes = runtime_.ListPodSandbox(sandbox_request);
    if (!sandboxes.ok()) return sandboxes.status();
    auto containers = runtime_.ListContainers(container_request);
    if (!containers.ok()) return containers.status();
    std::map<std::string, PodRuntimeStatus> pods;
    for (const auto& s : sandboxes->items()) {
      std::string uid = Get(s.labels(), kPodUidLabel);
      if (uid.empty()) continue;  // not the kubelet's
      PodRuntimeStatus& pod = pods[uid];
      pod.uid = uid;
      pod.name = s.metadata().name();
      pod.ns = s.metadata().namespace_();
      SandboxRuntimeStatus sandbox;
      sandbox.id = s.id();
      sandbox.ready = s.state() == v1::SANDBOX_READY;
      sandbox.attempt = s.metadata().attempt();
      sandbox.created_at = FromNanos(s.created_at());
      sandbox.host_network = Get(s.annotations(), kHostNetworkAnnotation) == "true";
      if (sandbox.ready && details) {
        v1::PodSandboxStatusRequest request;
        request.set_pod_sandbox_id(s.id());
        if (auto st = runtime_.PodSandboxStatus(request); st.ok()) {
          sandbox.ip = st->status().network().ip();
          for (const auto& ip : st->status().network().additional_ips()) sandbox.additional_ips.push_back(ip.ip());
        }
      }
      pod.sandboxes.push_back(std::move(sandbox));
    }
    for (const auto& c : containers->containers()) {
      std::string uid = Get(c.labels(), kPodUidLabel);
      if (uid.empty()) continue;
      PodRuntimeStatus& pod = pods[uid];
      pod.uid = uid;
      if (pod.name.empty()) {
        pod.name = Get(c.labels(), kPodNameLabel);
        pod.ns = Get(c.labels(), kPodNamespaceLabel);
      }
      ContainerRuntimeStatus status;
      status.id = c.id();
      status.name = c.metadata().name();
      status.sandbox_id = c.pod_sandbox_id();
      status.state = StateOf(c.state());
      status.created_at = FromNanos(c.created_at());
      status.image = c.image().image();
      status.image_ref = c.image_ref();
      status.hash = std::strtoull(Get(c.annotations(), kContainerHashAnnotation).c_str(), nullptr, 16);
      status.restart_count = std::atoi(Get(c.annotations(), kRestartCountAnnotation).c_str());
      status.termination_message_path = Get(c.annotations(), kTerminationMessagePathAnnotation);
      std::string grace = Get(c.annotations(), kGracePeriodAnnotation);
      if (!grace.empty()) status.termination_grace_period = std::atoll(grace.c_str());
      // Times, exit code and reason need the container's own status.
      v1::ContainerStatusRequest request;
      request.set_container_id(c.id());
      if (!details) {
        pod.containers.push_back(std::move(status));
        continue;
      }
      if (auto st = runtime_.ContainerStatus(request); st.ok()) {
        const auto& cs = st->status();
        status.state = StateOf(cs.state());
        status.started_at = cs.started_at() ? FromNanos(cs.started_at()) : Clock::TimePoint{};
        status.finished_at = cs.finished_at() ? FromNanos(cs.finished_at()) : Clock::TimePoint{};
        status.exit_code = cs.exit_code();
        status.reason = cs.reason();
        status.message = cs.message();
        status.log_path = cs.log_path();
        if (!cs.image_ref().empty()) status.image_ref = cs.image_ref();
        if (status.state == ContainerState::kExited) status.message = TerminationMessage(status);
      }
      pod.containers.push_back(std::move(status));
    }
    for (auto& [uid, pod] : pods) {
      std::sort(pod.sandboxes.begin(), pod.sandboxes.end(),
                [](const auto& a, const auto& b) {
                  return std::tie(a.created_at, a.attempt) > std::tie(b.created_at, b.attempt);
                });
      // Restart counts break ties of creation times (coarse clocks).
      std::sort(pod.containers.begin(), pod.containers.end(), [](const auto& a, const auto& b) {
        return std::tie(a.created_at, a.restart_count) > std::tie(b.created_at, b.restart_count);
      });
    }
    return pods;
  }

  // The termination message the container wrote, else the runtime's.
  std::string TerminationMessage(const ContainerRuntimeStatus& c) {
    if (!c.termination_message_path.empty()) {
      std::ifstream in(c.termination_message_path);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (text.size() > 4096) text.resize(4096);
      if (!text.empty()) return text;
    }
    return c.message;
  }

  SyncResult SyncPod(const json::object& pod, const PodRuntimeStatus& status, const PodActions& actions) {
    SyncResult result;
    if (actions.kill_pod) {
      Status killed = KillPod(&pod, status, std::nullopt);
      if (!killed.ok()) {
        result.status = killed;
        return result;
      }
      if (actions.create_sandbox) PruneDead(status, /*keep_newest_sandbox=*/false);
    } else {
      for (const auto& kill : actions.containers_to_kill) {
        const ContainerRuntimeStatus* c = nullptr;
        for (const auto& s : status.containers) {
          if (s.id == kill.id) c = &s;
        }
        if (!c) continue;
        Status killed = KillContainer(&pod, *c, kill.message, std::nullopt);
        if (!killed.ok()) {
          result.status = killed;
          return result;
        }
      }
    }
    std::string sandbox_id = actions.sandbox_id;
    SandboxConfigOptions sandbox_options{options_.log_root,    options_.cluster_dns,
                                         options_.cluster_domain, options_.resolv_conf,
                                         env_.CgroupParent(pod), options_.seccomp_profile_root};
    v1::PodSandboxConfig sandbox_config = MakeSandboxConfig(pod, actions.attempt, sandbox_options);
    std::string pod_ip;
    if (actions.create_sandbox) {
      std::filesystem::create_directories(sandbox_config.log_directory());
      v1::RunPodSandboxRequest request;
      *request.mutable_config() = sandbox_config;
      auto created = runtime_.RunPodSandbox(request);
      if (!created.ok()) {
        std::string message = "Failed to create pod sandbox: " + created.status().message();
        recorder_.Event(pod, "Warning", "FailedCreatePodSandBox", message);
        result.status = created.status();
        return result;
      }
      sandbox_id = created->pod_sandbox_id();
      v1::PodSandboxStatusRequest st_request;
      st_request.set_pod_sandbox_id(sandbox_id);
      if (auto st = runtime_.PodSandboxStatus(st_request); st.ok()) pod_ip = st->status().network().ip();
    } else {
      for (const auto& s : status.sandboxes) {
        if (s.id == sandbox_id) pod_ip = s.ip;
      }
    }
    if (sandbox_id.empty()) return result;
    auto start = [&](const json::object& container) {
      std::string name(StringAt(container, {"name"}));
      auto failure = StartContainer(pod, container, status, sandbox_id, sandbox_config, pod_ip, &result);
      if (failure) result.start_failures[name] = *failure;
      return !failure.has_value();
    };
    if (actions.next_init_container) {
      const json::array* inits = ArrayAt(pod, {"spec", "initContainers"});
      if (inits && *actions.next_init_container < inits->size()) {
        start((*inits)[*actions.next_init_container].as_object());
      }
      return result;
    }
    const json::array* containers = ArrayAt(pod, {"spec", "containers"});
    for (size_t index : actions.containers_to_start) {
      if (containers && index < containers->size()) start((*containers)[index].as_object());
    }
    return result;
  }

  // Starts one container; returns why it could not.
  std::optional<StartFailure> StartContainer(const json::object& pod, const json::object& container,
                                             const PodRuntimeStatus& status, const std::string& sandbox_id,
                                             const v1::PodSandboxConfig& sandbox_config, const std::string& pod_ip,
                                             SyncResult* result) {
    std::string name(StringAt(container, {"name"}));
    const ContainerRuntimeStatus* previous = status.Newest(name);
    // Only instances in the current sandbox count towards restarts.
    int restart_count = previous ? previous->restart_count + 1 : 0;
    if (previous && previous->state == ContainerState::kExited) {
      std::string key = std::string(StringAt(pod, {"metadata", "uid"})) + "/" + name;
      if (crash_backoff_.InBackoffSince(key, previous->finished_at)) {
        std::string message = "back-off " + FormatDelay(crash_backoff_.Delay(key)) +
                              " restarting failed container=" + name + " pod=" + FormatPod(pod);
        recorder_.Event(pod, "Warning", "BackOff",
                        "Back-off restarting failed container " + name + " in pod " + FormatPod(pod));
        Retry(result, crash_backoff_.Until(key, previous->finished_at));
        return StartFailure{"CrashLoopBackOff", message};
      }
      crash_backoff_.Next(key, previous->finished_at);
    }
    auto pulled = puller_.EnsureImage(pod, container, env_.PullCredentials(pod), sandbox_config);
    if (pulled.failure) {
      if (pulled.retry_at) Retry(result, *pulled.retry_at);
      return pulled.failure;
    }
    auto config_failure = [&](const std::string& message) {
      recorder_.Event(pod, "Warning", "Failed", "Error: " + message);
      Retry(result, clock_.Now() + std::chrono::seconds(5));
      return StartFailure{"CreateContainerConfigError", message};
    };
    auto run = env_.RunSpec(pod, container, pod_ip);
    if (!run.ok()) return config_failure(run.status().message());
    auto mounts = env_.Mounts(pod, container, pod_ip);
    if (!mounts.ok()) return config_failure(mounts.status().message());
    ContainerConfigInputs inputs;
    inputs.pod = &pod;
    inputs.container = &container;
    inputs.restart_count = restart_count;
    inputs.image_ref = pulled.image_ref;
    inputs.command = std::move(run->command);
    inputs.args = std::move(run->args);
    inputs.env = std::move(run->env);
    inputs.mounts = std::move(*mounts);
    inputs.resources = env_.Resources(pod, container);
    inputs.termination_message_path = env_.TerminationMessagePath(pod, container, restart_count);
    inputs.seccomp_profile_root = options_.seccomp_profile_root;
    auto config = MakeContainerConfig(inputs);
    if (!config.ok()) return config_failure(config.status().message());
    v1::CreateContainerRequest create;
    create.set_pod_sandbox_id(sandbox_id);
    *create.mutable_config() = std::move(*config);
    *create.mutable_sandbox_config() = sandbox_config;
    auto created = runtime_.CreateContainer(create);
    if (!created.ok()) {
      recorder_.Event(pod, "Warning", "Failed", "Error: " + created.status().message());
      Retry(result, clock_.Now() + std::chrono::seconds(5));
      return StartFailure{"CreateContainerError", created.status().message()};
    }
    recorder_.Event(pod, "Normal", "Created", "Created container " + name);
    v1::StartContainerRequest start;
    start.set_container_id(created->container_id());
    auto started = runtime_.StartContainer(start);
    if (!started.ok()) {
      recorder_.Event(pod, "Warning", "Failed", "Error: " + started.status().message());
      Retry(result, clock_.Now() + std::chrono::seconds(5));
      return StartFailure{"RunContainerError", started.status().message()};
    }
    recorder_.Event(pod, "Normal", "Started", "Started container " + name);
    if (const json::object* post_start = ObjectAt(container, {"lifecycle", "postStart"})) {
      HookRunner::Target target{pod, container, created->container_id(), sandbox_id, pod_ip};
      std::string error = hooks_.Run(*post_start, target,
                                     std::chrono::seconds(IntAt(pod, {"spec", "terminationGracePeriodSeconds"}, 30)));
      if (!error.empty()) {
        recorder_.Event(pod, "Warning", "FailedPostStartHook", error);
        ContainerRuntimeStatus just_started;
        just_started.id = created->container_id();
        just_started.name = name;
        just_started.sandbox_id = sandbox_id;
        just_started.state = ContainerState::kRunning;
        KillContainer(&pod, just_started, "FailedPostStartHook", std::nullopt);
        return StartFailure{"PostStartHookError", error};
      }
    }
    return std::nullopt;
  }

  static void Retry(SyncResult* result, Clock::TimePoint at) {
    if (!result->retry_at || at < *result->retry_at) result->retry_at = at;
  }

  static std::string FormatDelay(Clock::Duration d) {
    auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
    if (s < 60) return std::to_string(s) + "s";
    return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
  }

  Status KillContainer(const json::object* pod, const ContainerRuntimeStatus& c, std::string_view message,
                       std::optional<int64_t> grace_override) {
    int64_t grace = c.termination_grace_period;
    const json::object* spec = pod ? FindContainer(*pod, c.name, nullptr) : nullptr;
    if (pod) {
      grace = IntAt(*pod, {"spec", "terminationGracePeriodSeconds"}, grace);
      if (const json::value* g = pod->if_contains("metadata") ? ObjectAt(*pod, {"metadata"})->if_contains(
                                                                     "deletionGracePeriodSeconds")
                                                               : nullptr;
          g && g->is_int64()) {
        grace = g->as_int64();
      }
    }
    if (grace_override) grace = *grace_override;
    if (pod && c.state == ContainerState::kRunning) {
      recorder_.Event(*pod, "Normal", "Killing",
                      message.empty() ? "Stopping container " + c.name : std::string(message));
    }
    Clock::TimePoint start = clock_.Now();
    if (spec && c.state == ContainerState::kRunning && grace > 0) {
      if (const json::object* pre_stop = ObjectAt(*spec, {"lifecycle", "preStop"})) {
        HookRunner::Target target{*pod, *spec, c.id, c.sandbox_id, ""};
        std::string error = hooks_.Run(*pre_stop, target, std::chrono::seconds(grace));
        if (!error.empty()) recorder_.Event(*pod, "Warning", "FailedPreStopHook", error);
        grace -= std::chrono::duration_cast<std::chrono::seconds>(clock_.Now() - start).count();
      }
    }
    // As upstream, every container gets at least 2 s between SIGTERM and SIGKILL.
    grace = std::max<int64_t>(2, grace);
    v1::StopContainerRequest stop;
    stop.set_container_id(c.id);
    stop.set_timeout(grace);
    auto stopped = runtime_.StopContainer(stop);
    if (!stopped.ok() && stopped.status().reason() != Reason::kNotFound) return stopped.status();
    return Status::Ok();
  }

  Status KillPod(const json::object* pod, const PodRuntimeStatus& status, std::optional<int64_t> grace) {
    // Containers stop in parallel, as upstream's killContainersWithSyncResult.
    std::vector<std::thread> threads;
    std::mutex mu;
    Status first = Status::Ok();
    for (const auto& c : status.containers) {
      if (c.state != ContainerState::kRunning && c.state != ContainerState::kCreated &&
          c.state != ContainerState::kUnknown) {
        continue;
      }
      threads.emplace_back([&, c] {
        Status st = KillContainer(pod, c, "", grace);
        std::lock_guard lock(mu);
        if (first.ok() && !st.ok()) first = st;
      });
    }
    for (auto& t : threads) t.join();
    if (!first.ok()) return first;
    for (const auto& s : status.sandboxes) {
      if (!s.ready) continue;
      v1::StopPodSandboxRequest stop;
      stop.set_pod_sandbox_id(s.id);
      auto stopped = runtime_.StopPodSandbox(stop);
      if (!stopped.ok() && stopped.status().reason() != Reason::kNotFound) return stopped.status();
    }
    return Status::Ok();
  }

  Status RemovePod(const PodRuntimeStatus& status) {
    for (const auto& c : status.containers) {
      v1::RemoveContainerRequest remove;
      remove.set_container_id(c.id);
      auto removed = runtime_.RemoveContainer(remove);
      if (!removed.ok() && removed.status().reason() != Reason::kNotFound) return removed.status();
    }
    for (const auto& s : status.sandboxes) {
      v1::StopPodSandboxRequest stop;
      stop.set_pod_sandbox_id(s.id);
      (void)runtime_.StopPodSandbox(stop);
      v1::RemovePodSandboxRequest remove;
      remove.set_pod_sandbox_id(s.id);
      auto removed = runtime_.RemovePodSandbox(remove);
      if (!removed.ok() && removed.status().reason() != Reason::kNotFound) return removed.status();
    }
    return Status::Ok();
  }

  void PruneDead(const PodRuntimeStatus& status, bool keep_newest_sandbox) {
    std::map<std::string, int> seen;
    for (const auto& c : status.containers) {
      int n = ++seen[c.name];
      if (n <= 2 || c.state == ContainerState::kRunning) continue;
      v1::RemoveContainerRequest remove;
      remove.set_container_id(c.id);
      (void)runtime_.RemoveContainer(remove);
    }
    for (size_t i = keep_newest_sandbox ? 1 : 0; i < status.sandboxes.size(); ++i) {
      const auto& s = status.sandboxes[i];
      if (s.ready) continue;
      bool used = false;
      for (const auto& c : status.containers) {
        // Keep sandboxes whose containers the status still reports.
        if (c.sandbox_id == s.id && seen[c.name] <= 2) used = true;
      }
      if (used) continue;
      v1::RemovePodSandboxRequest remove;
      remove.set_pod_sandbox_id(s.id);
      (void)runtime_.RemovePodSandbox(remove);
    }
  }

  StatusOr<ExecResult> ExecSync(const std::string& id, const std::vector<std::string>& command,
                                Clock::Duration timeout) {
    v1::ExecSyncRequest request;
    request.set_container_id(id);
    for (const auto& c : command) *request.add_cmd() = c;
    request.set_timeout(std::max<int64_t>(1, std::chrono::duration_cast<std::chrono::seconds>(timeout).count()));
    auto run = runtime_.ExecSync(request);
    if (!run.ok()) return run.status();
    return ExecResult{run->exit_code(), run->stdout() + run->stderr()};
  }

  cri::RuntimeService& runtime_;
  PodEnvironment& env_;
  client::EventRecorder& recorder_;
  Clock& clock_;
  const RuntimeManagerOptions options_;
  Backoff crash_backoff_;
  ImagePuller puller_;
  HookRunner hooks_;
  std::string runtime_name_;
};

RuntimeManager::RuntimeManager(cri::RuntimeService& runtime, cri::ImageService& images, PodEnvironment& environment,
                               client::EventRecorder& recorder, Clock& clock, RuntimeManagerOptions options)
    : impl_(std::make_unique<Impl>(runtime, images, environment, recorder, clock, std::move(options))) {}
RuntimeManager::~RuntimeManager() = default;

StatusOr<std::map<std::string, PodRuntimeStatus>> RuntimeManager::ListPods(bool details) {
  return impl_->ListPods("", details);
}

StatusOr<PodRuntimeStatus> RuntimeManager::GetPodStatus(const std::string& uid) {
  auto pods = impl_->ListPods(uid);
  if (!pods.ok()) return pods.status();
  auto it = pods->find(uid);
  if (it == pods->end()) {
    PodRuntimeStatus empty;
    empty.uid = uid;
    return empty;
  }
  return std::move(it->second);
}

SyncResult RuntimeManager::SyncPod(const json::object& pod, const PodRuntimeStatus& status, const PodActions& actions) {
  return impl_->SyncPod(pod, status, actions);
}

Status RuntimeManager::KillPod(const json::object* pod, const PodRuntimeStatus& status,
                               std::optional<int64_t> grace_seconds) {
  return impl_->KillPod(pod, status, grace_seconds);
}

Status RuntimeManager::KillContainer(const json::object* pod, const ContainerRuntimeStatus& container,
                                     std::string_view message, std::optional<int64_t> grace_seconds) {
  return impl_->KillContainer(pod, container, message, grace_seconds);
}

Status RuntimeManager::RemovePod(const PodRuntimeStatus& status) { return impl_->RemovePod(status); }

void RuntimeManager::PruneDead(const PodRuntimeStatus& status) { impl_->PruneDead(status, true); }

StatusOr<RuntimeManager::ExecResult> RuntimeManager::ExecSync(const std::string& container_id,
                                                              const std::vector<std::string>& command,
                                                              Clock::Duration timeout) {
  return impl_->ExecSync(container_id, command, timeout);
}

std::string RuntimeManager::runtime_name() const { return impl_->runtime_name_; }

}  // namespace kubepp::kubelet
