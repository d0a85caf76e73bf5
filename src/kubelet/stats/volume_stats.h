// The filesystem use of each pod's volumes, measured at most once a period
// (upstream's --volume-stats-agg-period, 1 minute) because it walks the
// volume's tree the way `du` does.
//
// A pod's volumes are the directories <root>/pods/<uid>/volumes/<plugin>/<name>
// of the plugins upstream measures: emptyDir, configMap, secret, projected,
// downwardAPI and local volumes (hostPath volumes report nothing upstream
// either). They are split as upstream's IsLocalEphemeralVolume splits them:
// emptyDirs on the node's disk and configMaps count towards the pod's
// ephemeral storage, the others do not.
//
// Thread safety: Get may be called from any thread; one lock guards the cache
// (measuring happens outside it).
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"
#include "kubelet/stats/summary.h"

namespace kubepp::kubelet::stats {

inline constexpr std::chrono::minutes kVolumeStatsPeriod{1};

struct PodVolumeStats {
  std::vector<VolumeStats> ephemeral;   // sorted by name
  std::vector<VolumeStats> persistent;  // sorted by name
};

class VolumeStatsCache {
 public:
  VolumeStatsCache(std::string pods_dir, Clock& clock, Clock::Duration period = kVolumeStatsPeriod);

  // The pod's volumes, measured now if the last measurement is older than
  // the period; nothing when the period is zero (measuring is off).
  PodVolumeStats Get(const std::string& pod_uid);
  // Forgets pods not in `live`.
  void Retain(const std::set<std::string>& live);

 private:
  struct Entry {
    Clock::TimePoint measured;
    PodVolumeStats stats;
  };
  PodVolumeStats Measure(const std::string& pod_uid) const;

  const std::string pods_dir_;
  Clock& clock_;
  const Clock::Duration period_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;  // by pod UID; guarded by mu_
};

}  // namespace kubepp::kubelet::stats
