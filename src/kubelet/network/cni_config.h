// The node's pod network, as the kubelet configures it for the CNI plugins
// from Debian's containernetworking-plugins: a conflist in the runtime's CNI
// config directory that puts every pod on the bridge cni0 with an address
// from the node's podCIDR (host-local IPAM), masquerades traffic leaving the
// pod network, and maps hostPorts (portmap). containerd runs the plugins for
// each sandbox; the node is network-ready once this file exists.
//
// Pure functions plus one file write; safe from any thread.
#pragma once

#include <string>

#include "base/status.h"

namespace kubepp::kubelet {

inline constexpr std::string_view kCniConfigFile = "10-kubepp.conflist";
inline constexpr std::string_view kCniBridge = "cni0";

// The conflist for pods in `pod_cidr` (IPv4 "10.244.1.0/24"); host-local
// keeps its address leases in `ipam_data_dir` ("" = the plugin's default,
// /var/lib/cni/networks), so each kubelet's leases live and die with its
// own data.
std::string CniConfigList(const std::string& pod_cidr, const std::string& ipam_data_dir = "");

// Writes it atomically (temp file + rename) into `dir`, unless the file there
// already says the same; creates `dir`.
Status WriteCniConfig(const std::string& dir, const std::string& pod_cidr, const std::string& ipam_data_dir = "");

}  // namespace kubepp::kubelet
