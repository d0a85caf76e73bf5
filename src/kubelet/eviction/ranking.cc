#include "kubelet/eviction/ranking.h"

#include <algorithm>
#include <map>
#include <string>

#include "api/quantity/quantity.h"
#include "controllers/util/object_fields.h"
#include "kubelet/eviction/signals.h"

namespace kubepp::kubelet::eviction {
namespace {

namespace json = boost::json;
using controllers::util::ArrayAt;
using controllers::util::At;

// -1: p1 goes first, 1: p2 goes first, 0: undecided.
using CmpFunc = std::function<int(const json::object& p1, const json::object& p2)>;

void OrderedBy(std::vector<client::ObjectPtr>& pods, const std::vector<CmpFunc>& cmps) {
  std::stable_sort(pods.begin(), pods.end(),
                   [&](const client::ObjectPtr& a, const client::ObjectPtr& b) {
                     for (const auto& cmp : cmps) {
                       int c = cmp(*a, *b);
                       if (c != 0) return c < 0;
                     }
                     return false;
                   });
}

// true before false.
int CmpBool(bool a, bool b) {
  if (a == b) return 0;
  return a ? -1 : 1;
}

int Compare(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

int64_t QuantityValue(const json::value* v) {
  if (!v || !v->is_string()) return 0;
  auto q = api::Quantity::Parse(v->get_string());
  return q.ok() ? q->Value() : 0;
}

int64_t ContainerRequest(const json::value& container, std::string_view resource) {
  const json::object* c = container.if_object();
  return c ? QuantityValue(At(*c, {"resources", "requests", resource})) : 0;
}

int Priority(const json::object& p1, const json::object& p2) {
  return Compare(PodPriority(p1), PodPriority(p2));
}

int64_t MemoryUsage(const PodStats& stats) {
  return static_cast<int64_t>(stats.memory_working_set_bytes.value_or(0));
}

CmpFunc ExceedMemoryRequests(const PodStatsFunc& stats) {
  return [stats](const json::object& p1, const json::object& p2) {
    const PodStats* s1 = stats(p1);
    const PodStats* s2 = stats(p2);
    if (!s1 || !s2) return CmpBool(!s1, !s2);
    bool e1 = MemoryUsage(*s1) > PodRequest(p1, kResourceMemory);
    bool e2 = MemoryUsage(*s2) > PodRequest(p2, kResourceMemory);
    return CmpBool(e1, e2);
  };
}

CmpFunc MemoryAboveRequest(const PodStatsFunc& stats) {
  return [stats](const json::object& p1, const json::object& p2) {
    const PodStats* s1 = stats(p1);
    const PodStats* s2 = stats(p2);
    if (!s1 || !s2) return CmpBool(!s1, !s2);
    int64_t m1 = MemoryUsage(*s1) - PodRequest(p1, kResourceMemory);
    int64_t m2 = MemoryUsage(*s2) - PodRequest(p2, kResourceMemory);
    return Compare(m2, m1);  // the larger consumer first
  };
}

CmpFunc Processes(const PodStatsFunc& stats) {
  return [stats](const json::object& p1, const json::object& p2) {
    const PodStats* s1 = stats(p1);
    const PodStats* s2 = stats(p2);
    if (!s1 || !s2) return CmpBool(!s1, !s2);
    return Compare(static_cast<int64_t>(s2->process_count.value_or(0)),
                   static_cast<int64_t>(s1->process_count.value_or(0)));
  };
}

bool Has(const std::vector<FsStatsType>& measure, FsStatsType t) {
  return std::find(measure.begin(), measure.end(), t) != measure.end();
}

// Upstream's localVolumeNames: volumes whose data lives on the node's disk.
bool IsLocalVolume(const json::object& volume) {
  if (volume.contains("hostPath") || volume.contains("gitRepo") || volume.contains("configMap"))
    return true;
  const json::value* empty_dir = volume.if_contains("emptyDir");
  if (!empty_dir || !empty_dir->is_object()) return false;
  const json::value* medium = empty_dir->as_object().if_contains("medium");
  return !medium || (medium->is_string() && medium->get_string().empty());
}

uint64_t FsFigure(const std::optional<FsStats>& fs, bool inodes) {
  if (!fs) return 0;
  return (inodes ? fs->inodes_used : fs->used_bytes).value_or(0);
}

int64_t DiskUsage(const PodStats& stats, const json::object& pod,
                  const std::vector<FsStatsType>& measure, std::string_view resource) {
  bool inodes = resource == kResourceInodes;
  uint64_t total = 0;
  for (const auto& c : stats.containers) {
    if (Has(measure, FsStatsType::kRoot)) total += FsFigure(c.rootfs, inodes);
    if (Has(measure, FsStatsType::kLogs)) total += FsFigure(c.logs, inodes);
  }
  if (Has(measure, FsStatsType::kLocalVolumeSource)) {
    if (const json::array* volumes = ArrayAt(pod, {"spec", "volumes"})) {
      for (const auto& v : *volumes) {
        const json::object* volume = v.if_object();
        if (!volume || !IsLocalVolume(*volume)) continue;
        const json::value* name = volume->if_contains("name");
        if (!name || !name->is_string()) continue;
        for (const auto& vs : stats.volumes) {
          if (vs.name == name->get_string()) {
            total += (inodes ? vs.fs.inodes_used : vs.fs.used_bytes).value_or(0);
            break;
          }
        }
      }
    }
  }
  return static_cast<int64_t>(total);
}

CmpFunc ExceedDiskRequests(const PodStatsFunc& stats, std::vector<FsStatsType> measure,
                           std::string resource) {
  return [stats, measure, resource](const json::object& p1, const json::object& p2) {
    const PodStats* s1 = stats(p1);
    const PodStats* s2 = stats(p2);
    if (!s1 || !s2) return CmpBool(!s1, !s2);
    bool e1 = DiskUsage(*s1, p1, measure, resource) > PodRequest(p1, resource);
    bool e2 = DiskUsage(*s2, p2, measure, resource) > PodRequest(p2, resource);
    return CmpBool(e1, e2);
  };
}

CmpFunc DiskAboveRequest(const PodStatsFunc& stats, std::vector<FsStatsType> measure,
                         std::string resource) {
  return [stats, measure, resource](const json::object& p1, const json::object& p2) {
    const PodStats* s1 = stats(p1);
    const PodStats* s2 = stats(p2);
    if (!s1 || !s2) return CmpBool(!s1, !s2);
    // Upstream measures against the ephemeral-storage request for inodes too.
    int64_t d1 = DiskUsage(*s1, p1, measure, resource) - PodRequest(p1, kResourceEphemeralStorage);
    int64_t d2 = DiskUsage(*s2, p2, measure, resource) - PodRequest(p2, kResourceEphemeralStorage);
    return Compare(d2, d1);
  };
}

}  // namespace

int64_t PodRequest(const json::object& pod, std::string_view resource) {
  int64_t total = 0;
  if (const json::array* containers = ArrayAt(pod, {"spec", "containers"})) {
    for (const auto& c : *containers) total += ContainerRequest(c, resource);
  }
  if (const json::array* inits = ArrayAt(pod, {"spec", "initContainers"})) {
    for (const auto& c : *inits) total = std::max(total, ContainerRequest(c, resource));
  }
  if (total != 0) total += QuantityValue(At(pod, {"spec", "overhead", resource}));
  return total;
}

int64_t PodPriority(const json::object& pod) {
  const json::value* v = At(pod, {"spec", "priority"});
  return v && v->is_int64() ? v->get_int64() : 0;
}

void RankMemoryPressure(std::vector<client::ObjectPtr>& pods, const PodStatsFunc& stats) {
  OrderedBy(pods, {ExceedMemoryRequests(stats), Priority, MemoryAboveRequest(stats)});
}

void RankPidPressure(std::vector<client::ObjectPtr>& pods, const PodStatsFunc& stats) {
  OrderedBy(pods, {Priority, Processes(stats)});
}

RankFunc RankDiskPressure(std::vector<FsStatsType> measure, std::string_view resource) {
  std::string r(resource);
  return [measure, r](std::vector<client::ObjectPtr>& pods, const PodStatsFunc& stats) {
    OrderedBy(pods, {ExceedDiskRequests(stats, measure, r), Priority,
                     DiskAboveRequest(stats, measure, r)});
  };
}

RankFunc RankFuncFor(std::string_view signal, bool dedicated_imagefs) {
  if (IsMemorySignal(signal)) return RankMemoryPressure;
  if (signal == kSignalPidAvailable) return RankPidPressure;
  std::string_view resource = SignalResource(signal);
  if (resource != kResourceEphemeralStorage && resource != kResourceInodes) return nullptr;
  using T = FsStatsType;
  if (!dedicated_imagefs)
    return RankDiskPressure({T::kRoot, T::kLogs, T::kLocalVolumeSource}, resource);
  bool nodefs = signal == kSignalNodeFsAvailable || signal == kSignalNodeFsInodesFree;
  return nodefs ? RankDiskPressure({T::kLogs, T::kLocalVolumeSource}, resource)
                : RankDiskPressure({T::kRoot}, resource);
}

PodStatsFunc StatsByUid(const std::vector<PodStats>& pods) {
  auto index = std::make_shared<std::map<std::string, const PodStats*, std::less<>>>();
  for (const auto& p : pods) (*index)[p.uid] = &p;
  return [index](const json::object& pod) -> const PodStats* {
    const json::value* uid = At(pod, {"metadata", "uid"});
    if (!uid || !uid->is_string()) return nullptr;
    auto it = index->find(std::string_view(uid->get_string()));
    return it == index->end() ? nullptr : it->second;
  };
}

}  // namespace kubepp::kubelet::eviction
