#include "kubelet/eviction/signals.h"

#include <array>
#include <utility>

namespace kubepp::kubelet::eviction {
namespace {

struct SignalInfo {
  std::string_view signal, resource, condition;
};

constexpr std::array<SignalInfo, 9> kSignals = {{
    {kSignalMemoryAvailable, kResourceMemory, kMemoryPressure},
    {kSignalAllocatableMemoryAvailable, kResourceMemory, kMemoryPressure},
    {kSignalNodeFsAvailable, kResourceEphemeralStorage, kDiskPressure},
    {kSignalNodeFsInodesFree, kResourceInodes, kDiskPressure},
    {kSignalImageFsAvailable, kResourceEphemeralStorage, kDiskPressure},
    {kSignalImageFsInodesFree, kResourceInodes, kDiskPressure},
    {kSignalContainerFsAvailable, kResourceEphemeralStorage, kDiskPressure},
    {kSignalContainerFsInodesFree, kResourceInodes, kDiskPressure},
    {kSignalPidAvailable, kResourcePids, kPidPressure},
}};

const SignalInfo* Find(std::string_view signal) {
  for (const auto& info : kSignals) {
    if (info.signal == signal) return &info;
  }
  return nullptr;
}

}  // namespace

std::string_view SignalResource(std::string_view signal) {
  const SignalInfo* info = Find(signal);
  return info ? info->resource : std::string_view();
}

std::string_view SignalNodeCondition(std::string_view signal) {
  const SignalInfo* info = Find(signal);
  return info ? info->condition : std::string_view();
}

bool IsMemorySignal(std::string_view signal) {
  return signal == kSignalMemoryAvailable || signal == kSignalAllocatableMemoryAvailable;
}

}  // namespace kubepp::kubelet::eviction
