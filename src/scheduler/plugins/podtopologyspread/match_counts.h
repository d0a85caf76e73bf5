// MatchCounts: how many pods on each node a spread constraint's selector
// picks, remembered across scheduling cycles. A node's count holds while its
// NodeInfo keeps its generation (the cache gives a node a new one whenever
// its pods or the node change), so a cycle recounts only the nodes that
// changed since the last one (those the last pods went to) where counting
// from scratch walks every pod in the cluster for every pod scheduled.
//
// Only NodeInfos of the snapshot are counted through a table: a copy made
// within a cycle (with nominated pods added, say) keeps its original's
// generation while its pods differ.
// A count depends on the namespace and the selector: one table for each,
// the least recently used dropped past kMaxTables.
// Thread safety: none; the scheduling thread runs PreFilter and PreScore.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "api/labels/selector.h"
#include "scheduler/framework/node_info.h"

namespace kubepp::scheduler::plugins::podtopologyspread {

// Pods on `node` in `ns`, not terminating, that `selector` picks.
int64_t CountMatching(const framework::NodeInfo& node, const std::string& ns,
                      const api::LabelSelector& selector);

class MatchCounts {
 public:
  class Table {
   public:
    // CountMatching for `node`, counted again only if the node changed.
    int64_t Count(const framework::NodeInfo& node);

    Table(std::string ns, api::LabelSelector selector)
        : ns_(std::move(ns)), selector_(std::move(selector)) {}

   private:
    friend class MatchCounts;
    struct Entry {
      int64_t generation = -1;
      int64_t count = 0;
    };
    std::string ns_;
    api::LabelSelector selector_;
    // By node; a node that left keeps its entry until the table is cleared.
    std::unordered_map<const framework::NodeInfo*, Entry> nodes_;
  };

  // The table for pods of `ns` picked by `selector`; `nodes` is how many
  // nodes the cluster has (a table holding many more is started over).
  // Shared: a table dropped meanwhile stays valid for whoever holds it.
  std::shared_ptr<Table> For(const std::string& ns, const api::LabelSelector& selector,
                             size_t nodes);

 private:
  static constexpr size_t kMaxTables = 16;
  std::list<std::pair<std::string, std::shared_ptr<Table>>> tables_;  // most recently used first
};

}  // namespace kubepp::scheduler::plugins::podtopologyspread
