#include "kubelet/nodestatus/hard_eviction.h"

#include <array>
#include <cstdlib>

namespace kubepp::kubelet {
namespace {

constexpr std::array<std::string_view, 9> kSignals = {
    "memory.available",      "allocatableMemory.available", "nodefs.available",
    "nodefs.inodesFree",     "imagefs.available",           "imagefs.inodesFree",
    "containerfs.available", "containerfs.inodesFree",      "pid.available",
};

bool KnownSignal(std::string_view s) {
  for (auto k : kSignals) {
    if (k == s) return true;
  }
  return false;
}

EvictionThreshold Percent(std::string_view signal, float pct) {
  EvictionThreshold t;
  t.signal = std::string(signal);
  t.percentage = pct;
  return t;
}

// One "signal<value"; nullopt for a disabled signal ("0%", "100%").
StatusOr<std::optional<EvictionThreshold>> ParseStatement(std::string_view signal, std::string_view value) {
  if (!KnownSignal(signal)) return Status::BadRequest("unsupported eviction signal " + std::string(signal));
  std::string text(value);
  if (value.ends_with('%')) {
    if (value == "0%" || value == "100%") return std::optional<EvictionThreshold>();
    std::string number(value.substr(0, value.find_last_not_of('%') + 1));
    char* end = nullptr;
    double parsed = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size()) {
      return Status::BadRequest("invalid percentage: " + text);
    }
    // Upstream parses a float32 and divides it as a float32.
    float pct = static_cast<float>(parsed) / 100;
    if (pct < 0) {
      return Status::BadRequest("eviction percentage threshold " + std::string(signal) + " must be >= 0%: " + text);
    }
    if (pct > 1) {
      return Status::BadRequest("eviction percentage threshold " + std::string(signal) + " must be <= 100%: " + text);
    }
    return std::optional<EvictionThreshold>(Percent(signal, pct));
  }
  auto quantity = api::Quantity::Parse(value);
  if (!quantity.ok()) return quantity.status();
  if (quantity->Sign() <= 0) {
    return Status::BadRequest("eviction threshold " + std::string(signal) + " must be positive: " +
                              quantity->String());
  }
  EvictionThreshold t;
  t.signal = std::string(signal);
  t.quantity = *quantity;
  return std::optional<EvictionThreshold>(std::move(t));
}

}  // namespace

std::vector<EvictionThreshold> DefaultHardEvictionThresholds() {
  EvictionThreshold memory;
  memory.signal = "memory.available";
  memory.quantity = *api::Quantity::Parse("100Mi");
  return {memory, Percent("nodefs.available", 10.0f / 100), Percent("imagefs.available", 15.0f / 100),
          Percent("nodefs.inodesFree", 5.0f / 100)};
}

StatusOr<std::vector<EvictionThreshold>> ParseEvictionHard(std::string_view flag) {
  std::vector<EvictionThreshold> out;
  size_t start = 0;
  while (start <= flag.size() && !flag.empty()) {
    size_t comma = flag.find(',', start);
    std::string_view item = flag.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    size_t lt = item.find('<');
    if (lt == std::string_view::npos) {
      return Status::BadRequest("malformed pair, expect string<string: " + std::string(item));
    }
    auto parsed = ParseStatement(item.substr(0, lt), item.substr(lt + 1));
    if (!parsed.ok()) return parsed.status();
    if (parsed->has_value()) {
      for (auto& seen : out) {
        if (seen.signal == (*parsed)->signal) {
          return Status::BadRequest("found duplicate eviction threshold for signal " + seen.signal);
        }
      }
      out.push_back(std::move(**parsed));
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace kubepp::kubelet
