#include "scheduler/plugins/podtopologyspread/match_counts.h"

namespace kubepp::scheduler::plugins::podtopologyspread {

int64_t CountMatching(const framework::NodeInfo& node, const std::string& ns,
                      const api::LabelSelector& selector) {
  int64_t n = 0;
  for (const framework::PodInfoPtr& p : node.pods()) {
    if (p->terminating || p->ns != ns) continue;
    if (selector.Matches(p->labels)) ++n;
  }
  return n;
}

int64_t MatchCounts::Table::Count(const framework::NodeInfo& node) {
  // Generation 0: a NodeInfo the scheduler cache never numbered (made by
  // hand); nothing says when it changes, so it is counted every time.
  if (node.generation == 0) return CountMatching(node, ns_, selector_);
  Entry& e = nodes_[&node];
  if (e.generation != node.generation) {
    e.count = CountMatching(node, ns_, selector_);
    e.generation = node.generation;
  }
  return e.count;
}

std::shared_ptr<MatchCounts::Table> MatchCounts::For(const std::string& ns,
                                                     const api::LabelSelector& selector,
                                                     size_t nodes) {
  std::string key = ns + '\n' + selector.String();
  for (auto it = tables_.begin(); it != tables_.end(); ++it) {
    if (it->first != key) continue;
    tables_.splice(tables_.begin(), tables_, it);
    std::shared_ptr<Table>& table = tables_.front().second;
    if (table->nodes_.size() > 2 * nodes + 64) table->nodes_.clear();  // nodes came and went
    return table;
  }
  if (tables_.size() >= kMaxTables) tables_.pop_back();
  tables_.emplace_front(std::move(key), std::make_shared<Table>(ns, selector));
  return tables_.front().second;
}

}  // namespace kubepp::scheduler::plugins::podtopologyspread
