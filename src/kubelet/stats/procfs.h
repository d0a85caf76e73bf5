// Parsers of the /proc files the node's stats come from. Each takes the
// file's text and answers nullopt (or an empty result) for text it cannot
// read, so a missing or odd file costs one statistic, never the summary.
//
//   /proc/stat            the "cpu" line (busy time) and "btime" (boot time)
//   /proc/meminfo         "MemTotal:  16318516 kB" lines, in bytes
//   /proc/net/dev         per-interface byte and error counters
//   /proc/net/route       which interface the default route leaves through
//   /proc/loadavg         "0.50 0.40 0.30 2/3518 3715089": tasks on the system
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubepp::kubelet::stats {

// The CPU time the machine spent busy since boot, in nanoseconds: user, nice,
// system, irq, softirq and steal of the aggregate "cpu" line (guest time is
// already inside user), `ticks_per_second` being USER_HZ.
std::optional<uint64_t> ParseProcStatBusyNanos(std::string_view proc_stat,
                                               int64_t ticks_per_second);
// "btime": when the machine booted, in seconds since the epoch.
std::optional<int64_t> ParseProcStatBootTime(std::string_view proc_stat);

// Every "Key: value [kB]" line, with kB values turned into bytes.
std::map<std::string, uint64_t, std::less<>> ParseMeminfo(std::string_view meminfo);

struct InterfaceCounters {
  std::string name;
  uint64_t rx_bytes = 0, rx_errors = 0, tx_bytes = 0, tx_errors = 0;
};
// The interfaces of /proc/net/dev in file order.
std::vector<InterfaceCounters> ParseNetDev(std::string_view net_dev);
// Interfaces the node's and pods' network stats leave out, as cadvisor does:
// loopback and the host ends of container links (lo, veth*, docker*, nerdctl*).
bool IsIgnoredInterface(std::string_view name);

// The interface of the default route (destination and mask 0) with the
// lowest metric; nullopt when there is none.
std::optional<std::string> ParseDefaultRouteInterface(std::string_view net_route);

// The number of tasks (processes and threads) on the system: the part after
// '/' in the fourth field of /proc/loadavg.
std::optional<int64_t> ParseLoadavgTasks(std::string_view loadavg);

// A file holding one decimal integer ("4194304\n").
std::optional<int64_t> ParseIntText(std::string_view text);

}  // namespace kubepp::kubelet::stats
