#include "kubelet/stats/pod_storage.h"

#include <filesystem>

namespace kubepp::kubelet::stats {
namespace {

void AddUsage(std::optional<uint64_t>& total, const std::optional<uint64_t>& more) {
  if (!more) return;
  total = total.value_or(0) + *more;
}

void Later(Time& t, Time other) {
  if (other > t) t = other;
}

}  // namespace

FsStats NodeFsTemplate(const FsCapacity& nodefs, Time time) {
  FsStats s;
  s.time = time;
  s.available_bytes = nodefs.available_bytes;
  s.capacity_bytes = nodefs.capacity_bytes;
  s.inodes_free = nodefs.inodes_free;
  s.inodes = nodefs.inodes;
  return s;
}

std::optional<FsStats> FilesInDirStats(const std::string& dir, const FsCapacity& nodefs,
                                       Time time) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return std::nullopt;
  FsStats s = NodeFsTemplate(nodefs, time);
  for (const auto& entry : it) {
    if (entry.is_directory(ec)) continue;
    auto usage = MeasureDiskUsage(entry.path().string());
    if (!usage.ok()) continue;
    AddUsage(s.used_bytes, usage->bytes);
    AddUsage(s.inodes_used, usage->inodes);
  }
  return s;
}

std::optional<FsStats> FileStats(const std::string& path, const FsCapacity& nodefs, Time time) {
  auto usage = MeasureDiskUsage(path);
  if (!usage.ok()) return std::nullopt;
  FsStats s = NodeFsTemplate(nodefs, time);
  s.used_bytes = usage->bytes;
  s.inodes_used = usage->inodes;
  return s;
}

FsStats EphemeralStorage(const std::vector<ContainerStats>& containers,
                         const std::vector<VolumeStats>& ephemeral_volumes,
                         const FsCapacity& nodefs, Time time,
                         const std::optional<FsStats>& pod_logs,
                         const std::optional<FsStats>& etc_hosts) {
  FsStats result = NodeFsTemplate(nodefs, time);
  for (const ContainerStats& c : containers) {
    if (!c.rootfs) continue;
    Later(result.time, c.rootfs->time);
    AddUsage(result.inodes_used, c.rootfs->inodes_used);
    AddUsage(result.used_bytes, c.rootfs->used_bytes);
    if (c.logs) {
      AddUsage(result.used_bytes, c.logs->used_bytes);
      AddUsage(result.inodes_used, c.logs->inodes_used);
      Later(result.time, c.logs->time);
    }
  }
  for (const VolumeStats& v : ephemeral_volumes) {
    AddUsage(result.used_bytes, v.fs.used_bytes);
    AddUsage(result.inodes_used, v.fs.inodes_used);
    Later(result.time, v.fs.time);
  }
  for (const auto* extra : {&pod_logs, &etc_hosts}) {
    if (!*extra) continue;
    AddUsage(result.used_bytes, (*extra)->used_bytes);
    AddUsage(result.inodes_used, (*extra)->inodes_used);
    Later(result.time, (*extra)->time);
  }
  return result;
}

}  // namespace kubepp::kubelet::stats
