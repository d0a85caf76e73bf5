#include "kubelet/stats/volume_stats.h"

#include <algorithm>
#include <filesystem>

#include "kubelet/stats/fs_usage.h"
#include "kubelet/volumes/volume_paths.h"

namespace kubepp::kubelet::stats {
namespace {

struct MeasuredPlugin {
  std::string_view plugin;
  bool ephemeral;  // counts towards ephemeral storage (when on disk)
};

constexpr MeasuredPlugin kMeasured[] = {
    {volumes::kEmptyDirPlugin, true},     {volumes::kConfigMapPlugin, true},
    {volumes::kSecretPlugin, false},      {volumes::kProjectedPlugin, false},
    {volumes::kDownwardApiPlugin, false}, {volumes::kLocalVolumePlugin, false},
};

bool ByName(const VolumeStats& a, const VolumeStats& b) { return a.name < b.name; }

}  // namespace

VolumeStatsCache::VolumeStatsCache(std::string pods_dir, Clock& clock, Clock::Duration period)
    : pods_dir_(std::move(pods_dir)), clock_(clock), period_(period) {}

PodVolumeStats VolumeStatsCache::Measure(const std::string& pod_uid) const {
  PodVolumeStats out;
  const std::string volumes_dir = pods_dir_ + "/" + pod_uid + "/volumes";
  for (const MeasuredPlugin& m : kMeasured) {
    const std::string plugin_dir = volumes_dir + "/" + volumes::EscapePluginName(m.plugin);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(plugin_dir, ec)) {
      if (!entry.is_directory(ec)) continue;
      const std::string path = entry.path().string();
      auto capacity = StatFs(path);
      auto usage = MeasureDiskUsage(path);
      if (!capacity.ok() || !usage.ok()) continue;
      VolumeStats v;
      v.name = entry.path().filename().string();
      v.fs.time = clock_.Now();
      v.fs.available_bytes = capacity->available_bytes;
      v.fs.capacity_bytes = capacity->capacity_bytes;
      v.fs.used_bytes = usage->bytes;
      v.fs.inodes_free = capacity->inodes_free;
      v.fs.inodes = capacity->inodes;
      v.fs.inodes_used = usage->inodes;
      // A memory-backed emptyDir (medium: Memory) is not ephemeral storage.
      const bool ephemeral = m.ephemeral && !capacity->tmpfs;
      (ephemeral ? out.ephemeral : out.persistent).push_back(std::move(v));
    }
  }
  std::sort(out.ephemeral.begin(), out.ephemeral.end(), ByName);
  std::sort(out.persistent.begin(), out.persistent.end(), ByName);
  return out;
}

PodVolumeStats VolumeStatsCache::Get(const std::string& pod_uid) {
  if (period_ <= Clock::Duration::zero()) return {};
  const Clock::TimePoint now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(pod_uid);
    if (it != entries_.end() && now - it->second.measured < period_) return it->second.stats;
  }
  PodVolumeStats stats = Measure(pod_uid);
  std::lock_guard lock(mu_);
  entries_[pod_uid] = Entry{now, stats};
  return stats;
}

void VolumeStatsCache::Retain(const std::set<std::string>& live) {
  std::lock_guard lock(mu_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = live.count(it->first) ? std::next(it) : entries_.erase(it);
  }
}

}  // namespace kubepp::kubelet::stats
