#include "kubelet/lifecycle/hook_runner.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "base/go_quote.h"
#include "client/event_recorder.h"
#include "kubelet/cri/runtime_service.h"
#include "kubelet/json_access.h"
#include "kubelet/prober/dial.h"
#include "kubelet/prober/http_probe.h"
#include "kubelet/pod_fields.h"
#include "kubelet/prober/probe_spec.h"

namespace kubepp::kubelet {
namespace json = boost::json;
namespace v1 = ::runtime::v1;

namespace {

std::string ContainerText(const HookRunner::Target& target) {
  return GoQuote(StringIn(&target.container, "name")) + " in Pod " + GoQuote(FormatPod(target.pod));
}

std::string JoinWords(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += separator;
    out += w;
  }
  return out;
}

int64_t WholeSeconds(Clock::Duration d) {
  return std::max<int64_t>(1, std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

}  // namespace

HookRunner::HookRunner(cri::RuntimeService& runtime, client::EventRecorder& recorder, Clock& clock)
    : runtime_(runtime), recorder_(recorder), clock_(clock) {}

std::string HookRunner::Run(const json::object& handler, const Target& target,
                            Clock::Duration budget) {
  // A lifecycle handler has the action fields of a probe, plus sleep.
  prober::ProbeSpec spec = prober::ParseHandler(handler);
  using Kind = prober::ProbeSpec::Handler;
  if (spec.handler == Kind::kExec) return RunExec(spec.command, target, budget);
  if (spec.handler == Kind::kHttpGet) return RunHttpGet(spec, target, budget);
  if (const json::object* sleep = ObjectIn(&handler, "sleep")) {
    const json::value* seconds = sleep->if_contains("seconds");
    int64_t n = seconds && seconds->is_int64() ? seconds->get_int64() : 0;
    Sleep(std::min<Clock::Duration>(std::chrono::seconds(n), budget));
    return "";
  }
  return "Cannot run handler: invalid handler: " + json::serialize(handler);
}

std::string HookRunner::RunExec(const std::vector<std::string>& command, const Target& target,
                                Clock::Duration budget) {
  v1::ExecSyncRequest request;
  request.set_container_id(target.container_id);
  for (const auto& c : command) *request.add_cmd() = c;
  request.set_timeout(WholeSeconds(budget));
  auto run = runtime_.ExecSync(request);
  std::string error, output;
  if (!run.ok()) {
    error = run.status().message();
  } else if (run->exit_code() != 0) {
    // The CRI client's CodeExitError: the command, its code and its stderr.
    error = "command '" + JoinWords(command, " ") + "' exited with " +
            std::to_string(run->exit_code()) + ": " + run->stderr();
    output = run->stdout() + run->stderr();
  } else {
    return "";
  }
  return "Exec lifecycle hook ([" + JoinWords(command, " ") + "]) for Container " +
         ContainerText(target) + " failed - error: " + error + ", message: " + GoQuote(output);
}

std::string HookRunner::RunHttpGet(const prober::ProbeSpec& spec, const Target& target,
                                   Clock::Duration budget) {
  auto fail = [&](const std::string& error) {
    return "HTTP lifecycle hook (" + spec.http_path + ") for Container " + ContainerText(target) +
           " failed - error: " + error;
  };
  std::string pod_ip = target.pod_ip;
  if (spec.http_host.empty() && pod_ip.empty()) {
    v1::PodSandboxStatusRequest request;
    request.set_pod_sandbox_id(target.sandbox_id);
    auto status = runtime_.PodSandboxStatus(request);
    if (!status.ok()) return fail(status.status().message());
    pod_ip = status->status().network().ip();
    if (pod_ip.empty())
      return fail("failed to find networking container: the pod's sandbox has no IP");
  }
  auto request = prober::NewHttpProbeRequest(spec, target.container, pod_ip, "lifecycle");
  if (!request.ok()) return fail(request.status().message());
  auto result =
      prober::DoHttpHook(*request, std::chrono::duration_cast<std::chrono::milliseconds>(budget));
  if (result.fell_back_to_http) {
    recorder_.Event(target.pod, "Warning", "LifecycleHTTPFallback",
                    "request to HTTPS lifecycle hook " +
                        prober::JoinHostPort(request->host, request->port) +
                        " got HTTP response, retry with HTTP succeeded");
  }
  return result.error.empty() ? "" : fail(result.error);
}

void HookRunner::Sleep(Clock::Duration duration) {
  std::mutex mu;
  std::condition_variable cv;
  std::unique_lock lock(mu);
  clock_.WaitUntil(lock, cv, clock_.Now() + duration, [] { return false; });
}

}  // namespace kubepp::kubelet
