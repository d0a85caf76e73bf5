// Validation of the in-tree plugins' args in a KubeSchedulerConfiguration,
// with upstream's rules, field paths and messages
// (pkg/scheduler/apis/config/validation/validation_pluginargs.go), e.g.
//   profiles[0].pluginConfig[1].args.scoringStrategy.type: Unsupported value:
//   "Foo": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"
// `args` are already defaulted.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "api/validation/field_errors.h"

namespace kubepp::scheduler::config {

api::validation::ErrorList ValidatePluginArgs(std::string_view plugin, const boost::json::object& args,
                                              const api::validation::FieldPath& path);

}  // namespace kubepp::scheduler::config
