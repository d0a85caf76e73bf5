#include "kubelet/server_hooks.h"

#include "base/log.h"
#include "kubelet/logs/log_container.h"

namespace kubepp::kubelet {
namespace {

namespace v1 = ::runtime::v1;

std::string WithoutRuntimePrefix(const std::string& id) {
  size_t sep = id.find("://");
  return sep == std::string::npos ? id : id.substr(sep + 3);
}

const boost::json::object& StatusOf(const boost::json::object& pod) {
  static const boost::json::object kEmpty;
  auto it = pod.find("status");
  return it != pod.end() && it->value().is_object() ? it->value().as_object() : kEmpty;
}

bool ContainerRunning(cri::RuntimeService& runtime, const std::string& id) {
  v1::ContainerStatusRequest request;
  request.set_container_id(id);
  auto status = runtime.ContainerStatus(request);
  return status.ok() && status->status().state() == v1::CONTAINER_RUNNING;
}

}  // namespace

server::KubeletServerHooks MakeServerHooks(KubeletState state, cri::RuntimeService& runtime) {
  auto shared = std::make_shared<KubeletState>(std::move(state));
  server::KubeletServerHooks hooks;
  hooks.list_pods = [shared] { return shared->pods(); };
  hooks.get_pod = [shared](std::string_view ns, std::string_view name) -> client::ObjectPtr {
    for (const auto& pod : shared->pods()) {
      if (client::NamespaceOf(*pod) == ns && client::NameOf(*pod) == name) return pod;
    }
    return nullptr;
  };

  hooks.resolve_log = [shared, &runtime](
                          const server::ContainerLogRequest& r) -> StatusOr<server::ContainerLogTarget> {
    const std::string uid(client::UidOf(*r.pod));
    // The kubelet's own latest status knows of restarts before the API does.
    std::optional<boost::json::object> status = shared->last_status(uid);
    const boost::json::object& pod_status = status ? *status : StatusOf(*r.pod);
    auto id = logs::ContainerIdForLogs(pod_status, client::NameOf(*r.pod), r.container, r.previous);
    if (!id.ok()) return id.status();
    const std::string container_id = WithoutRuntimePrefix(*id);
    v1::ContainerStatusRequest request;
    request.set_container_id(container_id);
    auto found = runtime.ContainerStatus(request);
    if (!found.ok() || found->status().log_path().empty()) {
      if (!found.ok()) {
        VLOG(4) << "ContainerStatus " << container_id << ": " << found.status().ToString();
      }
      return Status::BadRequest("unable to retrieve container logs for " + *id);
    }
    return server::ContainerLogTarget{found->status().log_path(),
                                      [&runtime, container_id] { return ContainerRunning(runtime, container_id); }};
  };

  hooks.resolve_stream = [shared, &runtime](const server::StreamRequest& r) -> StatusOr<std::string> {
    const std::string uid(client::UidOf(*r.pod));
    auto pod_status = shared->runtime_status(uid);
    if (!pod_status.ok()) return pod_status.status();
    if (r.kind == server::StreamRequest::Kind::kPortForward) {
      if (pod_status->sandboxes.empty()) {
        return Status::Internal("pod not found (\"" + std::string(client::NameOf(*r.pod)) + "_" +
                                std::string(client::NamespaceOf(*r.pod)) + "\")");
      }
      v1::PortForwardRequest request;
      request.set_pod_sandbox_id(pod_status->sandboxes.front().id);
      for (int32_t port : r.ports) request.add_port(port);
      auto answer = runtime.PortForward(request);
      if (!answer.ok()) return answer.status();
      return answer->url();
    }
    const ContainerRuntimeStatus* container = pod_status->Newest(r.container);
    if (!container || container->state != ContainerState::kRunning) {
      return Status::Internal("container not found (\"" + r.container + "\")");
    }
    if (r.kind == server::StreamRequest::Kind::kExec) {
      v1::ExecRequest request;
      request.set_container_id(container->id);
      for (const auto& arg : r.command) request.add_cmd(arg);
      request.set_tty(r.tty);
      request.set_stdin(r.input);
      request.set_stdout(r.output);
      request.set_stderr(r.error);
      auto answer = runtime.Exec(request);
      if (!answer.ok()) return answer.status();
      return answer->url();
    }
    v1::AttachRequest request;
    request.set_container_id(container->id);
    request.set_tty(r.tty);
    request.set_stdin(r.input);
    request.set_stdout(r.output);
    request.set_stderr(r.error);
    auto answer = runtime.Attach(request);
    if (!answer.ok()) return answer.status();
    return answer->url();
  };
  return hooks;
}

}  // namespace kubepp::kubelet
