#include "kubelet/eviction/observations.h"

#include "kubelet/eviction/signals.h"

namespace kubepp::kubelet::eviction {
namespace {

using Format = api::Quantity::Format;

void ObserveMemory(Observations& out, std::string_view signal,
                   const std::optional<MemoryStats>& memory) {
  if (!memory || !memory->available_bytes || !memory->working_set_bytes) return;
  Observation o;
  o.available = static_cast<int64_t>(*memory->available_bytes);
  o.capacity = static_cast<int64_t>(*memory->available_bytes + *memory->working_set_bytes);
  o.time = memory->time;
  out[std::string(signal)] = o;
}

void ObserveFs(Observations& out, std::string_view bytes_signal, std::string_view inodes_signal,
               const std::optional<FsStats>& fs) {
  if (!fs) return;
  if (fs->available_bytes && fs->capacity_bytes) {
    Observation o;
    o.available = static_cast<int64_t>(*fs->available_bytes);
    o.capacity = static_cast<int64_t>(*fs->capacity_bytes);
    o.time = fs->time;
    out[std::string(bytes_signal)] = o;
  }
  if (fs->inodes_free && fs->inodes) {
    Observation o;
    o.available = static_cast<int64_t>(*fs->inodes_free);
    o.capacity = static_cast<int64_t>(*fs->inodes);
    o.format = Format::kDecimalSI;
    o.time = fs->time;
    out[std::string(inodes_signal)] = o;
  }
}

}  // namespace

Observations MakeSignalObservations(const Summary& summary) {
  Observations out;
  ObserveMemory(out, kSignalMemoryAvailable, summary.node.memory);
  ObserveMemory(out, kSignalAllocatableMemoryAvailable, summary.node.pods_memory);
  ObserveFs(out, kSignalNodeFsAvailable, kSignalNodeFsInodesFree, summary.node.nodefs);
  ObserveFs(out, kSignalImageFsAvailable, kSignalImageFsInodesFree, summary.node.imagefs);
  if (const auto& rlimit = summary.node.rlimit;
      rlimit && rlimit->max_pid && rlimit->running_processes) {
    Observation o;
    o.available = *rlimit->max_pid - *rlimit->running_processes;
    o.capacity = *rlimit->max_pid;
    o.format = Format::kDecimalSI;
    o.time = rlimit->time;
    out[std::string(kSignalPidAvailable)] = o;
  }
  return out;
}

}  // namespace kubepp::kubelet::eviction
