// PluginStatus: what a plugin says about a pod at an extension point. The
// code decides what happens to the pod next; reasons are the short texts
// that FailedScheduling messages count per node ("Insufficient cpu").
//
// Thread safety: a plain value.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kubepp::scheduler::framework {

enum class Code {
  // The plugin is content; the pod goes on to the next plugin / extension point.
  kSuccess,
  // Something broke (not the pod's fault): the cycle stops and the pod is
  // retried after back-off; no preemption is tried.
  kError,
  // The pod does not fit this node now; other nodes are still tried, and
  // PostFilter (preemption) may make room by evicting lower-priority pods.
  kUnschedulable,
  // The pod can never fit this node whatever is evicted (node selector,
  // taints): preemption skips the node.
  kUnschedulableAndUnresolvable,
  // Permit only: the pod waits (up to a timeout) before binding.
  kWait,
  // PreFilter/PreScore only: the plugin has nothing to do for this pod, so its
  // Filter/Score is not called in this cycle.
  kSkip,
  // PreEnqueue only: the pod stays out of the active queue until an event
  // makes it ready (scheduling gates removed).
  kPending,
};

class PluginStatus {
 public:
  PluginStatus() = default;
  PluginStatus(Code code, std::string reason) : code_(code) { reasons_.push_back(std::move(reason)); }
  PluginStatus(Code code, std::vector<std::string> reasons) : code_(code), reasons_(std::move(reasons)) {}
  static PluginStatus Ok() { return {}; }

  Code code() const { return code_; }
  bool ok() const { return code_ == Code::kSuccess; }
  bool IsSkip() const { return code_ == Code::kSkip; }
  bool IsWait() const { return code_ == Code::kWait; }
  // Unschedulable or UnschedulableAndUnresolvable: the node (or the pod) was rejected.
  bool IsRejected() const { return code_ == Code::kUnschedulable || code_ == Code::kUnschedulableAndUnresolvable; }
  const std::vector<std::string>& reasons() const { return reasons_; }
  std::string Message() const;
  // The plugin that returned this status (set by the framework).
  const std::string& plugin() const { return plugin_; }
  PluginStatus& WithPlugin(std::string name) {
    plugin_ = std::move(name);
    return *this;
  }

 private:
  Code code_ = Code::kSuccess;
  std::vector<std::string> reasons_;
  std::string plugin_;
};

inline std::string PluginStatus::Message() const {
  std::string out;
  for (const auto& r : reasons_) {
    if (!out.empty()) out += ", ";
    out += r;
  }
  return out;
}

}  // namespace kubepp::scheduler::framework
