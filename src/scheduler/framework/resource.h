// Resource: amounts of compute resources as the scheduler counts them —
// milli-CPU, bytes of memory and ephemeral storage, pod slots, and scalar
// (extended, hugepages) resources in their integer units. Built once from a
// pod's or node's JSON so filters and scores compare integers, never parse.
//
// Thread safety: a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

namespace kubepp::scheduler::framework {

// Upstream's defaults for a container that requests no cpu / memory, used
// only for scoring so that such pods still spread (not for fit).
inline constexpr int64_t kDefaultMilliCpuRequest = 100;               // 100m
inline constexpr int64_t kDefaultMemoryRequest = 200 * 1024 * 1024;  // 200Mi

struct Resource {
  int64_t milli_cpu = 0;
  int64_t memory = 0;
  int64_t ephemeral_storage = 0;
  int64_t allowed_pods = 0;
  // Sorted by name; few entries, so a vector beats a map.
  std::vector<std::pair<std::string, int64_t>> scalars;

  int64_t Scalar(std::string_view name) const;
  void AddScalar(std::string_view name, int64_t v);
  void SetScalarMax(std::string_view name, int64_t v);

  void Add(const Resource& r);
  void Sub(const Resource& r);
  // Each amount becomes the larger of the two (init containers run one at a time).
  void SetMax(const Resource& r);
  bool operator==(const Resource&) const = default;
};

// Scalar resources: extended resources ("example.com/gpu"), hugepages-*,
// attachable-volumes-*; anything else unknown is ignored as upstream does.
bool IsScalarResourceName(std::string_view name);

// A ResourceList ({"cpu": "500m", "memory": "1Gi"}); unparsable amounts count as zero.
Resource ResourceFromList(const boost::json::object* list);

}  // namespace kubepp::scheduler::framework
