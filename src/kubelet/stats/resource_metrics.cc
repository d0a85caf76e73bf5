#include "kubelet/stats/resource_metrics.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "api/printers/go_text.h"

namespace kubepp::kubelet::stats {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;  // sorted by name

struct Sample {
  Labels labels;
  double value = 0;
  std::optional<int64_t> timestamp_ms;
};

struct Family {
  std::string help;
  const char* type;
  std::vector<Sample> samples;
};

class Families {
 public:
  void Add(const std::string& name, const char* stability, const char* help, const char* type,
           Sample s) {
    Family& f = families_[name];
    if (f.help.empty()) {
      f.help = std::string("[") + stability + "] " + help;
      f.type = type;
    }
    f.samples.push_back(std::move(s));
  }

  std::string Render() {
    std::string out;
    for (auto& [name, f] : families_) {
      std::sort(f.samples.begin(), f.samples.end(), [](const Sample& a, const Sample& b) {
        for (size_t i = 0; i < a.labels.size() && i < b.labels.size(); ++i) {
          if (a.labels[i].second != b.labels[i].second)
            return a.labels[i].second < b.labels[i].second;
        }
        return a.timestamp_ms.value_or(0) < b.timestamp_ms.value_or(0);
      });
      out += "# HELP " + name + " " + EscapeHelp(f.help) + "\n";
      out += "# TYPE " + name + " " + f.type + "\n";
      for (const Sample& s : f.samples) {
        out += name;
        if (!s.labels.empty()) {
          out += '{';
          for (size_t i = 0; i < s.labels.size(); ++i) {
            if (i) out += ',';
            out += s.labels[i].first + "=\"" + EscapeLabel(s.labels[i].second) + "\"";
          }
          out += '}';
        }
        out += ' ' + Number(s.value);
        if (s.timestamp_ms) out += ' ' + std::to_string(*s.timestamp_ms);
        out += '\n';
      }
    }
    return out;
  }

 private:
  static std::string EscapeHelp(const std::string& in) {
    std::string out;
    for (char c : in) {
      if (c == '\\')
        out += "\\\\";
      else if (c == '\n')
        out += "\\n";
      else
        out += c;
    }
    return out;
  }
  static std::string EscapeLabel(const std::string& in) {
    std::string out;
    for (char c : in) {
      if (c == '\\')
        out += "\\\\";
      else if (c == '"')
        out += "\\\"";
      else if (c == '\n')
        out += "\\n";
      else
        out += c;
    }
    return out;
  }
  // Prometheus' client writes 0 and 1 as such and other values with Go's
  // shortest 'g' formatting.
  static std::string Number(double v) {
    if (v == 0) return "0";
    if (v == 1) return "1";
    return api::printers::GoFloatText(v);
  }

  std::map<std::string, Family> families_;
};

int64_t Millis(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

double Seconds(uint64_t nanos) { return static_cast<double>(nanos) / 1e9; }

constexpr const char* kStable = "STABLE";
constexpr const char* kAlpha = "ALPHA";

}  // namespace

std::string RenderResourceMetrics(const StatusOr<Summary>& summary) {
  Families f;
  f.Add("resource_scrape_error", kStable,
        "1 if there was an error while getting container metrics, 0 otherwise", "gauge",
        Sample{{}, summary.ok() ? 0.0 : 1.0, std::nullopt});
  if (!summary.ok()) return f.Render();

  const NodeStats& node = summary->node;
  if (node.cpu && node.cpu->usage_core_nano_seconds) {
    f.Add("node_cpu_usage_seconds_total", kStable,
          "Cumulative cpu time consumed by the node in core-seconds", "counter",
          Sample{{}, Seconds(*node.cpu->usage_core_nano_seconds), Millis(node.cpu->time)});
  }
  if (node.memory && node.memory->working_set_bytes) {
    f.Add("node_memory_working_set_bytes", kStable, "Current working set of the node in bytes",
          "gauge",
          Sample{
              {}, static_cast<double>(*node.memory->working_set_bytes), Millis(node.memory->time)});
  }
  if (node.swap && node.swap->swap_usage_bytes && node.memory) {
    f.Add("node_swap_usage_bytes", kAlpha,
          "Current swap usage of the node in bytes. Reported only on non-windows systems", "gauge",
          Sample{{}, static_cast<double>(*node.swap->swap_usage_bytes), Millis(node.memory->time)});
  }

  for (const PodStats& pod : summary->pods) {
    for (const ContainerStats& c : pod.containers) {
      Labels labels = {
          {"container", c.name}, {"namespace", pod.pod_ref.ns}, {"pod", pod.pod_ref.name}};
      // Upstream leaves out start times at or before the epoch (unknown).
      if (std::chrono::duration_cast<std::chrono::seconds>(c.start_time.time_since_epoch())
              .count() > 0) {
        const double start = std::chrono::duration<double>(c.start_time.time_since_epoch()).count();
        f.Add("container_start_time_seconds", kStable,
              "Start time of the container since unix epoch in seconds", "gauge",
              Sample{labels, start, std::nullopt});
      }
      if (c.cpu && c.cpu->usage_core_nano_seconds) {
        f.Add("container_cpu_usage_seconds_total", kStable,
              "Cumulative cpu time consumed by the container in core-seconds", "counter",
              Sample{labels, Seconds(*c.cpu->usage_core_nano_seconds), Millis(c.cpu->time)});
      }
      if (c.memory && c.memory->working_set_bytes) {
        f.Add("container_memory_working_set_bytes", kStable,
              "Current working set of the container in bytes", "gauge",
              Sample{labels, static_cast<double>(*c.memory->working_set_bytes),
                     Millis(c.memory->time)});
      }
      if (c.swap && c.swap->swap_usage_bytes) {
        f.Add("container_swap_usage_bytes", kAlpha,
              "Current amount of the container swap usage in bytes. Reported only on non-windows "
              "systems",
              "gauge",
              Sample{labels, static_cast<double>(*c.swap->swap_usage_bytes), Millis(c.swap->time)});
      }
    }
    Labels labels = {{"namespace", pod.pod_ref.ns}, {"pod", pod.pod_ref.name}};
    if (pod.cpu && pod.cpu->usage_core_nano_seconds) {
      f.Add("pod_cpu_usage_seconds_total", kStable,
            "Cumulative cpu time consumed by the pod in core-seconds", "counter",
            Sample{labels, Seconds(*pod.cpu->usage_core_nano_seconds), Millis(pod.cpu->time)});
    }
    if (pod.memory && pod.memory->working_set_bytes) {
      f.Add("pod_memory_working_set_bytes", kStable, "Current working set of the pod in bytes",
            "gauge",
            Sample{labels, static_cast<double>(*pod.memory->working_set_bytes),
                   Millis(pod.memory->time)});
    }
    if (pod.swap && pod.swap->swap_usage_bytes) {
      f.Add(
          "pod_swap_usage_bytes", kAlpha,
          "Current amount of the pod swap usage in bytes. Reported only on non-windows systems",
          "gauge",
          Sample{labels, static_cast<double>(*pod.swap->swap_usage_bytes), Millis(pod.swap->time)});
    }
  }
  return f.Render();
}

}  // namespace kubepp::kubelet::stats
