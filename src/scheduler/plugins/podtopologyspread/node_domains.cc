#include "scheduler/plugins/podtopologyspread/node_domains.h"

namespace kubepp::scheduler::plugins::podtopologyspread {

int NodeDomains::Lookup(const framework::NodeSpec& spec) {
  auto label = spec.labels.find(key_);
  if (label == spec.labels.end()) return -1;
  auto [it, added] = ids_.try_emplace(label->second, static_cast<int>(values_.size()));
  if (added) values_.push_back(label->second);
  return it->second;
}

int NodeDomains::Of(const framework::NodeInfo& node) {
  if (node.node() == nullptr) return -1;
  if (node.generation == 0) return Lookup(*node.node());
  Entry& e = nodes_[&node];
  if (e.generation != node.generation) {
    e.id = Lookup(*node.node());
    e.generation = node.generation;
  }
  return e.id;
}

}  // namespace kubepp::scheduler::plugins::podtopologyspread
