#include "kubelet/stats/stats_provider.h"

#include <algorithm>
#include <set>

#include "base/log.h"
#include "kubelet/logs/log_paths.h"
#include "kubelet/stats/cgroup_convert.h"
#include "kubelet/stats/fs_usage.h"
#include "kubelet/stats/pod_storage.h"
#include "kubelet/stats/runtime_pods.h"

namespace kubepp::kubelet::stats {

namespace v1 = ::runtime::v1;

namespace {

Time FromUnixNanos(int64_t nanos) {
  return Time{std::chrono::duration_cast<Time::duration>(std::chrono::nanoseconds(nanos))};
}

std::optional<uint64_t> Value(bool present, const v1::UInt64Value& v) {
  if (!present) return std::nullopt;
  return v.value();
}

void AddTo(std::optional<uint64_t>& total, const std::optional<uint64_t>& more) {
  total = total.value_or(0) + more.value_or(0);
}

}  // namespace

// What one call gathers once and shares between its parts.
struct StatsProvider::Scope {
  Time now;
  bool update_cpu_usage = false;
  bool full = false;  // everything, not only CPU and memory
  std::optional<FsCapacity> nodefs;
  std::map<std::string, std::optional<FsStats>> fs_by_mountpoint;
  // The runtime's own pod-level stats, read once and only when a pod has no
  // cgroup to read (containerd 1.6 may not implement ListPodSandboxStats).
  bool sandbox_stats_read = false;
  std::map<std::string, v1::PodSandboxStats> sandbox_stats;
};

StatsProvider::StatsProvider(cri::RuntimeService& runtime, cri::ImageService& images,
                             StatsProviderOptions options, Clock& clock)
    : runtime_(runtime),
      images_(images),
      options_(std::move(options)),
      clock_(clock),
      cgroups_(options_.cgroup_root),
      host_(options_.proc_root),
      cpu_usage_(clock),
      volumes_(options_.root_dir + "/pods", clock, options_.volume_stats_period) {}

std::optional<uint64_t> StatsProvider::NanoCores(Scope& scope, const std::string& key, Time time,
                                                 std::optional<uint64_t> usage) {
  if (!usage) return std::nullopt;
  return scope.update_cpu_usage ? cpu_usage_.Update(key, time, *usage) : cpu_usage_.Latest(key);
}

StatusOr<NodeStats> StatsProvider::NodeCpuAndMemory(Scope& scope) {
  auto root = cgroups_.Read("/");
  if (!root.ok())
    return Status::Unavailable("failed to get root cgroup stats: " + root.status().message());
  if (!root->cpu_usage_nanos) root->cpu_usage_nanos = host_.BusyCpuNanos();
  NodeStats node;
  node.node_name = options_.node_name;
  node.start_time = host_.BootTime();
  node.cpu =
      CpuFromCgroup(*root, scope.now, NanoCores(scope, "node", scope.now, root->cpu_usage_nanos));
  node.memory = MemoryFromCgroup(*root, scope.now, host_.MemoryCapacity());
  node.swap = host_.Swap(scope.now);
  node.system_containers = SystemContainers(scope);
  return node;
}

std::vector<ContainerStats> StatsProvider::SystemContainers(Scope& scope) {
  std::map<std::string, std::string> wanted = options_.system_cgroups;
  if (!options_.pods_cgroup.empty()) wanted[kSystemContainerPods] = options_.pods_cgroup;
  std::vector<ContainerStats> out;
  for (const auto& [name, cgroup] : wanted) {
    auto sample = cgroups_.Read(cgroup);
    if (!sample.ok()) {
      VLOG(4) << "stats: system container " << name << " (" << cgroup
              << "): " << sample.status().message();
      continue;
    }
    ContainerStats c;
    c.name = name;
    c.start_time = cgroups_.CreationTime(cgroup);
    c.cpu = CpuFromCgroup(*sample, scope.now,
                          NanoCores(scope, "system/" + name, scope.now, sample->cpu_usage_nanos));
    c.memory = MemoryFromCgroup(*sample, scope.now);
    if (scope.full) c.swap = SwapFromCgroup(*sample, scope.now);
    out.push_back(std::move(c));
  }
  return out;
}

std::string StatsProvider::PodCgroup(const std::string& uid) const {
  for (const char* qos : {"", "/burstable", "/besteffort"}) {
    std::string path = options_.pods_cgroup + qos + "/pod" + uid;
    if (cgroups_.Exists(path)) return path;
  }
  return "";
}

std::optional<FsStats> StatsProvider::FsOfMountpoint(Scope& scope, const std::string& mountpoint) {
  auto it = scope.fs_by_mountpoint.find(mountpoint);
  if (it != scope.fs_by_mountpoint.end()) return it->second;
  std::optional<FsStats> fs;
  if (auto capacity = StatFs(mountpoint); capacity.ok()) {
    fs = FsStats{};
    fs->available_bytes = capacity->available_bytes;
    fs->capacity_bytes = capacity->capacity_bytes;
    fs->inodes_free = capacity->inodes_free;
    fs->inodes = capacity->inodes;
  }
  scope.fs_by_mountpoint.emplace(mountpoint, fs);
  return fs;
}

ContainerStats StatsProvider::MakeContainerStats(Scope& scope, const v1::ContainerStats& stats,
                                                 const v1::Container& container,
                                                 const v1::PodSandboxMetadata& pod) {
  ContainerStats c;
  c.name = stats.attributes().metadata().name();
  c.start_time = FromUnixNanos(container.created_at());
  CpuStats cpu;
  if (stats.has_cpu()) {
    const v1::CpuUsage& u = stats.cpu();
    cpu.time = FromUnixNanos(u.timestamp());
    cpu.usage_core_nano_seconds =
        Value(u.has_usage_core_nano_seconds(), u.usage_core_nano_seconds());
    // A runtime that reports its own rate is believed, as upstream does.
    cpu.usage_nano_cores =
        u.has_usage_nano_cores()
            ? std::optional<uint64_t>(u.usage_nano_cores().value())
            : NanoCores(scope, stats.attributes().id(), cpu.time, cpu.usage_core_nano_seconds);
  } else {
    cpu.time = scope.now;
    cpu.usage_core_nano_seconds = 0;
    cpu.usage_nano_cores = 0;
  }
  c.cpu = cpu;
  MemoryStats memory;
  if (stats.has_memory()) {
    const v1::MemoryUsage& m = stats.memory();
    memory.time = FromUnixNanos(m.timestamp());
    memory.available_bytes = Value(m.has_available_bytes(), m.available_bytes());
    memory.usage_bytes = Value(m.has_usage_bytes(), m.usage_bytes());
    memory.working_set_bytes = Value(m.has_working_set_bytes(), m.working_set_bytes());
    memory.rss_bytes = Value(m.has_rss_bytes(), m.rss_bytes());
    memory.page_faults = Value(m.has_page_faults(), m.page_faults());
    memory.major_page_faults = Value(m.has_major_page_faults(), m.major_page_faults());
  } else {
    memory.time = scope.now;
    memory.working_set_bytes = 0;
  }
  c.memory = memory;
  if (!scope.full) return c;

  SwapStats swap;
  if (stats.has_swap()) {
    swap.time = FromUnixNanos(stats.swap().timestamp());
    swap.swap_usage_bytes =
        Value(stats.swap().has_swap_usage_bytes(), stats.swap().swap_usage_bytes());
    swap.swap_available_bytes =
        Value(stats.swap().has_swap_available_bytes(), stats.swap().swap_available_bytes());
  } else {
    swap.time = scope.now;
    swap.swap_usage_bytes = 0;
    swap.swap_available_bytes = 0;
  }
  c.swap = swap;
  if (stats.has_writable_layer()) {
    const v1::FilesystemUsage& w = stats.writable_layer();
    FsStats rootfs;
    if (!w.fs_id().mountpoint().empty()) {
      if (auto fs = FsOfMountpoint(scope, w.fs_id().mountpoint())) rootfs = *fs;
    }
    rootfs.time = FromUnixNanos(w.timestamp());
    rootfs.used_bytes = Value(w.has_used_bytes(), w.used_bytes());
    rootfs.inodes_used = Value(w.has_inodes_used(), w.inodes_used());
    c.rootfs = rootfs;
  }
  if (scope.nodefs) {
    const std::string dir = logs::ContainerLogsDirectory(
        logs::PodLogsDirectoryIn(options_.log_root, pod.namespace_(), pod.name(), pod.uid()), c.name);
    c.logs = FilesInDirStats(dir, *scope.nodefs, scope.now);
  }
  return c;
}

void StatsProvider::AddPodCgroupStats(Scope& scope, PodStats& pod, const std::string& sandbox_id) {
  const std::string cgroup = PodCgroup(pod.pod_ref.uid);
  std::optional<CgroupSample> sample;
  if (!cgroup.empty()) {
    if (auto s = cgroups_.Read(cgroup); s.ok()) sample = *s;
  }
  if (sample) {
    pod.cpu = CpuFromCgroup(
        *sample, scope.now,
        NanoCores(scope, "pod/" + pod.pod_ref.uid, scope.now, sample->cpu_usage_nanos));
    pod.memory = MemoryFromCgroup(*sample, scope.now);
    if (scope.full) pod.swap = SwapFromCgroup(*sample, scope.now);
  } else {
    // No cgroup of its own: the sum of the containers, as upstream falls back.
    for (const ContainerStats& c : pod.containers) {
      if (c.cpu) {
        if (!pod.cpu) pod.cpu = CpuStats{};
        pod.cpu->time = c.cpu->time;
        AddTo(pod.cpu->usage_core_nano_seconds, c.cpu->usage_core_nano_seconds);
        AddTo(pod.cpu->usage_nano_cores, c.cpu->usage_nano_cores);
      }
      if (c.memory) {
        if (!pod.memory) pod.memory = MemoryStats{};
        MemoryStats& m = *pod.memory;
        m.time = c.memory->time;
        AddTo(m.available_bytes, c.memory->available_bytes);
        AddTo(m.usage_bytes, c.memory->usage_bytes);
        AddTo(m.working_set_bytes, c.memory->working_set_bytes);
        AddTo(m.rss_bytes, c.memory->rss_bytes);
        AddTo(m.page_faults, c.memory->page_faults);
        AddTo(m.major_page_faults, c.memory->major_page_faults);
      }
      if (scope.full && c.swap) {
        if (!pod.swap) pod.swap = SwapStats{c.swap->time, std::nullopt, std::nullopt};
        AddTo(pod.swap->swap_available_bytes, c.swap->swap_available_bytes);
        AddTo(pod.swap->swap_usage_bytes, c.swap->swap_usage_bytes);
      }
    }
  }
  if (!scope.full) return;

  // Processes and network: through the processes in the pod's cgroups.
  int any_pid = 0;
  if (!cgroup.empty()) {
    uint64_t processes = 0;
    bool counted = false;
    for (const std::string& child : cgroups_.Children(cgroup)) {
      std::vector<int> pids = cgroups_.Procs(cgroup + "/" + child);
      if (!pids.empty() && (any_pid == 0 || child == sandbox_id)) any_pid = pids.front();
      if (child == sandbox_id) continue;  // the pause process is not the pod's
      processes += pids.size();
      counted = true;
    }
    if (counted) pod.process_stats = ProcessStats{processes};
  }
  if (any_pid != 0) pod.network = host_.ProcessNetwork(any_pid, scope.now);
  if (!pod.network) {
    if (!scope.sandbox_stats_read) {
      scope.sandbox_stats_read = true;
      auto all = runtime_.ListPodSandboxStats(v1::ListPodSandboxStatsRequest());
      if (all.ok()) {
        for (const auto& s : all->stats()) scope.sandbox_stats[s.attributes().id()] = s;
      } else {
        VLOG(5) << "stats: ListPodSandboxStats: " << all.status().message();
      }
    }
    auto it = scope.sandbox_stats.find(sandbox_id);
    if (it != scope.sandbox_stats.end() && it->second.linux().has_network()) {
      const v1::NetworkUsage& n = it->second.linux().network();
      NetworkStats net;
      net.time = FromUnixNanos(n.timestamp());
      auto to_stats = [](const v1::NetworkInterfaceUsage& i) {
        return InterfaceStats{i.name(), Value(i.has_rx_bytes(), i.rx_bytes()),
                              Value(i.has_rx_errors(), i.rx_errors()),
                              Value(i.has_tx_bytes(), i.tx_bytes()),
                              Value(i.has_tx_errors(), i.tx_errors())};
      };
      if (n.has_default_interface()) net.default_interface = to_stats(n.default_interface());
      for (const auto& i : n.interfaces()) net.interfaces.push_back(to_stats(i));
      pod.network = net;
    }
  }
}

void StatsProvider::AddPodStorage(Scope& scope, PodStats& pod) {
  PodVolumeStats volumes = volumes_.Get(pod.pod_ref.uid);
  pod.volumes = volumes.ephemeral;
  pod.volumes.insert(pod.volumes.end(), volumes.persistent.begin(), volumes.persistent.end());
  if (!scope.nodefs) return;
  const std::string pod_logs =
      logs::PodLogsDirectoryIn(options_.log_root, pod.pod_ref.ns, pod.pod_ref.name, pod.pod_ref.uid);
  pod.ephemeral_storage =
      EphemeralStorage(pod.containers, volumes.ephemeral, *scope.nodefs, scope.now,
                       FilesInDirStats(pod_logs, *scope.nodefs, scope.now),
                       FileStats(options_.root_dir + "/pods/" + pod.pod_ref.uid + "/etc-hosts",
                                 *scope.nodefs, scope.now));
}

StatusOr<std::vector<PodStats>> StatsProvider::Pods(Scope& scope) {
  auto runtime_pods = ListRuntimePods(runtime_);
  if (!runtime_pods.ok()) return runtime_pods.status();
  auto stats = runtime_.ListContainerStats(v1::ListContainerStatsRequest());
  if (!stats.ok())
    return Status::Unavailable("failed to list all container stats: " + stats.status().message());

  std::map<std::string, PodStats> by_sandbox;
  for (const v1::ContainerStats& s : stats->stats()) {
    auto container = runtime_pods->containers.find(s.attributes().id());
    if (container == runtime_pods->containers.end()) continue;
    auto sandbox = runtime_pods->sandboxes.find(container->second.pod_sandbox_id());
    if (sandbox == runtime_pods->sandboxes.end()) continue;
    auto [it, created] = by_sandbox.try_emplace(sandbox->first);
    PodStats& pod = it->second;
    if (created) {
      const v1::PodSandboxMetadata& meta = sandbox->second.metadata();
      pod.pod_ref = PodReference{meta.name(), meta.namespace_(), meta.uid()};
      pod.start_time = FromUnixNanos(sandbox->second.created_at());
    }
    pod.containers.push_back(
        MakeContainerStats(scope, s, container->second, sandbox->second.metadata()));
  }
  cpu_usage_.DropOutdated();

  std::vector<PodStats> pods;
  std::set<std::string> live;
  for (auto& [sandbox_id, pod] : by_sandbox) {
    std::sort(pod.containers.begin(), pod.containers.end(),
              [](const ContainerStats& a, const ContainerStats& b) { return a.name < b.name; });
    AddPodCgroupStats(scope, pod, sandbox_id);
    if (scope.full) AddPodStorage(scope, pod);
    live.insert(pod.pod_ref.uid);
    pods.push_back(std::move(pod));
  }
  if (scope.full) volumes_.Retain(live);
  std::sort(pods.begin(), pods.end(), [](const PodStats& a, const PodStats& b) {
    return std::tie(a.pod_ref.ns, a.pod_ref.name, a.pod_ref.uid) <
           std::tie(b.pod_ref.ns, b.pod_ref.name, b.pod_ref.uid);
  });
  return pods;
}

StatusOr<FsStats> StatsProvider::ImageFs(Scope& scope) {
  auto info = images_.ImageFsInfo(v1::ImageFsInfoRequest());
  if (!info.ok())
    return Status::Unavailable("failed to get imageFs stats: " + info.status().message());
  if (info->image_filesystems().empty()) {
    return Status::Unavailable("failed to get imageFs stats: imageFs information is unavailable");
  }
  const v1::FilesystemUsage& fs = info->image_filesystems(0);
  FsStats out;
  if (auto capacity = FsOfMountpoint(scope, fs.fs_id().mountpoint())) out = *capacity;
  out.time = FromUnixNanos(fs.timestamp());
  out.used_bytes = fs.used_bytes().value();
  out.inodes_used = Value(fs.has_inodes_used(), fs.inodes_used());
  return out;
}

StatusOr<Summary> StatsProvider::GetSummary(bool update_cpu_usage) {
  Scope scope;
  scope.now = clock_.Now();
  scope.update_cpu_usage = update_cpu_usage;
  scope.full = true;
  auto node = NodeCpuAndMemory(scope);
  if (!node.ok()) return node.status();
  auto nodefs = StatFs(options_.root_dir);
  if (!nodefs.ok())
    return Status::Unavailable("failed to get rootFs stats: " + nodefs.status().message());
  scope.nodefs = *nodefs;
  FsStats fs = NodeFsTemplate(*nodefs, scope.now);
  fs.used_bytes = nodefs->used_bytes;
  fs.inodes_used = nodefs->inodes >= nodefs->inodes_free ? nodefs->inodes - nodefs->inodes_free : 0;
  node->fs = fs;
  auto image_fs = ImageFs(scope);
  if (!image_fs.ok()) return image_fs.status();
  // Containers' writable layers live with the images (containerd keeps both in
  // its snapshotter), so containerFs is imageFs, as upstream reports it.
  node->runtime = RuntimeStats{*image_fs, *image_fs};
  node->network = host_.NodeNetwork(scope.now);
  node->rlimit = host_.Rlimit(scope.now);
  auto pods = Pods(scope);
  if (!pods.ok()) return pods.status();
  Summary summary;
  summary.node = std::move(*node);
  summary.pods = std::move(*pods);
  return summary;
}

StatusOr<Summary> StatsProvider::GetCpuAndMemory() {
  Scope scope;
  scope.now = clock_.Now();
  auto node = NodeCpuAndMemory(scope);
  if (!node.ok()) return node.status();
  auto pods = Pods(scope);
  if (!pods.ok()) return pods.status();
  Summary summary;
  summary.node = std::move(*node);
  summary.pods = std::move(*pods);
  return summary;
}

}  // namespace kubepp::kubelet::stats
