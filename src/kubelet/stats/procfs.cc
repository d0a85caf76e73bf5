#include "kubelet/stats/procfs.h"

#include <charconv>
#include <limits>

#include "base/strings.h"

namespace kubepp::kubelet::stats {
namespace {

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    fn(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
}

template <typename T>
std::optional<T> ParseNumber(std::string_view s, int base = 10) {
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<uint64_t> ParseProcStatBusyNanos(std::string_view proc_stat,
                                               int64_t ticks_per_second) {
  if (ticks_per_second <= 0) return std::nullopt;
  std::optional<uint64_t> result;
  ForEachLine(proc_stat, [&](std::string_view line) {
    if (result) return;
    auto f = Fields(line);
    if (f.empty() || f[0] != "cpu") return;
    // user nice system idle iowait irq softirq steal [guest guest_nice]
    if (f.size() < 9) return;
    uint64_t busy = 0;
    for (size_t i : {1, 2, 3, 6, 7, 8}) {
      auto v = ParseNumber<uint64_t>(f[i]);
      if (!v) return;
      busy += *v;
    }
    const uint64_t per_tick = 1'000'000'000ULL / static_cast<uint64_t>(ticks_per_second);
    result = busy * per_tick;
  });
  return result;
}

std::optional<int64_t> ParseProcStatBootTime(std::string_view proc_stat) {
  std::optional<int64_t> result;
  ForEachLine(proc_stat, [&](std::string_view line) {
    auto f = Fields(line);
    if (f.size() == 2 && f[0] == "btime") result = ParseNumber<int64_t>(f[1]);
  });
  return result;
}

std::map<std::string, uint64_t, std::less<>> ParseMeminfo(std::string_view meminfo) {
  std::map<std::string, uint64_t, std::less<>> out;
  ForEachLine(meminfo, [&](std::string_view line) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return;
    auto f = Fields(line.substr(colon + 1));
    if (f.empty()) return;
    auto v = ParseNumber<uint64_t>(f[0]);
    if (!v) return;
    uint64_t value = *v;
    if (f.size() > 1 && f[1] == "kB") value *= 1024;
    out.emplace(std::string(line.substr(0, colon)), value);
  });
  return out;
}

std::vector<InterfaceCounters> ParseNetDev(std::string_view net_dev) {
  std::vector<InterfaceCounters> out;
  ForEachLine(net_dev, [&](std::string_view line) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return;  // the two header lines
    std::string_view name = Trim(line.substr(0, colon));
    auto f = Fields(line.substr(colon + 1));
    // Receive: bytes packets errs drop fifo frame compressed multicast;
    // Transmit: bytes packets errs drop fifo colls carrier compressed.
    if (name.empty() || f.size() < 16) return;
    auto rx_bytes = ParseNumber<uint64_t>(f[0]);
    auto rx_errors = ParseNumber<uint64_t>(f[2]);
    auto tx_bytes = ParseNumber<uint64_t>(f[8]);
    auto tx_errors = ParseNumber<uint64_t>(f[10]);
    if (!rx_bytes || !rx_errors || !tx_bytes || !tx_errors) return;
    out.push_back({std::string(name), *rx_bytes, *rx_errors, *tx_bytes, *tx_errors});
  });
  return out;
}

bool IsIgnoredInterface(std::string_view name) {
  for (std::string_view prefix : {"lo", "veth", "docker", "nerdctl"}) {
    if (name.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

std::optional<std::string> ParseDefaultRouteInterface(std::string_view net_route) {
  std::optional<std::string> best;
  int64_t best_metric = std::numeric_limits<int64_t>::max();
  ForEachLine(net_route, [&](std::string_view line) {
    // Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT
    auto f = Fields(line);
    if (f.size() < 8 || f[0] == "Iface") return;
    auto destination = ParseNumber<uint64_t>(f[1], 16);
    auto mask = ParseNumber<uint64_t>(f[7], 16);
    auto metric = ParseNumber<int64_t>(f[6]);
    if (!destination || !mask || !metric || *destination != 0 || *mask != 0) return;
    if (*metric < best_metric) {
      best_metric = *metric;
      best = std::string(f[0]);
    }
  });
  return best;
}

std::optional<int64_t> ParseLoadavgTasks(std::string_view loadavg) {
  auto f = Fields(Trim(loadavg));
  if (f.size() < 5) return std::nullopt;
  size_t slash = f[3].find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  return ParseNumber<int64_t>(f[3].substr(slash + 1));
}

std::optional<int64_t> ParseIntText(std::string_view text) {
  return ParseNumber<int64_t>(Trim(text));
}

}  // namespace kubepp::kubelet::stats
