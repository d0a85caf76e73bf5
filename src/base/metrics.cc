#include "base/metrics.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace kubepp::metrics {
namespace {

// The shortest text that reads back as `v`, as Go's client prints values and bucket bounds
// ("0.005", "1e-05", "+Inf" aside): %.17g wrote 0.005 as 0.0050000000000000001.
std::string FormatValue(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, ec == std::errc() ? end : buf);
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string LabelText(const std::vector<std::string>& names, const LabelValues& values,
                      const std::string& extra = {}) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    if (!out.empty()) out += ",";
    out += names[i] + "=\"" + Escape(values[i]) + "\"";
  }
  if (!extra.empty()) {
    if (!out.empty()) out += ",";
    out += extra;
  }
  return out.empty() ? "" : "{" + out + "}";
}

}  // namespace

Family::Family(std::string name, std::string help, std::vector<std::string> labels, Type type,
               std::vector<double> buckets)
    : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)), type_(type),
      buckets_(std::move(buckets)) {}

void Family::Add(const LabelValues& values, double delta) {
  std::lock_guard lock(mu_);
  series_[values].value += delta;
}

void Family::Set(const LabelValues& values, double value) {
  std::lock_guard lock(mu_);
  series_[values].value = value;
}

void Family::Observe(const LabelValues& values, double value) {
  std::lock_guard lock(mu_);
  auto& s = series_[values];
  if (s.bucket_counts.empty()) s.bucket_counts.assign(buckets_.size(), 0);
  for (size_t i = 0; i < buckets_.size(); ++i) {
    if (value <= buckets_[i]) ++s.bucket_counts[i];
  }
  ++s.count;
  s.sum += value;
}

void Family::Render(std::string& out) const {
  static const char* kTypes[] = {"counter", "gauge", "histogram"};
  out += "# HELP " + name_ + " " + help_ + "\n# TYPE " + name_ + " " + kTypes[static_cast<int>(type_)] + "\n";
  std::lock_guard lock(mu_);
  for (const auto& [values, s] : series_) {
    if (type_ != Type::kHistogram) {
      out += name_ + LabelText(labels_, values) + " " + FormatValue(s.value) + "\n";
      continue;
    }
    for (size_t i = 0; i < buckets_.size(); ++i) {
      out += name_ + "_bucket" + LabelText(labels_, values, "le=\"" + FormatValue(buckets_[i]) + "\"") + " " +
             std::to_string(s.bucket_counts[i]) + "\n";
    }
    out += name_ + "_bucket" + LabelText(labels_, values, "le=\"+Inf\"") + " " + std::to_string(s.count) + "\n";
    out += name_ + "_sum" + LabelText(labels_, values) + " " + FormatValue(s.sum) + "\n";
    out += name_ + "_count" + LabelText(labels_, values) + " " + std::to_string(s.count) + "\n";
  }
}

Registry& Registry::Global() {
  static Registry* registry = new Registry();
  return *registry;
}

Family& Registry::Get(const std::string& name, std::function<std::unique_ptr<Family>()> make) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  if (!f) f = make();
  return *f;
}

Family& Registry::Counter(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  return Get(name, [&] { return std::make_unique<Family>(name, help, labels, Family::Type::kCounter); });
}

Family& Registry::Gauge(const std::string& name, const std::string& help, std::vector<std::string> labels) {
  return Get(name, [&] { return std::make_unique<Family>(name, help, labels, Family::Type::kGauge); });
}

Family& Registry::Histogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                            std::vector<double> buckets) {
  return Get(name, [&] {
    return std::make_unique<Family>(name, help, labels, Family::Type::kHistogram, buckets);
  });
}

void Registry::AddCollector(std::function<void(std::string& out)> collector) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::string Registry::Render() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& [name, family] : families_) family->Render(out);
  for (const auto& c : collectors_) c(out);
  return out;
}

int64_t ProcessResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

double ProcessCpuSeconds() {
  std::ifstream stat("/proc/self/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = content.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(content.substr(close + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace kubepp::metrics
