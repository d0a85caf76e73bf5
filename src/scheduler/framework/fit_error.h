// FitError: why no node fit a pod, and the FailedScheduling message upstream
// writes for it: "0/3 nodes are available: 1 Insufficient cpu, 2 node(s)
// didn't match Pod's node affinity/selector. preemption: ...". Reasons are
// counted over nodes and sorted as text; a PreFilter rejection replaces the
// per-node counts.
//
// Thread safety: a plain value.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "scheduler/framework/interface.h"

namespace kubepp::scheduler::framework {

struct Diagnosis {
  std::vector<NodeStatus> node_statuses;  // every rejected node with its status
  std::set<std::string> unschedulable_plugins;  // plugins that rejected the pod (queueing hints)
  std::string pre_filter_msg;   // set when PreFilter rejected the pod
  std::string post_filter_msg;  // preemption's explanation
};

struct FitError {
  int num_all_nodes = 0;
  Diagnosis diagnosis;
  std::string Message() const;
};

// "0/N nodes are available: <counted reasons>." over `statuses`, without a
// PreFilter or PostFilter part (preemption reuses it for its own message).
std::string NodesAvailableMessage(int num_all_nodes, const std::vector<NodeStatus>& statuses);

}  // namespace kubepp::scheduler::framework
