// GET /containerLogs/{ns}/{pod}/{container}: a container's log, streamed.
// The checks and their answers follow upstream's getContainerLogs: a query
// that does not decode is 400 {"message": "Unable to decode query."}, invalid
// options 422 {"message": "Invalid request."}, an unknown pod or container
// 404, and the kubelet's own failures (a container not started yet, no
// previous instance, an unreadable log) 400 with their message.
#include <chrono>
#include <thread>

#include "api/options/pod_log_options.h"
#include "base/log.h"
#include "kubelet/logs/log_options.h"
#include "kubelet/logs/read_logs.h"
#include "kubelet/server/kubelet_handler.h"
#include "kubelet/server/responses.h"

namespace kubepp::kubelet::server {
namespace {

// A client slower than the log waits here rather than the log piling up in memory.
constexpr size_t kMaxQueuedBytes = 1 << 20;

bool WaitForClient(net::Responder& out, const std::atomic<bool>& stopping) {
  while (out.PendingBytes() > kMaxQueuedBytes) {
    if (out.Closed() || stopping) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return !out.Closed();
}

}  // namespace

void KubeletHandler::ServeContainerLogs(const std::vector<std::string>& parts, net::HttpRequest& request,
                                        std::shared_ptr<net::Responder> out) {
  const std::string& pod_namespace = parts[1];
  const std::string& pod_name = parts[2];
  const std::string& container = parts[3];

  api::QueryValues query = api::ParseQueryValues(request.query);
  // "tail" is the old spelling of tailLines; "all" means no tail.
  if (auto tail = api::FirstValue(query, "tail"); tail && !tail->empty()) {
    std::erase_if(query, [](const auto& kv) { return kv.first == "tailLines" || kv.first == "tail"; });
    if (*tail != "all") query.emplace_back("tailLines", *tail);
  }
  auto options = api::DecodePodLogOptions(query);
  if (!options.ok()) return out->Respond(TextResponse(400, "{\"message\": \"Unable to decode query.\"}"));
  if (!api::ValidatePodLogOptions(*options).empty()) {
    return out->Respond(TextResponse(422, "{\"message\": \"Invalid request.\"}"));
  }
  client::ObjectPtr pod = hooks_.get_pod ? hooks_.get_pod(pod_namespace, pod_name) : nullptr;
  if (!pod) return out->Respond(TextResponse(404, "pod \"" + pod_name + "\" does not exist"));
  if (!PodHasContainer(*pod, container)) {
    return out->Respond(TextResponse(404, "container \"" + container + "\" not found in pod \"" + pod_name + "\""));
  }
  if (stopping_) return out->Respond(TextResponse(503, "the kubelet is shutting down"));

  ContainerLogRequest log_request{pod, container, options->previous};
  logs::LogOptions log_options = logs::LogOptionsFrom(*options, Clock::Real().Now());
  // Resolving may ask the runtime and reading blocks on the file: neither
  // belongs on the server's I/O threads.
  RunStream([this, out, log_request, log_options] {
    if (!hooks_.resolve_log) return out->Respond(TextResponse(400, "container logs are not available"));
    auto target = hooks_.resolve_log(log_request);
    if (!target.ok()) return out->Respond(TextResponse(400, target.status().message()));
    auto reader = logs::ContainerLogReader::Open(target->path, log_options);
    if (!reader.ok()) return out->Respond(TextResponse(400, reader.status().message()));
    out->StartStream(200, "text/plain; charset=utf-8");
    logs::FollowControl control;
    control.container_running = target->running;
    control.stop_requested = [this, out] { return stopping_.load() || out->Closed(); };
    Status st = (*reader)->Stream(
        [this, out](logs::LogStream, std::string_view bytes) {
          if (!WaitForClient(*out, stopping_)) return false;
          out->Write(std::string(bytes));
          return true;
        },
        control);
    // Headers are out; a failure can only end the stream early.
    if (!st.ok()) KLOG(WARNING) << "reading " << target->path << ": " << st.message();
    out->End();
  });
}

}  // namespace kubepp::kubelet::server
