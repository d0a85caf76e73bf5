// Validation of a defaulted KubeSchedulerConfiguration, as upstream's
// ValidateKubeSchedulerConfiguration: client connection, leader election,
// parallelism, every profile (name, percentageOfNodesToScore, pluginConfig
// duplicates and args), unique scheduler names, the same queueSort in every
// profile, percentageOfNodesToScore and the back-off. Messages carry
// upstream's field paths ("profiles[1].schedulerName: Required value").
// kubepp calls no scheduler extenders, so a configuration naming any is
// rejected rather than silently ignored.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "api/validation/field_errors.h"
#include "scheduler/config/configuration.h"

namespace kubepp::scheduler::config {

api::validation::ErrorList Validate(const Configuration& config);
// Upstream's aggregate error text: the one message, or "[a, b]" for several
// (repeated messages once).
std::string AggregateMessage(const api::validation::ErrorList& errors);

}  // namespace kubepp::scheduler::config
