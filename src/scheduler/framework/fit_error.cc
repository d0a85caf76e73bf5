#include "scheduler/framework/fit_error.h"

#include <algorithm>
#include <map>

namespace kubepp::scheduler::framework {

namespace {
std::string CountedReasons(const std::vector<NodeStatus>& statuses) {
  std::map<std::string, int> counts;
  for (const NodeStatus& ns : statuses) {
    for (const std::string& r : ns.status.reasons()) counts[r]++;
  }
  std::vector<std::string> parts;
  parts.reserve(counts.size());
  for (const auto& [reason, n] : counts) parts.push_back(std::to_string(n) + " " + reason);
  // Sorted as whole strings ("1 ..." before "2 ..."), as upstream sorts them.
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}
}  // namespace

std::string NodesAvailableMessage(int num_all_nodes, const std::vector<NodeStatus>& statuses) {
  std::string msg = "0/" + std::to_string(num_all_nodes) + " nodes are available:";
  std::string reasons = CountedReasons(statuses);
  if (!reasons.empty()) msg += " " + reasons + ".";
  return msg;
}

std::string FitError::Message() const {
  std::string msg = "0/" + std::to_string(num_all_nodes) + " nodes are available:";
  if (!diagnosis.pre_filter_msg.empty()) {
    msg += " " + diagnosis.pre_filter_msg + ".";
  } else {
    std::string reasons = CountedReasons(diagnosis.node_statuses);
    if (!reasons.empty()) msg += " " + reasons + ".";
  }
  if (!diagnosis.post_filter_msg.empty()) msg += " " + diagnosis.post_filter_msg;
  return msg;
}

}  // namespace kubepp::scheduler::framework
