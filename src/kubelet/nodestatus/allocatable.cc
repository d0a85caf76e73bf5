#include "kubelet/nodestatus/allocatable.h"

#include <algorithm>

#include "api/names/names.h"

namespace kubepp::kubelet {
namespace {

using api::Quantity;

// The amount a hard threshold holds back from `capacity`.
Quantity ThresholdAmount(const EvictionThreshold& t, const Quantity& capacity) {
  if (t.quantity) return *t.quantity;
  auto bytes = static_cast<int64_t>(static_cast<double>(capacity.Value()) * static_cast<double>(t.percentage));
  return Quantity::FromInt64(bytes, Quantity::Format::kBinarySI);
}

}  // namespace

bool IsHugePageResourceName(std::string_view name) { return name.starts_with("hugepages-"); }

bool IsExtendedResourceName(std::string_view name) {
  // Native resources are unqualified ("cpu") or in kubernetes.io.
  if (name.find('/') == std::string_view::npos || name.find("kubernetes.io/") != std::string_view::npos) return false;
  if (name.starts_with("requests.")) return false;
  return api::IsQualifiedName("requests." + std::string(name)).empty();
}

std::string HugePageResourceName(uint64_t page_size_bytes) {
  return "hugepages-" + Quantity::FromInt64(static_cast<int64_t>(page_size_bytes), Quantity::Format::kBinarySI).String();
}

ResourceList MachineCapacity(const MachineInfo& info, const NodeConfig& config) {
  ResourceList c;
  c["cpu"] = Quantity::FromMilli(static_cast<int64_t>(info.num_cores) * 1000, Quantity::Format::kDecimalSI);
  c["memory"] = Quantity::FromInt64(static_cast<int64_t>(info.memory_capacity_bytes), Quantity::Format::kBinarySI);
  for (const auto& h : info.hugepages) {
    c[HugePageResourceName(h.page_size_bytes)] =
        Quantity::FromInt64(static_cast<int64_t>(h.page_size_bytes * h.pages), Quantity::Format::kBinarySI);
  }
  if (info.root_fs_capacity_bytes > 0) {
    c["ephemeral-storage"] =
        Quantity::FromInt64(static_cast<int64_t>(info.root_fs_capacity_bytes), Quantity::Format::kBinarySI);
  }
  int64_t pods = config.max_pods;
  if (config.pods_per_core > 0) pods = std::min<int64_t>(int64_t{info.num_cores} * config.pods_per_core, pods);
  c["pods"] = Quantity::FromInt64(pods, Quantity::Format::kDecimalSI);
  return c;
}

ResourceList AllocatableReservation(const ResourceList& capacity, const NodeConfig& config) {
  ResourceList eviction;
  for (const auto& t : config.eviction_hard) {
    const char* resource = t.signal == "memory.available"   ? "memory"
                           : t.signal == "nodefs.available" ? "ephemeral-storage"
                                                            : nullptr;
    if (!resource) continue;
    auto cap = capacity.find(resource);
    eviction[resource] = ThresholdAmount(t, cap == capacity.end() ? Quantity() : cap->second);
  }
  ResourceList out;
  for (const auto& [name, cap] : capacity) {
    Quantity value = Quantity::FromInt64(0, Quantity::Format::kDecimalSI);
    const ResourceList& eviction_list = eviction;
    for (const ResourceList* list : {&config.system_reserved, &config.kube_reserved, &eviction_list}) {
      auto it = list->find(name);
      if (it != list->end()) value = value.Add(it->second);
    }
    if (!value.IsZero()) out[name] = value;
  }
  return out;
}

ResourceList Allocatable(const ResourceList& capacity, const ResourceList& reservation) {
  ResourceList out;
  for (const auto& [name, cap] : capacity) {
    Quantity value = cap;
    auto res = reservation.find(name);
    if (res != reservation.end()) value = value.Sub(res->second);
    if (value.Sign() < 0) value = Quantity::FromInt64(0, cap.format());
    out[name] = value;
  }
  auto memory = out.find("memory");
  if (memory != out.end()) {
    for (const auto& [name, cap] : capacity) {
      if (!IsHugePageResourceName(name)) continue;
      memory->second = memory->second.Sub(cap);
      if (memory->second.Sign() < 0) memory->second = Quantity::FromInt64(0, memory->second.format());
    }
  }
  return out;
}

}  // namespace kubepp::kubelet
