#include "scheduler/plugins/interpodaffinity/topology_counts.h"

#include <algorithm>
#include <functional>

namespace kubepp::scheduler::plugins::interpodaffinity {

size_t TopologyCounts::Hash::operator()(View d) const {
  size_t h = std::hash<std::string_view>()(d.first);
  return h ^
         (std::hash<std::string_view>()(d.second) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

void TopologyCounts::Add(std::string_view key, std::string_view value, int64_t n) {
  if (auto it = counts_.find(View(key, value)); it != counts_.end()) {
    it->second += n;
    return;
  }
  counts_.emplace(Domain{std::string(key), std::string(value)}, n);
  // Mostly one topology key, the one added to last.
  if (!keys_.empty() && keys_.back() == key) return;
  if (std::find(keys_.begin(), keys_.end(), key) == keys_.end()) keys_.emplace_back(key);
}

int64_t TopologyCounts::At(std::string_view key, std::string_view value) const {
  auto it = counts_.find(View(key, value));
  return it == counts_.end() ? 0 : it->second;
}

bool TopologyCounts::AnyPositive() const {
  return std::any_of(counts_.begin(), counts_.end(), [](const auto& c) { return c.second > 0; });
}

}  // namespace kubepp::scheduler::plugins::interpodaffinity
