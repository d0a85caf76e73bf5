// Node capacity and allocatable, computed as upstream's kubelet does:
//   capacity:    cpu = online CPUs, memory = MemTotal (bytes, printed in the
//                largest exact binary unit: "16323584Ki"), hugepages-<size>
//                = pages * size, ephemeral-storage = the size of the
//                kubelet root directory's filesystem, pods = max-pods (or
//                min(cores * pods-per-core, max-pods));
//   allocatable: capacity - (kube-reserved + system-reserved + hard eviction
//                threshold), floored at 0, and memory further less every
//                hugepages capacity. A percentage threshold reserves
//                int64(capacity * fraction) (memory.available for memory,
//                nodefs.available for ephemeral-storage).
//
// Thread safety: pure functions.
#pragma once

#include "kubelet/nodestatus/machine_info.h"
#include "kubelet/nodestatus/node_config.h"

namespace kubepp::kubelet {

// Every resource the machine has, pods included. ephemeral-storage is left
// out when the root filesystem's size is unknown (0).
ResourceList MachineCapacity(const MachineInfo& info, const NodeConfig& config);

// What is held back from pods per resource (only non-zero entries).
ResourceList AllocatableReservation(const ResourceList& capacity, const NodeConfig& config);

// capacity - reservation per resource, then hugepages off memory.
ResourceList Allocatable(const ResourceList& capacity, const ResourceList& reservation);

// "hugepages-2Mi" for 2 MiB pages.
std::string HugePageResourceName(uint64_t page_size_bytes);
bool IsHugePageResourceName(std::string_view name);
// A resource advertised by device plugins or by hand ("example.com/gpu"):
// qualified by a domain other than kubernetes.io, and not "requests.*".
bool IsExtendedResourceName(std::string_view name);

}  // namespace kubepp::kubelet
