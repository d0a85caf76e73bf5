// $(VAR) references in an exec probe's command, expanded as upstream's
// ExpandContainerCommandOnlyStatic: only the container's env entries with a
// literal value are known (valueFrom entries expand to ""), an unknown
// reference stays "$(VAR)", "$$" is a literal "$", and an unclosed "$(" is
// kept as written. Probes run without the pod's downward API environment.
//
// Thread safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace kubepp::kubelet::prober {

std::vector<std::string> ExpandCommandStatic(const std::vector<std::string>& command,
                                             const boost::json::object& container);

}  // namespace kubepp::kubelet::prober
