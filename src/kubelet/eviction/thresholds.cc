#include "kubelet/eviction/thresholds.h"

#include <cstdlib>
#include <map>

#include "api/protobuf/well_known.h"
#include "kubelet/eviction/signals.h"

namespace kubepp::kubelet::eviction {
namespace {

using api::Quantity;

// "k=v,k2=v2" (the kubelet's map flags); later keys win, as a Go map flag.
StatusOr<std::map<std::string, std::string>> ParseMapFlag(std::string_view text) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    std::string_view item = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    start = comma == std::string_view::npos ? text.size() : comma + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return Status::BadRequest("malformed pair, expect string=string: " + std::string(item));
    }
    out[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
  }
  return out;
}

Status UnsupportedSignal(std::string_view signal) {
  return Status::BadRequest("unsupported eviction signal " + std::string(signal));
}

StatusOr<std::vector<Threshold>> ParseStatements(std::string_view text) {
  auto parsed = ParseEvictionHard(text);
  if (!parsed.ok()) return parsed.status();
  std::vector<Threshold> out;
  for (auto& statement : *parsed) {
    Threshold t;
    t.signal = statement.signal;
    t.value.quantity = statement.quantity;
    t.value.percentage = statement.percentage;
    out.push_back(std::move(t));
  }
  return out;
}

StatusOr<std::map<std::string, Clock::Duration>> ParseGracePeriods(std::string_view text) {
  auto pairs = ParseMapFlag(text);
  if (!pairs.ok()) return pairs.status();
  std::map<std::string, Clock::Duration> out;
  for (const auto& [signal, value] : *pairs) {
    if (SignalResource(signal).empty()) return UnsupportedSignal(signal);
    int64_t nanos = 0;
    if (!api::protobuf::ParseGoDuration(value, &nanos)) {
      return Status::BadRequest("time: invalid duration \"" + value + "\"");
    }
    if (nanos < 0) {
      return Status::BadRequest("invalid eviction grace period specified: " + value +
                                ", must be a positive value");
    }
    out[signal] = std::chrono::duration_cast<Clock::Duration>(std::chrono::nanoseconds(nanos));
  }
  return out;
}

StatusOr<std::map<std::string, ThresholdValue>> ParseMinimumReclaims(std::string_view text) {
  auto pairs = ParseMapFlag(text);
  if (!pairs.ok()) return pairs.status();
  std::map<std::string, ThresholdValue> out;
  for (const auto& [signal, value] : *pairs) {
    if (SignalResource(signal).empty()) return UnsupportedSignal(signal);
    ThresholdValue v;
    if (value.ends_with('%')) {
      std::string number = value.substr(0, value.find_last_not_of('%') + 1);
      char* end = nullptr;
      double parsed = std::strtod(number.c_str(), &end);
      if (number.empty() || end != number.c_str() + number.size()) {
        return Status::BadRequest("invalid percentage: " + value);
      }
      v.percentage = static_cast<float>(parsed) / 100;
      if (v.percentage <= 0) {
        return Status::BadRequest("eviction percentage minimum reclaim " + signal +
                                  " must be positive: " + value);
      }
    } else {
      auto quantity = Quantity::Parse(value);
      if (!quantity.ok()) return quantity.status();
      if (quantity->Sign() < 0)
        return Status::BadRequest("negative eviction minimum reclaim specified for " + signal);
      v.quantity = *quantity;
    }
    out[signal] = v;
  }
  return out;
}

}  // namespace

bool ThresholdValue::operator==(const ThresholdValue& o) const {
  if (quantity.has_value() != o.quantity.has_value()) return false;
  if (quantity) return quantity->Compare(*o.quantity) == 0;
  return percentage == o.percentage;
}

bool Threshold::operator==(const Threshold& o) const {
  return signal == o.signal && value == o.value && grace_period == o.grace_period;
}

Quantity ThresholdQuantity(const ThresholdValue& value, int64_t capacity) {
  if (value.quantity) return *value.quantity;
  auto amount =
      static_cast<int64_t>(static_cast<double>(capacity) * static_cast<double>(value.percentage));
  return Quantity::FromInt64(amount, Quantity::Format::kBinarySI);
}

StatusOr<std::vector<Threshold>> ParseThresholdConfig(const ThresholdFlags& flags) {
  auto hard = ParseStatements(flags.hard);
  if (!hard.ok()) return hard.status();
  auto soft = ParseStatements(flags.soft);
  if (!soft.ok()) return soft.status();
  auto grace = ParseGracePeriods(flags.soft_grace_period);
  if (!grace.ok()) return grace.status();
  auto reclaims = ParseMinimumReclaims(flags.minimum_reclaim);
  if (!reclaims.ok()) return reclaims.status();
  std::vector<Threshold> out = std::move(*hard);
  for (auto& t : *soft) {
    auto period = grace->find(t.signal);
    if (period == grace->end()) {
      return Status::BadRequest("grace period must be specified for the soft eviction threshold " +
                                t.signal);
    }
    t.grace_period = period->second;
    out.push_back(std::move(t));
  }
  for (auto& t : out) {
    auto reclaim = reclaims->find(t.signal);
    if (reclaim != reclaims->end()) t.min_reclaim = reclaim->second;
  }
  bool enforce_pods = false;
  for (const auto& key : flags.enforce_node_allocatable)
    enforce_pods = enforce_pods || key == "pods";
  if (enforce_pods) {
    std::vector<Threshold> allocatable;
    for (const auto& t : out) {
      if (t.signal != kSignalMemoryAvailable || !IsHardThreshold(t)) continue;
      Threshold copy = t;
      copy.signal = std::string(kSignalAllocatableMemoryAvailable);
      allocatable.push_back(std::move(copy));
    }
    for (auto& t : allocatable) out.push_back(std::move(t));
  }
  return out;
}

std::vector<Threshold> DefaultThresholds() {
  auto parsed = ParseThresholdConfig(ThresholdFlags{});
  return parsed.ok() ? std::move(*parsed) : std::vector<Threshold>{};
}

std::vector<EvictionThreshold> NodeAllocatableThresholds(const std::vector<Threshold>& thresholds) {
  std::vector<EvictionThreshold> out;
  for (const auto& t : thresholds) {
    if (!IsHardThreshold(t) || t.signal == kSignalAllocatableMemoryAvailable) continue;
    EvictionThreshold e;
    e.signal = t.signal;
    e.quantity = t.value.quantity;
    e.percentage = t.value.percentage;
    out.push_back(std::move(e));
  }
  return out;
}

std::string FormatThreshold(const Threshold& t) {
  std::string value = t.value.quantity ? t.value.quantity->String()
                                       : std::to_string(t.value.percentage * 100) + "%";
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(t.grace_period).count();
  return "threshold(signal=" + t.signal + ", quantity=" + value +
         ", gracePeriod=" + api::protobuf::FormatGoDuration(nanos) + ")";
}

}  // namespace kubepp::kubelet::eviction
