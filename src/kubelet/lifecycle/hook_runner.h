// HookRunner: runs a container's lifecycle handler — postStart after the
// container starts, preStop before it is stopped — as upstream's
// lifecycle.handlerRunner does:
//   - exec runs the command in the container (CRI ExecSync); a non-zero exit
//     or a failed call fails the hook;
//   - httpGet sends GET to host (default: the pod's IP), port (a number or a
//     container port's name) and path with the handler's headers and
//     "User-Agent: kube-lifecycle/<version>"; redirects are followed on the
//     same host; any response, whatever its status, is a success. An https
//     hook answered in plain HTTP is retried over http, and a
//     "LifecycleHTTPFallback" warning event tells so;
//   - sleep waits its seconds;
//   - any other handler (tcpSocket is accepted by the API but never ran)
//     fails with "Cannot run handler: invalid handler: ...".
// A failure's text is what the FailedPostStartHook / FailedPreStopHook
// event carries ("Exec lifecycle hook ([sh -c exit 3]) for Container \"c\"
// in Pod \"p_ns(uid)\" failed - error: ..., message: \"...\"").
//
// Thread safety: Run may be called from any thread, concurrently.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "base/clock.h"
#include "kubelet/prober/probe_spec.h"

namespace kubepp::client {
class EventRecorder;
}

namespace kubepp::kubelet {

namespace cri {
class RuntimeService;
}

class HookRunner {
 public:
  HookRunner(cri::RuntimeService& runtime, client::EventRecorder& recorder, Clock& clock);

  struct Target {
    const boost::json::object& pod;
    const boost::json::object& container;  // its spec
    std::string container_id;
    std::string sandbox_id;  // asked for the pod's IP when `pod_ip` is empty
    std::string pod_ip;
  };

  // "" when the handler succeeded, else why it failed. Takes at most
  // `budget` (upstream's preStop gets the grace period).
  std::string Run(const boost::json::object& handler, const Target& target, Clock::Duration budget);

 private:
  std::string RunExec(const std::vector<std::string>& command, const Target& target,
                      Clock::Duration budget);
  std::string RunHttpGet(const prober::ProbeSpec& spec, const Target& target,
                         Clock::Duration budget);
  void Sleep(Clock::Duration duration);

  cri::RuntimeService& runtime_;
  client::EventRecorder& recorder_;
  Clock& clock_;
};

}  // namespace kubepp::kubelet
