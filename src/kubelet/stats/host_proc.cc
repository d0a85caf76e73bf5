#include "kubelet/stats/host_proc.h"

#include <unistd.h>

#include "kubelet/stats/procfs.h"
#include "kubelet/stats/read_file.h"

namespace kubepp::kubelet::stats {

Time HostProc::BootTime() const {
  auto text = ReadSmallFile(root_ + "/stat");
  if (!text) return Time{};
  auto btime = ParseProcStatBootTime(*text);
  if (!btime) return Time{};
  return Time{std::chrono::seconds(*btime)};
}

std::optional<uint64_t> HostProc::MemoryCapacity() const {
  auto text = ReadSmallFile(root_ + "/meminfo");
  if (!text) return std::nullopt;
  auto info = ParseMeminfo(*text);
  auto it = info.find("MemTotal");
  if (it == info.end()) return std::nullopt;
  return it->second;
}

std::optional<uint64_t> HostProc::BusyCpuNanos() const {
  auto text = ReadSmallFile(root_ + "/stat");
  if (!text) return std::nullopt;
  return ParseProcStatBusyNanos(*text, ::sysconf(_SC_CLK_TCK));
}

std::optional<SwapStats> HostProc::Swap(Time now) const {
  auto text = ReadSmallFile(root_ + "/meminfo");
  if (!text) return std::nullopt;
  auto info = ParseMeminfo(*text);
  auto total = info.find("SwapTotal");
  auto free = info.find("SwapFree");
  if (total == info.end() || free == info.end()) return std::nullopt;
  SwapStats s;
  s.time = now;
  s.swap_usage_bytes = total->second > free->second ? total->second - free->second : 0;
  s.swap_available_bytes = free->second;
  return s;
}

std::optional<NetworkStats> HostProc::Network(const std::string& net_dev_path,
                                              const std::string& default_name, Time now) const {
  auto text = ReadSmallFile(net_dev_path);
  if (!text) return std::nullopt;
  NetworkStats n;
  n.time = now;
  for (const InterfaceCounters& c : ParseNetDev(*text)) {
    if (IsIgnoredInterface(c.name)) continue;
    InterfaceStats i{c.name, c.rx_bytes, c.rx_errors, c.tx_bytes, c.tx_errors};
    if (c.name == default_name) n.default_interface = i;
    n.interfaces.push_back(std::move(i));
  }
  return n;
}

std::optional<NetworkStats> HostProc::NodeNetwork(Time now) const {
  std::string default_name;
  if (auto route = ReadSmallFile(root_ + "/net/route")) {
    default_name = ParseDefaultRouteInterface(*route).value_or("");
  }
  return Network(root_ + "/net/dev", default_name, now);
}

std::optional<NetworkStats> HostProc::ProcessNetwork(int pid, Time now) const {
  return Network(root_ + "/" + std::to_string(pid) + "/net/dev", kPodDefaultInterface, now);
}

RlimitStats HostProc::Rlimit(Time now) const {
  RlimitStats r;
  r.time = now;
  for (const char* file : {"/sys/kernel/pid_max", "/sys/kernel/threads-max"}) {
    auto text = ReadSmallFile(root_ + file);
    if (!text) continue;
    auto limit = ParseIntText(*text);
    if (limit && (!r.max_pid || *limit < *r.max_pid)) r.max_pid = limit;
  }
  if (auto loadavg = ReadSmallFile(root_ + "/loadavg"))
    r.running_processes = ParseLoadavgTasks(*loadavg);
  return r;
}

}  // namespace kubepp::kubelet::stats
