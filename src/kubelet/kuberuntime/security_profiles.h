// The parts of a container's Linux security that upstream's kubelet fills
// in even when a pod says nothing about them:
//
//   seccomp        the container's securityContext.seccompProfile, else the
//                  pod's; RuntimeDefault, Unconfined, or Localhost with the
//                  file <profile_root>/<localhostProfile>; Unconfined when
//                  neither sets one (the kubelet's seccompDefault is off).
//                  A sandbox takes the pod's.
//   /proc paths    procMount Default masks /proc/kcore, /proc/keys, ...
//                  (bound to /dev/null or an empty tmpfs) and makes
//                  /proc/sys, /proc/sysrq-trigger, ... read-only;
//                  procMount Unmasked leaves /proc as it is. The runtime
//                  ignores both lists for privileged containers.
//
// Pure functions; safe from any thread.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cri/v1/api.pb.h"

namespace kubepp::kubelet {

// `container` is nullptr for the pod's sandbox. Invalid for a Localhost
// profile without localhostProfile (validation keeps those out of the API).
StatusOr<runtime::v1::SecurityProfile> SeccompProfileFor(const boost::json::object& pod,
                                                         const boost::json::object* container,
                                                         std::string_view profile_root);

std::vector<std::string> MaskedProcPaths(std::string_view proc_mount);
std::vector<std::string> ReadonlyProcPaths(std::string_view proc_mount);

}  // namespace kubepp::kubelet
