#include "apiserver/metricsapi/resource_metrics_decoder.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <vector>

namespace kubepp::apiserver::metricsapi {
namespace {

struct Series {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
  std::optional<int64_t> timestamp_ms;
};

bool NameChar(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         (!first && c >= '0' && c <= '9');
}

void SkipSpaces(std::string_view line, size_t& i) {
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
}

Status ParseError(std::string_view line, const std::string& what) {
  return Status::BadRequest("failed parsing metrics: " + what + " in \"" +
                            std::string(line.substr(0, 120)) + "\"");
}

StatusOr<Series> ParseSeries(std::string_view line) {
  Series s;
  size_t i = 0;
  while (i < line.size() && NameChar(line[i], i == 0)) ++i;
  if (i == 0) return ParseError(line, "a metric name was expected");
  s.name = std::string(line.substr(0, i));
  SkipSpaces(line, i);
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (true) {
      SkipSpaces(line, i);
      if (i < line.size() && line[i] == '}') {
        ++i;
        break;
      }
      size_t start = i;
      while (i < line.size() && NameChar(line[i], i == start)) ++i;
      if (i == start) return ParseError(line, "a label name was expected");
      std::string label(line.substr(start, i - start));
      SkipSpaces(line, i);
      if (i >= line.size() || line[i] != '=') return ParseError(line, "'=' was expected");
      ++i;
      SkipSpaces(line, i);
      if (i >= line.size() || line[i] != '"')
        return ParseError(line, "a quoted label value was expected");
      ++i;
      std::string value;
      bool closed = false;
      while (i < line.size()) {
        char c = line[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < line.size()) {
          char e = line[i++];
          value += e == 'n' ? '\n' : e;
          continue;
        }
        value += c;
      }
      if (!closed) return ParseError(line, "an unterminated label value");
      s.labels[label] = std::move(value);
      SkipSpaces(line, i);
      if (i < line.size() && line[i] == ',') ++i;
    }
  }
  SkipSpaces(line, i);
  size_t start = i;
  while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
  if (i == start) return ParseError(line, "a value was expected");
  std::string value_text(line.substr(start, i - start));
  char* end = nullptr;
  s.value = std::strtod(value_text.c_str(), &end);
  if (end != value_text.c_str() + value_text.size()) return ParseError(line, "an invalid value");
  SkipSpaces(line, i);
  if (i < line.size()) {
    int64_t ts = 0;
    std::string_view rest = line.substr(i);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r'))
      rest.remove_suffix(1);
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), ts);
    if (ec != std::errc() || p != rest.data() + rest.size())
      return ParseError(line, "an invalid timestamp");
    s.timestamp_ms = ts;
  }
  return s;
}

uint64_t NonNegative(double v) { return std::isfinite(v) && v > 0 ? static_cast<uint64_t>(v) : 0; }

Time FromMillis(int64_t ms) {
  return Time{std::chrono::duration_cast<Time::duration>(std::chrono::milliseconds(ms))};
}

Time FromSeconds(double seconds) {
  return Time{std::chrono::duration_cast<Time::duration>(std::chrono::duration<double>(seconds))};
}

}  // namespace

StatusOr<MetricsBatch> DecodeResourceMetrics(std::string_view text, Time scrape_time,
                                             const std::string& node_name) {
  MetricsPoint node;
  std::map<PodRef, std::map<std::string, MetricsPoint>> pods;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    size_t first = 0;
    SkipSpaces(line, first);
    line.remove_prefix(first);
    if (line.empty() || line.front() == '#') continue;
    auto series = ParseSeries(line);
    if (!series.ok()) return series.status();
    const Time at = series->timestamp_ms ? FromMillis(*series->timestamp_ms) : scrape_time;
    const std::string& name = series->name;
    if (name == "node_cpu_usage_seconds_total") {
      node.cpu_nanos = NonNegative(series->value * 1e9);
      node.timestamp = at;
    } else if (name == "node_memory_working_set_bytes") {
      node.memory_bytes = NonNegative(series->value);
      node.timestamp = at;
    } else if (name == "container_cpu_usage_seconds_total" ||
               name == "container_memory_working_set_bytes" ||
               name == "container_start_time_seconds") {
      PodRef ref{series->labels["namespace"], series->labels["pod"]};
      MetricsPoint& c = pods[ref][series->labels["container"]];
      if (name == "container_cpu_usage_seconds_total") {
        c.cpu_nanos = NonNegative(series->value * 1e9);
        c.timestamp = at;
      } else if (name == "container_memory_working_set_bytes") {
        c.memory_bytes = NonNegative(series->value);
        c.timestamp = at;
      } else {
        c.start_time = FromSeconds(series->value);
      }
    }
  }

  MetricsBatch batch;
  if (node.timestamp != Time{} && node.cpu_nanos != 0 && node.memory_bytes != 0)
    batch.nodes[node_name] = node;
  for (auto& [ref, containers] : pods) {
    std::map<std::string, MetricsPoint> complete;
    bool whole = true;
    for (auto& [name, point] : containers) {
      if (point.cpu_nanos == 0 && point.memory_bytes == 0 && point.timestamp == Time{} &&
          point.start_time == Time{}) {
        continue;
      }
      if (point.cpu_nanos == 0 || point.memory_bytes == 0) {
        whole = false;
        break;
      }
      complete[name] = point;
    }
    if (whole && !complete.empty()) batch.pods[ref] = std::move(complete);
  }
  return batch;
}

}  // namespace kubepp::apiserver::metricsapi
