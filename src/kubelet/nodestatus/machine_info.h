// MachineInfo: the facts about this machine a Node reports (what upstream
// reads through cAdvisor): online CPUs, memory, huge pages, the kubelet root
// directory's filesystem size, machine/system/boot ids, kernel, OS image and
// architecture. Read from /proc, /sys and /etc; HostPaths lets tests point
// those at a directory of their own.
//
// Thread safety: plain values and pure (file-reading) functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kubepp::kubelet {

struct HostPaths {
  std::string proc = "/proc";
  std::string sys = "/sys";
  std::string etc = "/etc";
};

struct HugePages {
  uint64_t page_size_bytes = 0;  // 2 MiB, 1 GiB
  uint64_t pages = 0;            // nr_hugepages
};

struct MachineInfo {
  int num_cores = 0;                   // online logical CPUs
  uint64_t memory_capacity_bytes = 0;  // MemTotal
  std::vector<HugePages> hugepages;    // one per size the kernel supports
  // 0 when the root directory's filesystem could not be read; the node is
  // then NotReady ("missing node capacity for resources: ephemeral-storage").
  uint64_t root_fs_capacity_bytes = 0;
  std::string machine_id;   // /etc/machine-id
  std::string system_uuid;  // /sys/class/dmi/id/product_uuid ("" when unreadable: it is root-only)
  std::string boot_id;      // /proc/sys/kernel/random/boot_id
  std::string kernel_version;  // uname release ("6.1.0-18-amd64")
  std::string os_image;        // PRETTY_NAME of /etc/os-release, else "Linux"
  std::string architecture;    // Go's name for it: "amd64", "arm64"
};

// Reads everything it can; missing files leave their field empty (or 0).
// `root_dir` is the kubelet's --root-dir; when it does not exist yet, its
// nearest existing parent is measured (the kubelet creates it there).
MachineInfo ReadMachineInfo(const HostPaths& paths, const std::string& root_dir);

// uname's machine name as Go names architectures: x86_64 -> amd64,
// aarch64 -> arm64, armv7l -> arm, i686 -> 386; others unchanged.
std::string GoArch(std::string_view uname_machine);

// "0-3,6,8-9" (the format of /sys/devices/system/cpu/online) -> 7; 0 if malformed.
int CountCpuList(std::string_view list);

}  // namespace kubepp::kubelet
