#include "kubelet/eviction/system_summary.h"

#include <map>
#include <set>

#include "controllers/util/object_fields.h"
#include "kubelet/cm/pod_cgroup.h"
#include "kubelet/cri/image_service.h"
#include "kubelet/cri/runtime_service.h"
#include "kubelet/eviction/host_measurements.h"
#include "kubelet/kuberuntime/labels.h"
#include "kubelet/logs/log_paths.h"
#include "kubelet/volumes/volume_paths.h"

namespace kubepp::kubelet::eviction {
namespace {

namespace json = boost::json;
using controllers::util::ArrayAt;
using controllers::util::StringAt;

// The plugin directory of a volume whose data is on the node's disk; "" for others.
std::string_view LocalVolumePlugin(const json::object& volume) {
  if (volume.contains("configMap")) return volumes::kConfigMapPlugin;
  if (volume.contains("gitRepo")) return "kubernetes.io/git-repo";
  const json::value* empty_dir = volume.if_contains("emptyDir");
  if (!empty_dir || !empty_dir->is_object()) return {};
  const json::value* medium = empty_dir->as_object().if_contains("medium");
  bool on_disk = !medium || (medium->is_string() && medium->get_string().empty());
  return on_disk ? volumes::kEmptyDirPlugin : std::string_view();
}

}  // namespace

SystemSummaryProvider::SystemSummaryProvider(
    cri::RuntimeService& runtime, cri::ImageService& images,
    std::function<std::vector<client::ObjectPtr>()> active_pods, SystemSummaryOptions options,
    Clock& clock)
    : runtime_(runtime),
      images_(images),
      active_pods_(std::move(active_pods)),
      options_(std::move(options)),
      clock_(clock) {}

StatusOr<FsStats> SystemSummaryProvider::ImageFs(Clock::TimePoint now, std::string* mountpoint) {
  runtime::v1::ImageFsInfoRequest request;
  auto info = images_.ImageFsInfo(request);
  if (!info.ok()) return info.status();
  if (info->image_filesystems().empty())
    return Status::Unavailable("the runtime reports no image filesystem");
  const auto& usage = info->image_filesystems(0);
  *mountpoint = usage.fs_id().mountpoint();
  FsStats fs;
  if (auto on_disk = FilesystemStats(*mountpoint, now)) fs = *on_disk;
  fs.time = now;
  if (usage.has_used_bytes()) fs.used_bytes = usage.used_bytes().value();
  if (usage.has_inodes_used()) fs.inodes_used = usage.inodes_used().value();
  return fs;
}

StatusOr<bool> SystemSummaryProvider::HasDedicatedImageFs() {
  std::string mountpoint;
  auto fs = ImageFs(clock_.Now(), &mountpoint);
  if (!fs.ok()) return fs.status();
  auto images = DeviceOf(mountpoint);
  auto root = DeviceOf(options_.root_dir);
  if (!images || !root)
    return Status::Unavailable("cannot stat " + mountpoint + " or " + options_.root_dir);
  return *images != *root;
}

StatusOr<std::vector<PodStats>> SystemSummaryProvider::Pods(Clock::TimePoint now) {
  runtime::v1::ListContainersRequest running_request;
  running_request.mutable_filter()->mutable_state()->set_state(runtime::v1::CONTAINER_RUNNING);
  auto running = runtime_.ListContainers(running_request);
  if (!running.ok()) return running.status();
  std::set<std::string> running_ids;
  for (const auto& c : running->containers()) running_ids.insert(c.id());
  runtime::v1::ListContainerStatsRequest stats_request;
  auto listed = runtime_.ListContainerStats(stats_request);
  if (!listed.ok()) return listed.status();
  // pod uid -> its running containers' stats
  std::map<std::string, std::vector<const runtime::v1::ContainerStats*>> by_pod;
  for (const auto& s : listed->stats()) {
    if (!running_ids.count(s.attributes().id())) continue;
    auto uid = s.attributes().labels().find(std::string(kPodUidLabel));
    if (uid != s.attributes().labels().end()) by_pod[uid->second].push_back(&s);
  }

  volumes::KubeletDirs dirs(options_.root_dir);
  std::vector<PodStats> out;
  for (const auto& pod : active_pods_()) {
    PodStats stats;
    stats.uid = std::string(StringAt(*pod, {"metadata", "uid"}));
    std::string cgroup = cm::ToCgroupfs(cm::PodCgroupName(*pod));
    stats.memory_working_set_bytes =
        CgroupWorkingSet(options_.cgroup_root, options_.proc_root, cgroup);
    stats.process_count = CgroupProcessCount(options_.cgroup_root, cgroup);
    std::string log_dir = logs::PodLogsDirectoryIn(options_.log_root, StringAt(*pod, {"metadata", "namespace"}),
                                                   StringAt(*pod, {"metadata", "name"}), stats.uid);
    for (const auto* s : by_pod[stats.uid]) {
      ContainerStats c;
      c.name = s->attributes().metadata().name();
      if (s->has_memory() && s->memory().has_working_set_bytes()) {
        c.memory_working_set_bytes = s->memory().working_set_bytes().value();
      }
      if (s->has_writable_layer()) {
        FsStats rootfs;
        rootfs.time = now;
        if (s->writable_layer().has_used_bytes())
          rootfs.used_bytes = s->writable_layer().used_bytes().value();
        if (s->writable_layer().has_inodes_used())
          rootfs.inodes_used = s->writable_layer().inodes_used().value();
        c.rootfs = rootfs;
      }
      c.logs = DirectoryUsage(logs::ContainerLogsDirectory(log_dir, c.name), now);
      stats.containers.push_back(std::move(c));
    }
    if (const json::array* volumes = ArrayAt(*pod, {"spec", "volumes"})) {
      for (const auto& v : *volumes) {
        const json::object* volume = v.if_object();
        if (!volume) continue;
        std::string_view plugin = LocalVolumePlugin(*volume);
        std::string_view name = StringAt(*volume, {"name"});
        if (plugin.empty() || name.empty()) continue;
        stats.volumes.push_back(VolumeStats{
            std::string(name), DirectoryUsage(dirs.PodVolumeDir(stats.uid, plugin, name), now)});
      }
    }
    out.push_back(std::move(stats));
  }
  return out;
}

StatusOr<Summary> SystemSummaryProvider::Get() {
  Clock::TimePoint now = clock_.Now();
  Summary summary;
  uint64_t capacity = options_.memory_capacity_bytes;
  if (auto ws = CgroupWorkingSet(options_.cgroup_root, options_.proc_root, "/")) {
    summary.node.memory = MemoryStats{now, *ws > capacity ? 0 : capacity - *ws, *ws};
  }
  // Before the first pod starts the kubepods cgroup may not exist: pods use nothing.
  uint64_t pods_ws =
      CgroupWorkingSet(options_.cgroup_root, options_.proc_root, "/kubepods").value_or(0);
  uint64_t pods_limit =
      capacity > options_.reserved_memory_bytes ? capacity - options_.reserved_memory_bytes : 0;
  summary.node.pods_memory =
      MemoryStats{now, pods_ws > pods_limit ? 0 : pods_limit - pods_ws, pods_ws};
  summary.node.nodefs = FilesystemStats(options_.root_dir, now);
  std::string mountpoint;
  auto imagefs = ImageFs(now, &mountpoint);
  if (!imagefs.ok()) return imagefs.status();
  summary.node.imagefs = *imagefs;
  summary.node.rlimit = ReadRlimit(options_.proc_root, now);
  auto pods = Pods(now);
  if (!pods.ok()) return pods.status();
  summary.pods = std::move(*pods);
  return summary;
}

}  // namespace kubepp::kubelet::eviction
