#include "fakes/fake_runtime.h"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace kubepp::fakes {
namespace {

// The status a containerd error has after crossing gRPC and kubelet::cri::FromGrpcStatus.
kubepp::Status RpcError(Reason reason, const std::string& code, const std::string& desc) {
  return kubepp::Status(reason, "rpc error: code = " + code + " desc = " + desc);
}
kubepp::Status RpcNotFound(const std::string& desc) { return RpcError(Reason::kNotFound, "NotFound", desc); }
kubepp::Status RpcUnknown(const std::string& desc) { return RpcError(Reason::kInternalError, "Unknown", desc); }
kubepp::Status RpcFailedPrecondition(const std::string& desc) {
  return RpcError(Reason::kConflict, "FailedPrecondition", desc);
}

// 64 hex digits derived from `seed`, shaped like containerd's IDs and image digests.
std::string HexId(uint64_t seed) {
  std::string out;
  uint64_t x = seed;
  for (int i = 0; i < 4; ++i) {
    // splitmix64: distinct seeds give distinct, well-spread words.
    x += 0x9e3779b97f4a7c15ULL;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(z));
    out += buf;
  }
  return out;
}

std::string Base64(const std::string& in) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

bool LabelsMatch(const google::protobuf::Map<std::string, std::string>& labels,
                 const google::protobuf::Map<std::string, std::string>& selector) {
  for (const auto& [key, value] : selector) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return true;
}

// containerd matches ID filters by prefix (its IDs may be given truncated).
bool IdMatches(const std::string& id, const std::string& filter) {
  return filter.empty() || id.compare(0, filter.size(), filter) == 0;
}

// The repository part of a normalized reference: "docker.io/library/busybox:1.35" ->
// "docker.io/library/busybox".
std::string Repository(const std::string& ref) {
  size_t at = ref.find('@');
  if (at != std::string::npos) return ref.substr(0, at);
  size_t slash = ref.rfind('/');
  size_t colon = ref.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) return ref.substr(0, colon);
  return ref;
}

}  // namespace

FakeRuntime::FakeRuntime(Clock& clock) : clock_(clock) {
  for (const char* type : {"RuntimeReady", "NetworkReady"}) {
    v1::RuntimeCondition c;
    c.set_type(type);
    c.set_status(true);
    conditions_[type] = c;
  }
}

std::string FakeRuntime::NormalizeReference(const std::string& ref) {
  if (ref.rfind("sha256:", 0) == 0) return ref;  // an image ID
  std::string name = ref;
  size_t slash = name.find('/');
  std::string first = slash == std::string::npos ? "" : name.substr(0, slash);
  bool has_domain = !first.empty() && (first.find('.') != std::string::npos ||
                                       first.find(':') != std::string::npos || first == "localhost");
  if (!has_domain) {
    name = (slash == std::string::npos ? "docker.io/library/" : "docker.io/") + name;
  }
  if (name.find('@') == std::string::npos) {
    size_t last_slash = name.rfind('/');
    size_t colon = name.rfind(':');
    if (colon == std::string::npos || colon < last_slash) name += ":latest";
  }
  return name;
}

// --- Test controls ---

std::string FakeRuntime::AddImage(const std::string& ref, const std::string& id) {
  std::lock_guard lock(mu_);
  return AddImageLocked(ref, id);
}

std::string FakeRuntime::AddImageLocked(const std::string& ref, const std::string& id) {
  std::string name = NormalizeReference(ref);
  if (const FakeImage* existing = FindImageLocked(name)) {
    if (id.empty() || existing->id == id) return existing->id;
    // The name moves to the image with the given ID, as when a tag is re-pointed.
    FakeImage& old = images_[existing->id];
    std::erase(old.tags, name);
    if (old.tags.empty()) images_.erase(old.id);
  }
  if (!id.empty()) {
    auto same = images_.find(id);
    if (same != images_.end()) {
      same->second.tags.push_back(name);
      return id;
    }
  }
  FakeImage image;
  image.id = !id.empty() ? id : "sha256:" + HexId(std::hash<std::string>()(name));
  image.tags.push_back(name);
  image.size = 1000000 + name.size();
  images_[image.id] = image;
  return image.id;
}

void FakeRuntime::AddPullableImage(const std::string& ref, const std::string& username,
                                   const std::string& password) {
  std::lock_guard lock(mu_);
  pullable_[NormalizeReference(ref)] = PullableImage{username, password};
}

bool FakeRuntime::HasImage(const std::string& ref) const {
  std::lock_guard lock(mu_);
  return FindImageLocked(ref) != nullptr;
}

void FakeRuntime::SetImageSize(const std::string& ref, uint64_t bytes) {
  std::lock_guard lock(mu_);
  if (const FakeImage* image = FindImageLocked(ref)) images_[image->id].size = bytes;
}

void FakeRuntime::SetImageFsMountpoint(const std::string& path) {
  std::lock_guard lock(mu_);
  image_fs_mountpoint_ = path;
}

void FakeRuntime::SetImagePinned(const std::string& ref, bool pinned) {
  std::lock_guard lock(mu_);
  if (const FakeImage* image = FindImageLocked(ref)) images_[image->id].pinned = pinned;
}

std::vector<v1::PullImageRequest> FakeRuntime::Pulls() const {
  std::lock_guard lock(mu_);
  return pulls_;
}

std::vector<v1::StopContainerRequest> FakeRuntime::Stops() const {
  std::lock_guard lock(mu_);
  return stops_;
}

kubepp::Status FakeRuntime::ExitContainer(const std::string& container_id, int exit_code,
                                          const std::string& reason) {
  std::lock_guard lock(mu_);
  auto it = containers_.find(container_id);
  if (it == containers_.end()) return kubepp::Status::NotFound("container " + container_id + " not found");
  if (it->second.state == v1::CONTAINER_RUNNING) FinishLocked(it->second, exit_code, reason);
  return kubepp::Status::Ok();
}

void FakeRuntime::SetStopExitCode(int exit_code) {
  std::lock_guard lock(mu_);
  stop_exit_code_ = exit_code;
}

void FakeRuntime::SetExecHandler(ExecHandler handler) {
  std::lock_guard lock(mu_);
  exec_handler_ = std::move(handler);
}

void FakeRuntime::SetContainerUsage(const std::string& container_id, uint64_t usage_core_nano_seconds,
                                    uint64_t working_set_bytes) {
  std::lock_guard lock(mu_);
  auto it = containers_.find(container_id);
  if (it == containers_.end()) return;
  it->second.cpu_core_nanos = usage_core_nano_seconds;
  it->second.working_set_bytes = working_set_bytes;
}

void FakeRuntime::SetCondition(const std::string& type, bool status, const std::string& reason,
                               const std::string& message) {
  std::lock_guard lock(mu_);
  v1::RuntimeCondition& c = conditions_[type];
  c.set_type(type);
  c.set_status(status);
  c.set_reason(reason);
  c.set_message(message);
}

void FakeRuntime::SetSandboxIp(const std::string& sandbox_id, const std::string& ip) {
  std::lock_guard lock(mu_);
  auto it = sandboxes_.find(sandbox_id);
  if (it != sandboxes_.end()) it->second.ip = ip;
}

void FakeRuntime::SetStreamBaseUrl(const std::string& url) {
  std::lock_guard lock(mu_);
  stream_base_url_ = url;
}

void FakeRuntime::SetReactor(Reactor reactor) {
  std::lock_guard lock(mu_);
  reactor_ = std::move(reactor);
}

void FakeRuntime::FailNext(const std::string& method, kubepp::Status status) {
  std::lock_guard lock(mu_);
  fail_next_[method].push_back(std::move(status));
}

std::vector<std::string> FakeRuntime::Calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

void FakeRuntime::ClearCalls() {
  std::lock_guard lock(mu_);
  calls_.clear();
}

std::optional<std::string> FakeRuntime::SandboxIdOf(const std::string& pod_uid) const {
  std::lock_guard lock(mu_);
  const Sandbox* newest = nullptr;
  for (const auto& [id, s] : sandboxes_) {
    if (s.config.metadata().uid() == pod_uid && (!newest || s.created_at >= newest->created_at)) newest = &s;
  }
  if (!newest) return std::nullopt;
  return newest->id;
}

std::optional<std::string> FakeRuntime::ContainerIdOf(const std::string& pod_uid, const std::string& name) const {
  std::lock_guard lock(mu_);
  const Container* newest = nullptr;
  for (const auto& [id, c] : containers_) {
    auto s = sandboxes_.find(c.sandbox_id);
    if (s == sandboxes_.end() || s->second.config.metadata().uid() != pod_uid) continue;
    if (c.config.metadata().name() != name) continue;
    if (!newest || c.created_at > newest->created_at ||
        (c.created_at == newest->created_at && c.config.metadata().attempt() > newest->config.metadata().attempt())) {
      newest = &c;
    }
  }
  if (!newest) return std::nullopt;
  return newest->id;
}

v1::ContainerConfig FakeRuntime::ContainerConfigOf(const std::string& container_id) const {
  std::lock_guard lock(mu_);
  return containers_.at(container_id).config;
}

v1::PodSandboxConfig FakeRuntime::SandboxConfigOf(const std::string& sandbox_id) const {
  std::lock_guard lock(mu_);
  return sandboxes_.at(sandbox_id).config;
}

std::string FakeRuntime::PodCidr() const {
  std::lock_guard lock(mu_);
  return pod_cidr_;
}

// --- Helpers ---

kubepp::Status FakeRuntime::Enter(const std::string& method) {
  Reactor reactor;
  {
    std::lock_guard lock(mu_);
    calls_.push_back(method);
    auto it = fail_next_.find(method);
    if (it != fail_next_.end() && !it->second.empty()) {
      kubepp::Status status = it->second.front();
      it->second.erase(it->second.begin());
      return status;
    }
    reactor = reactor_;
  }
  return reactor ? reactor(method) : kubepp::Status::Ok();
}

int64_t FakeRuntime::NowNanos() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.Now().time_since_epoch()).count();
}

std::string FakeRuntime::NewIdLocked() { return HexId(0x6b756265ULL * 1000003 + next_id_++); }

const FakeRuntime::FakeImage* FakeRuntime::FindImageLocked(const std::string& ref) const {
  auto by_id = images_.find(ref);
  if (by_id != images_.end()) return &by_id->second;
  std::string name = NormalizeReference(ref);
  for (const auto& [id, image] : images_) {
    for (const std::string& tag : image.tags) {
      if (tag == name) return &image;
    }
    // A reference by digest: repository@sha256:<id digits>.
    for (const std::string& tag : image.tags) {
      if (name == Repository(tag) + "@" + id) return &image;
    }
  }
  return nullptr;
}

void FakeRuntime::FinishLocked(Container& c, int exit_code, const std::string& reason) {
  c.state = v1::CONTAINER_EXITED;
  c.finished_at = NowNanos();
  c.exit_code = exit_code;
  c.reason = !reason.empty() ? reason : (exit_code == 0 ? "Completed" : "Error");
}

v1::ContainerStatus FakeRuntime::StatusOfLocked(const Container& c) const {
  v1::ContainerStatus s;
  s.set_id(c.id);
  *s.mutable_metadata() = c.config.metadata();
  s.set_state(c.state);
  s.set_created_at(c.created_at);
  s.set_started_at(c.started_at);
  s.set_finished_at(c.finished_at);
  s.set_exit_code(c.exit_code);
  s.set_reason(c.reason);
  s.set_message(c.message);
  *s.mutable_labels() = c.config.labels();
  *s.mutable_annotations() = c.config.annotations();
  *s.mutable_mounts() = c.config.mounts();
  s.set_log_path(c.log_path);
  *s.mutable_resources()->mutable_linux() = c.resources;
  s.set_image_id(c.image_id);
  // As containerd: the image by its first tag, the reference by its repo digest.
  auto image = images_.find(c.image_id);
  if (image != images_.end() && !image->second.tags.empty()) {
    s.mutable_image()->set_image(image->second.tags.front());
    s.set_image_ref(Repository(image->second.tags.front()) + "@" + c.image_id);
  } else {
    *s.mutable_image() = c.config.image();
    s.set_image_ref(c.image_id);
  }
  return s;
}

v1::ContainerStats FakeRuntime::StatsOfLocked(const Container& c) const {
  v1::ContainerStats stats;
  v1::ContainerAttributes* attrs = stats.mutable_attributes();
  attrs->set_id(c.id);
  *attrs->mutable_metadata() = c.config.metadata();
  *attrs->mutable_labels() = c.config.labels();
  *attrs->mutable_annotations() = c.config.annotations();
  int64_t now = NowNanos();
  stats.mutable_cpu()->set_timestamp(now);
  stats.mutable_cpu()->mutable_usage_core_nano_seconds()->set_value(c.cpu_core_nanos);
  stats.mutable_memory()->set_timestamp(now);
  stats.mutable_memory()->mutable_working_set_bytes()->set_value(c.working_set_bytes);
  stats.mutable_memory()->mutable_usage_bytes()->set_value(c.working_set_bytes);
  stats.mutable_writable_layer()->set_timestamp(now);
  stats.mutable_writable_layer()->mutable_used_bytes()->set_value(0);
  return stats;
}

// --- RuntimeService ---

StatusOr<v1::VersionResponse> FakeRuntime::Version(const v1::VersionRequest&) {
  KUBEPP_RETURN_IF_ERROR(Enter("Version"));
  v1::VersionResponse r;
  r.set_version("0.1.0");
  r.set_runtime_name("fake");
  r.set_runtime_version("1.0.0");
  r.set_runtime_api_version("v1");
  return r;
}

StatusOr<v1::RunPodSandboxResponse> FakeRuntime::RunPodSandbox(const v1::RunPodSandboxRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("RunPodSandbox"));
  std::lock_guard lock(mu_);
  const v1::PodSandboxMetadata& meta = request.config().metadata();
  for (const auto& [id, s] : sandboxes_) {
    const v1::PodSandboxMetadata& other = s.config.metadata();
    if (other.uid() == meta.uid() && other.name() == meta.name() && other.namespace_() == meta.namespace_() &&
        other.attempt() == meta.attempt()) {
      return RpcUnknown("failed to reserve sandbox name \"" + meta.name() + "_" + meta.namespace_() + "_" +
                        meta.uid() + "_" + std::to_string(meta.attempt()) + "\": name is reserved for \"" + id +
                        "\"");
    }
  }
  Sandbox s;
  s.id = NewIdLocked();
  s.config = request.config();
  s.created_at = NowNanos();
  s.runtime_handler = request.runtime_handler();
  bool host_network = request.config().linux().security_context().namespace_options().network() == v1::NODE;
  if (!host_network) s.ip = "10.88.0." + std::to_string(next_ip_++);
  sandboxes_[s.id] = s;
  v1::RunPodSandboxResponse r;
  r.set_pod_sandbox_id(s.id);
  return r;
}

StatusOr<v1::StopPodSandboxResponse> FakeRuntime::StopPodSandbox(const v1::StopPodSandboxRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("StopPodSandbox"));
  std::lock_guard lock(mu_);
  auto it = sandboxes_.find(request.pod_sandbox_id());
  if (it == sandboxes_.end()) {
    return RpcNotFound("an error occurred when try to find sandbox \"" + request.pod_sandbox_id() + "\": not found");
  }
  for (auto& [id, c] : containers_) {
    if (c.sandbox_id == it->first && c.state == v1::CONTAINER_RUNNING) FinishLocked(c, stop_exit_code_, "");
  }
  it->second.state = v1::SANDBOX_NOTREADY;
  return v1::StopPodSandboxResponse();
}

StatusOr<v1::RemovePodSandboxResponse> FakeRuntime::RemovePodSandbox(const v1::RemovePodSandboxRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("RemovePodSandbox"));
  std::lock_guard lock(mu_);
  auto it = sandboxes_.find(request.pod_sandbox_id());
  if (it == sandboxes_.end()) return v1::RemovePodSandboxResponse();  // idempotent
  if (it->second.state == v1::SANDBOX_READY) {
    return RpcUnknown("sandbox container \"" + it->first + "\" is not fully stopped");
  }
  std::erase_if(containers_, [&](const auto& entry) { return entry.second.sandbox_id == it->first; });
  sandboxes_.erase(it);
  return v1::RemovePodSandboxResponse();
}

StatusOr<v1::PodSandboxStatusResponse> FakeRuntime::PodSandboxStatus(const v1::PodSandboxStatusRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("PodSandboxStatus"));
  std::lock_guard lock(mu_);
  auto it = sandboxes_.find(request.pod_sandbox_id());
  if (it == sandboxes_.end()) {
    return RpcNotFound("an error occurred when try to find sandbox: not found");
  }
  const Sandbox& s = it->second;
  v1::PodSandboxStatusResponse r;
  v1::PodSandboxStatus* st = r.mutable_status();
  st->set_id(s.id);
  *st->mutable_metadata() = s.config.metadata();
  st->set_state(s.state);
  st->set_created_at(s.created_at);
  st->mutable_network()->set_ip(s.ip);
  *st->mutable_linux()->mutable_namespaces()->mutable_options() =
      s.config.linux().security_context().namespace_options();
  *st->mutable_labels() = s.config.labels();
  *st->mutable_annotations() = s.config.annotations();
  st->set_runtime_handler(s.runtime_handler);
  r.set_timestamp(NowNanos());
  return r;
}

StatusOr<v1::ListPodSandboxResponse> FakeRuntime::ListPodSandbox(const v1::ListPodSandboxRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ListPodSandbox"));
  std::lock_guard lock(mu_);
  const v1::PodSandboxFilter& f = request.filter();
  v1::ListPodSandboxResponse r;
  for (const auto& [id, s] : sandboxes_) {
    if (!IdMatches(id, f.id())) continue;
    if (f.has_state() && f.state().state() != s.state) continue;
    if (!LabelsMatch(s.config.labels(), f.label_selector())) continue;
    v1::PodSandbox* item = r.add_items();
    item->set_id(id);
    *item->mutable_metadata() = s.config.metadata();
    item->set_state(s.state);
    item->set_created_at(s.created_at);
    *item->mutable_labels() = s.config.labels();
    *item->mutable_annotations() = s.config.annotations();
    item->set_runtime_handler(s.runtime_handler);
  }
  return r;
}

StatusOr<v1::CreateContainerResponse> FakeRuntime::CreateContainer(const v1::CreateContainerRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("CreateContainer"));
  std::lock_guard lock(mu_);
  auto sandbox = sandboxes_.find(request.pod_sandbox_id());
  if (sandbox == sandboxes_.end()) {
    return RpcNotFound("failed to find sandbox id \"" + request.pod_sandbox_id() + "\": not found");
  }
  if (sandbox->second.state != v1::SANDBOX_READY) {
    return RpcUnknown("sandbox \"" + sandbox->first + "\" is not running");
  }
  const v1::ContainerMetadata& meta = request.config().metadata();
  for (const auto& [id, c] : containers_) {
    if (c.sandbox_id == sandbox->first && c.config.metadata().name() == meta.name() &&
        c.config.metadata().attempt() == meta.attempt()) {
      return RpcUnknown("failed to reserve container name \"" + meta.name() + "_" + std::to_string(meta.attempt()) +
                        "\": name is reserved for \"" + id + "\"");
    }
  }
  const FakeImage* image = FindImageLocked(request.config().image().image());
  if (!image) {
    return RpcNotFound("failed to get image \"" + request.config().image().image() + "\": not found");
  }
  Container c;
  c.id = NewIdLocked();
  c.sandbox_id = sandbox->first;
  c.config = request.config();
  c.image_id = image->id;
  c.created_at = NowNanos();
  c.resources = request.config().linux().resources();
  if (!request.config().log_path().empty()) {
    c.log_path = sandbox->second.config.log_directory() + "/" + request.config().log_path();
  }
  containers_[c.id] = c;
  v1::CreateContainerResponse r;
  r.set_container_id(c.id);
  return r;
}

StatusOr<v1::StartContainerResponse> FakeRuntime::StartContainer(const v1::StartContainerRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("StartContainer"));
  std::lock_guard lock(mu_);
  auto it = containers_.find(request.container_id());
  if (it == containers_.end()) {
    return RpcNotFound("an error occurred when try to find container \"" + request.container_id() + "\": not found");
  }
  if (it->second.state != v1::CONTAINER_CREATED) {
    return RpcUnknown("failed to start container \"" + it->first + "\": container is in " +
                      v1::ContainerState_Name(it->second.state) + " state");
  }
  it->second.state = v1::CONTAINER_RUNNING;
  it->second.started_at = NowNanos();
  return v1::StartContainerResponse();
}

StatusOr<v1::StopContainerResponse> FakeRuntime::StopContainer(const v1::StopContainerRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("StopContainer"));
  std::lock_guard lock(mu_);
  stops_.push_back(request);
  auto it = containers_.find(request.container_id());
  if (it == containers_.end()) {
    return RpcNotFound("an error occurred when try to find container \"" + request.container_id() + "\": not found");
  }
  if (it->second.state == v1::CONTAINER_RUNNING) FinishLocked(it->second, stop_exit_code_, "");
  return v1::StopContainerResponse();
}

StatusOr<v1::RemoveContainerResponse> FakeRuntime::RemoveContainer(const v1::RemoveContainerRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("RemoveContainer"));
  std::lock_guard lock(mu_);
  containers_.erase(request.container_id());  // idempotent; a running container is killed with it
  return v1::RemoveContainerResponse();
}

StatusOr<v1::ListContainersResponse> FakeRuntime::ListContainers(const v1::ListContainersRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ListContainers"));
  std::lock_guard lock(mu_);
  const v1::ContainerFilter& f = request.filter();
  v1::ListContainersResponse r;
  for (const auto& [id, c] : containers_) {
    if (!IdMatches(id, f.id())) continue;
    if (!IdMatches(c.sandbox_id, f.pod_sandbox_id())) continue;
    if (f.has_state() && f.state().state() != c.state) continue;
    if (!LabelsMatch(c.config.labels(), f.label_selector())) continue;
    v1::ContainerStatus status = StatusOfLocked(c);
    v1::Container* item = r.add_containers();
    item->set_id(id);
    item->set_pod_sandbox_id(c.sandbox_id);
    *item->mutable_metadata() = c.config.metadata();
    *item->mutable_image() = status.image();
    item->set_image_ref(status.image_ref());
    item->set_image_id(c.image_id);
    item->set_state(c.state);
    item->set_created_at(c.created_at);
    *item->mutable_labels() = c.config.labels();
    *item->mutable_annotations() = c.config.annotations();
  }
  return r;
}

StatusOr<v1::ContainerStatusResponse> FakeRuntime::ContainerStatus(const v1::ContainerStatusRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ContainerStatus"));
  std::lock_guard lock(mu_);
  auto it = containers_.find(request.container_id());
  if (it == containers_.end()) {
    return RpcNotFound("an error occurred when try to find container \"" + request.container_id() + "\": not found");
  }
  v1::ContainerStatusResponse r;
  *r.mutable_status() = StatusOfLocked(it->second);
  return r;
}

StatusOr<v1::UpdateContainerResourcesResponse> FakeRuntime::UpdateContainerResources(
    const v1::UpdateContainerResourcesRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("UpdateContainerResources"));
  std::lock_guard lock(mu_);
  auto it = containers_.find(request.container_id());
  if (it == containers_.end()) {
    return RpcNotFound("an error occurred when try to find container \"" + request.container_id() + "\": not found");
  }
  it->second.resources = request.linux();
  return v1::UpdateContainerResourcesResponse();
}

StatusOr<v1::ReopenContainerLogResponse> FakeRuntime::ReopenContainerLog(const v1::ReopenContainerLogRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ReopenContainerLog"));
  std::lock_guard lock(mu_);
  auto it = containers_.find(request.container_id());
  if (it == containers_.end()) {
    return RpcNotFound("an error occurred when try to find container \"" + request.container_id() + "\": not found");
  }
  if (it->second.state != v1::CONTAINER_RUNNING) {
    return RpcFailedPrecondition("container is not running");
  }
  return v1::ReopenContainerLogResponse();
}

StatusOr<v1::ExecSyncResponse> FakeRuntime::ExecSync(const v1::ExecSyncRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ExecSync"));
  ExecHandler handler;
  {
    std::lock_guard lock(mu_);
    auto it = containers_.find(request.container_id());
    if (it == containers_.end()) {
      return RpcNotFound("failed to find container \"" + request.container_id() + "\" in store: not found");
    }
    if (it->second.state != v1::CONTAINER_RUNNING) {
      return RpcUnknown("failed to exec in container: container is in " + v1::ContainerState_Name(it->second.state) +
                        " state");
    }
    handler = exec_handler_;
  }
  if (!handler) return v1::ExecSyncResponse();
  return handler(request.container_id(), std::vector<std::string>(request.cmd().begin(), request.cmd().end()));
}

StatusOr<v1::ExecResponse> FakeRuntime::Exec(const v1::ExecRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("Exec"));
  std::lock_guard lock(mu_);
  auto it = containers_.find(request.container_id());
  if (it == containers_.end()) {
    return RpcNotFound("failed to find container \"" + request.container_id() + "\" in store: not found");
  }
  if (it->second.state != v1::CONTAINER_RUNNING) {
    return RpcUnknown("container is in " + v1::ContainerState_Name(it->second.state) + " state");
  }
  v1::ExecResponse r;
  r.set_url(stream_base_url_ + "/exec/" + it->first.substr(0, 8));
  return r;
}

StatusOr<v1::AttachResponse> FakeRuntime::Attach(const v1::AttachRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("Attach"));
  std::lock_guard lock(mu_);
  auto it = containers_.find(request.container_id());
  if (it == containers_.end()) {
    return RpcNotFound("failed to find container \"" + request.container_id() + "\" in store: not found");
  }
  v1::AttachResponse r;
  r.set_url(stream_base_url_ + "/attach/" + it->first.substr(0, 8));
  return r;
}

StatusOr<v1::PortForwardResponse> FakeRuntime::PortForward(const v1::PortForwardRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("PortForward"));
  std::lock_guard lock(mu_);
  auto it = sandboxes_.find(request.pod_sandbox_id());
  if (it == sandboxes_.end()) {
    return RpcNotFound("failed to find sandbox \"" + request.pod_sandbox_id() + "\" in store: not found");
  }
  v1::PortForwardResponse r;
  r.set_url(stream_base_url_ + "/portforward/" + it->first.substr(0, 8));
  return r;
}

StatusOr<v1::ContainerStatsResponse> FakeRuntime::ContainerStats(const v1::ContainerStatsRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ContainerStats"));
  std::lock_guard lock(mu_);
  auto it = containers_.find(request.container_id());
  if (it == containers_.end()) {
    return RpcNotFound("an error occurred when try to find container \"" + request.container_id() + "\": not found");
  }
  v1::ContainerStatsResponse r;
  *r.mutable_stats() = StatsOfLocked(it->second);
  return r;
}

StatusOr<v1::ListContainerStatsResponse> FakeRuntime::ListContainerStats(const v1::ListContainerStatsRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ListContainerStats"));
  std::lock_guard lock(mu_);
  const v1::ContainerStatsFilter& f = request.filter();
  v1::ListContainerStatsResponse r;
  for (const auto& [id, c] : containers_) {
    // As containerd: stats of running containers only.
    if (c.state != v1::CONTAINER_RUNNING) continue;
    if (!IdMatches(id, f.id()) || !IdMatches(c.sandbox_id, f.pod_sandbox_id())) continue;
    if (!LabelsMatch(c.config.labels(), f.label_selector())) continue;
    *r.add_stats() = StatsOfLocked(c);
  }
  return r;
}

StatusOr<v1::PodSandboxStatsResponse> FakeRuntime::PodSandboxStats(const v1::PodSandboxStatsRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("PodSandboxStats"));
  std::lock_guard lock(mu_);
  auto it = sandboxes_.find(request.pod_sandbox_id());
  if (it == sandboxes_.end()) {
    return RpcNotFound("an error occurred when try to find sandbox \"" + request.pod_sandbox_id() + "\": not found");
  }
  v1::PodSandboxStatsResponse r;
  v1::PodSandboxStats* stats = r.mutable_stats();
  stats->mutable_attributes()->set_id(it->first);
  *stats->mutable_attributes()->mutable_metadata() = it->second.config.metadata();
  *stats->mutable_attributes()->mutable_labels() = it->second.config.labels();
  *stats->mutable_attributes()->mutable_annotations() = it->second.config.annotations();
  uint64_t cpu = 0, memory = 0;
  int64_t now = NowNanos();
  for (const auto& [id, c] : containers_) {
    if (c.sandbox_id != it->first || c.state != v1::CONTAINER_RUNNING) continue;
    cpu += c.cpu_core_nanos;
    memory += c.working_set_bytes;
    *stats->mutable_linux()->add_containers() = StatsOfLocked(c);
  }
  stats->mutable_linux()->mutable_cpu()->set_timestamp(now);
  stats->mutable_linux()->mutable_cpu()->mutable_usage_core_nano_seconds()->set_value(cpu);
  stats->mutable_linux()->mutable_memory()->set_timestamp(now);
  stats->mutable_linux()->mutable_memory()->mutable_working_set_bytes()->set_value(memory);
  return r;
}

StatusOr<v1::ListPodSandboxStatsResponse> FakeRuntime::ListPodSandboxStats(
    const v1::ListPodSandboxStatsRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ListPodSandboxStats"));
  std::vector<std::string> ids;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, s] : sandboxes_) {
      if (s.state != v1::SANDBOX_READY || !IdMatches(id, request.filter().id())) continue;
      if (!LabelsMatch(s.config.labels(), request.filter().label_selector())) continue;
      ids.push_back(id);
    }
  }
  v1::ListPodSandboxStatsResponse r;
  for (const std::string& id : ids) {
    v1::PodSandboxStatsRequest one;
    one.set_pod_sandbox_id(id);
    auto stats = PodSandboxStats(one);
    if (stats.ok()) *r.add_stats() = stats->stats();  // a sandbox removed meanwhile is skipped
  }
  return r;
}

StatusOr<v1::UpdateRuntimeConfigResponse> FakeRuntime::UpdateRuntimeConfig(
    const v1::UpdateRuntimeConfigRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("UpdateRuntimeConfig"));
  std::lock_guard lock(mu_);
  pod_cidr_ = request.runtime_config().network_config().pod_cidr();
  return v1::UpdateRuntimeConfigResponse();
}

StatusOr<v1::StatusResponse> FakeRuntime::Status(const v1::StatusRequest&) {
  KUBEPP_RETURN_IF_ERROR(Enter("Status"));
  std::lock_guard lock(mu_);
  v1::StatusResponse r;
  for (const auto& [type, c] : conditions_) *r.mutable_status()->add_conditions() = c;
  r.add_runtime_handlers();  // the default handler
  return r;
}

// --- ImageService ---

StatusOr<v1::ListImagesResponse> FakeRuntime::ListImages(const v1::ListImagesRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ListImages"));
  std::lock_guard lock(mu_);
  v1::ListImagesResponse r;
  const FakeImage* only = nullptr;
  if (!request.filter().image().image().empty()) {
    only = FindImageLocked(request.filter().image().image());
    if (!only) return r;
  }
  for (const auto& [id, image] : images_) {
    if (only && only != &image) continue;
    v1::Image* item = r.add_images();
    item->set_id(id);
    for (const std::string& tag : image.tags) {
      item->add_repo_tags(tag);
      item->add_repo_digests(Repository(tag) + "@" + id);
    }
    item->set_size(image.size);
    item->set_pinned(image.pinned);
  }
  return r;
}

StatusOr<v1::ImageStatusResponse> FakeRuntime::ImageStatus(const v1::ImageStatusRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("ImageStatus"));
  std::lock_guard lock(mu_);
  v1::ImageStatusResponse r;
  const FakeImage* image = FindImageLocked(request.image().image());
  if (!image) return r;
  v1::Image* out = r.mutable_image();
  out->set_id(image->id);
  for (const std::string& tag : image->tags) {
    out->add_repo_tags(tag);
    out->add_repo_digests(Repository(tag) + "@" + image->id);
  }
  out->set_size(image->size);
  out->set_pinned(image->pinned);
  return r;
}

StatusOr<v1::PullImageResponse> FakeRuntime::PullImage(const v1::PullImageRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("PullImage"));
  std::lock_guard lock(mu_);
  pulls_.push_back(request);
  std::string name = NormalizeReference(request.image().image());
  auto it = pullable_.find(name);
  if (it == pullable_.end()) {
    return RpcNotFound("failed to pull and unpack image \"" + name + "\": failed to resolve reference \"" + name +
                       "\": " + name + ": not found");
  }
  if (!it->second.username.empty()) {
    const v1::AuthConfig& auth = request.auth();
    bool by_fields = auth.username() == it->second.username && auth.password() == it->second.password;
    bool by_auth = auth.auth() == Base64(it->second.username + ":" + it->second.password);
    if (!by_fields && !by_auth) {
      std::string host = name.substr(0, name.find('/'));
      return RpcUnknown("failed to pull and unpack image \"" + name + "\": failed to resolve reference \"" + name +
                        "\": pulling from host " + host + " failed with status code [manifests " +
                        name.substr(name.rfind(':') + 1) + "]: 401 Unauthorized");
    }
  }
  v1::PullImageResponse r;
  r.set_image_ref(AddImageLocked(name));
  return r;
}

StatusOr<v1::RemoveImageResponse> FakeRuntime::RemoveImage(const v1::RemoveImageRequest& request) {
  KUBEPP_RETURN_IF_ERROR(Enter("RemoveImage"));
  std::lock_guard lock(mu_);
  if (const FakeImage* image = FindImageLocked(request.image().image())) images_.erase(image->id);
  return v1::RemoveImageResponse();
}

StatusOr<v1::ImageFsInfoResponse> FakeRuntime::ImageFsInfo(const v1::ImageFsInfoRequest&) {
  KUBEPP_RETURN_IF_ERROR(Enter("ImageFsInfo"));
  std::lock_guard lock(mu_);
  v1::ImageFsInfoResponse r;
  v1::FilesystemUsage* fs = r.add_image_filesystems();
  fs->set_timestamp(NowNanos());
  fs->mutable_fs_id()->set_mountpoint(image_fs_mountpoint_);
  uint64_t used = 0;
  for (const auto& [id, image] : images_) used += image.size;
  fs->mutable_used_bytes()->set_value(used);
  fs->mutable_inodes_used()->set_value(images_.size() * 100);
  return r;
}

}  // namespace kubepp::fakes
