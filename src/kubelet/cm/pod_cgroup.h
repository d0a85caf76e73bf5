// The cgroup a pod's containers live in, as upstream's pod container
// manager names it (v1.32): one level per QoS class under "kubepods",
// Guaranteed pods directly in it.
//
//   cgroupfs:  /kubepods/pod<uid>
//              /kubepods/burstable/pod<uid>
//              /kubepods/besteffort/pod<uid>
//   systemd:   /kubepods.slice/kubepods-burstable.slice/
//                  kubepods-burstable-pod<uid with '-' as '_'>.slice
//
// The runtime receives this as the sandbox's cgroup parent.
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kubepp::kubelet::cm {

enum class CgroupDriver { kCgroupfs, kSystemd };

// A cgroup as its components from the root: {"kubepods", "burstable", "pod<uid>"}.
using CgroupName = std::vector<std::string>;

// "/a/b" -> {"a", "b"}; "/" -> {}.
CgroupName ParseCgroupfsName(std::string_view path);
// {"a", "b"} -> "/a/b"; {} -> "/".
std::string ToCgroupfs(const CgroupName& name);
// {"kubepods", "burstable"} -> "/kubepods.slice/kubepods-burstable.slice";
// '-' inside a component becomes '_' (systemd reserves '-' for nesting).
std::string ToSystemd(const CgroupName& name);

// The QoS cgroup a pod belongs under, `cgroup_root` being the kubelet's
// --cgroup-root ("/" by default).
CgroupName PodCgroupName(const boost::json::object& pod, std::string_view cgroup_root = "/");
// PodCgroupName in the driver's literal form.
std::string PodCgroupParent(const boost::json::object& pod, CgroupDriver driver,
                            std::string_view cgroup_root = "/");

}  // namespace kubepp::kubelet::cm
