// Applying a container's final environment (env.h) to the rest of its spec,
// as upstream's kubecontainer.ExpandContainerCommandAndArgs and
// ExpandContainerVolumeMounts:
//
//   command/args: every $(VAR) of a defined variable is replaced; others stay.
//   subPathExpr:  every $(VAR) is replaced; an undefined or empty variable is
//                 an error ("missing value for A, B", names sorted).
// Thread safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "kubelet/container/env.h"

namespace kubepp::kubelet::container {

struct CommandAndArgs {
  std::vector<std::string> command;
  std::vector<std::string> args;
};

CommandAndArgs ExpandContainerCommandAndArgs(const boost::json::object& container,
                                             const std::vector<EnvVar>& envs);

StatusOr<std::string> ExpandSubPathExpr(std::string_view sub_path_expr,
                                        const std::vector<EnvVar>& envs);

}  // namespace kubepp::kubelet::container
