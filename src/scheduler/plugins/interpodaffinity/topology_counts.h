// TopologyCounts: how many pods count in each topology domain, a domain being
// a (topologyKey, value) pair such as (kubernetes.io/hostname, node-7).
//
// InterPodAffinity fills one per cycle from every pod of the cluster and then
// reads it once per node per term. Lookups take the pair as views, so reading
// a count allocates nothing; keys() names the topology keys that have any
// count, so a reader asks about those of a node's labels, not all of them.
//
// Thread safety: none; filled by one thread, then read by many.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kubepp::scheduler::plugins::interpodaffinity {

class TopologyCounts {
 public:
  void Add(std::string_view key, std::string_view value, int64_t n);
  // 0 for a domain never added to.
  int64_t At(std::string_view key, std::string_view value) const;
  // Whether some domain counts more than zero.
  bool AnyPositive() const;
  bool empty() const { return counts_.empty(); }
  // The distinct topology keys added to, in the order first seen.
  const std::vector<std::string>& keys() const { return keys_; }

 private:
  struct Domain {
    std::string key, value;
  };
  using View = std::pair<std::string_view, std::string_view>;
  struct Hash {
    using is_transparent = void;
    size_t operator()(View d) const;
    size_t operator()(const Domain& d) const { return (*this)(View(d.key, d.value)); }
  };
  struct Equal {
    using is_transparent = void;
    static View Of(const Domain& d) { return {d.key, d.value}; }
    static View Of(View d) { return d; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Of(a) == Of(b);
    }
  };

  std::unordered_map<Domain, int64_t, Hash, Equal> counts_;
  std::vector<std::string> keys_;
};

}  // namespace kubepp::scheduler::plugins::interpodaffinity
