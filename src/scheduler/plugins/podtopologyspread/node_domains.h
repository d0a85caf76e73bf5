// NodeDomains: each node's value of one topology key ("zone-a" for
// topology.kubernetes.io/zone), as a small number, remembered across
// scheduling cycles while the node keeps its generation. Counting matching
// pods per domain over every node of the cluster then costs a lookup by
// pointer and an array index per node, not a label lookup and a string hash.
//
// Like MatchCounts, only for the snapshot's NodeInfos (generation 0, a
// NodeInfo the cache never numbered, is looked up every time).
// Thread safety: none; the scheduling thread's.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "scheduler/framework/node_info.h"

namespace kubepp::scheduler::plugins::podtopologyspread {

class NodeDomains {
 public:
  explicit NodeDomains(std::string topology_key) : key_(std::move(topology_key)) {}

  // The number of `node`'s domain, or -1 when the node lacks the label.
  int Of(const framework::NodeInfo& node);
  // The value a number stands for.
  const std::string& Value(int id) const { return values_[static_cast<size_t>(id)]; }
  size_t size() const { return values_.size(); }
  // Whether it remembers far more nodes or values than a cluster of `nodes`
  // has (nodes came and went): then it is better started over.
  bool Oversized(size_t nodes) const {
    return nodes_.size() > 2 * nodes + 64 || values_.size() > 2 * nodes + 64;
  }
  const std::string& key() const { return key_; }

 private:
  int Lookup(const framework::NodeSpec& spec);

  struct Entry {
    int64_t generation = -1;
    int id = -1;
  };
  std::string key_;
  std::unordered_map<const framework::NodeInfo*, Entry> nodes_;
  std::unordered_map<std::string, int> ids_;
  std::vector<std::string> values_;
};

}  // namespace kubepp::scheduler::plugins::podtopologyspread
