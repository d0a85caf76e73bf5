// What a hollow kubelet reports about a pod it "runs": the Running status a
// kubelet writes once the sandbox and containers are up, and, for pods that
// say how long they run, the Succeeded/Failed status when they finish.
//
// Which pods finish (so Jobs complete on hollow nodes), unless
// restartPolicy is Always (such containers would only restart):
//   - annotation hollow.kubepp.io/run-seconds=N: finishes N s after start,
//     with exit code hollow.kubepp.io/exit-code (default 0);
//   - otherwise the first container's command+args read as a shell line:
//     "true" / "exit 0" (0 s, code 0), "false" (0 s, code 1), "exit N"
//     (0 s, code N), "sleep N" (N s, code 0), also wrapped in `sh -c '...'`.
// Every other pod runs until deleted.
//
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "base/clock.h"

namespace kubepp::hollow {

inline constexpr std::string_view kRunSecondsAnnotation = "hollow.kubepp.io/run-seconds";
inline constexpr std::string_view kExitCodeAnnotation = "hollow.kubepp.io/exit-code";

struct PlannedExit {
  int64_t run_seconds = 0;
  int exit_code = 0;
};
std::optional<PlannedExit> PlanExit(const boost::json::object& pod);

// Where the pod runs, for hostIP(s) and podIP(s).
struct PodPlacement {
  std::string host_ip;
  std::string pod_ip;
};

// `pod` with its status replaced by what a kubelet reports for running
// containers started at `now` (pod IP, startTime and PodScheduled's
// transition time are kept when already set).
boost::json::object RunningPod(const boost::json::object& pod, const PodPlacement& placement,
                               Clock::TimePoint now);
// `pod` (Running) with every container terminated with `exit_code` at `now`:
// phase Succeeded for 0, else Failed.
boost::json::object FinishedPod(const boost::json::object& pod, int exit_code, Clock::TimePoint now);

// True when `pod` already shows the status RunningPod writes (phase Running
// and a status for every container).
bool ReportedRunning(const boost::json::object& pod);

}  // namespace kubepp::hollow
