// The machine-wide figures of the Summary API that come from /proc rather
// than from a cgroup: boot time, memory capacity and swap, network counters
// (of the node, or of a pod's network namespace through one of its
// processes), and the task limits upstream reports as "rlimit".
//
// `proc_root` is /proc on a real node; tests point it at fixture files.
//
// Thread safety: immutable after construction; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kubelet/stats/summary.h"

namespace kubepp::kubelet::stats {

// The name upstream's kubelet treats as a pod's default interface.
inline constexpr const char* kPodDefaultInterface = "eth0";

class HostProc {
 public:
  explicit HostProc(std::string proc_root = "/proc") : root_(std::move(proc_root)) {}

  // When the machine booted (the node's startTime); Time{} when unknown.
  Time BootTime() const;
  // MemTotal: the memory limit of the node as a whole.
  std::optional<uint64_t> MemoryCapacity() const;
  // CPU time the machine spent busy since boot (/proc/stat), for machines
  // whose root cgroup does not account CPU.
  std::optional<uint64_t> BusyCpuNanos() const;
  // Swap in use and free (SwapTotal - SwapFree, SwapFree); nullopt without
  // a SwapTotal line.
  std::optional<SwapStats> Swap(Time now) const;
  // The host's interfaces (the kubelet runs in the host network namespace),
  // the default route's interface as the default one.
  std::optional<NetworkStats> NodeNetwork(Time now) const;
  // The interfaces in the network namespace of process `pid` (a process of
  // the pod), with eth0 as the default one.
  std::optional<NetworkStats> ProcessNetwork(int pid, Time now) const;
  // maxpid: the smaller of kernel.pid_max and kernel.threads-max; curproc:
  // the tasks on the system (/proc/loadavg).
  RlimitStats Rlimit(Time now) const;

 private:
  std::optional<NetworkStats> Network(const std::string& net_dev_path,
                                      const std::string& default_name, Time now) const;

  std::string root_;
};

}  // namespace kubepp::kubelet::stats
