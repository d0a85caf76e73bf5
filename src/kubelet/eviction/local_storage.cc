#include "kubelet/eviction/local_storage.h"

#include <map>

#include "api/quantity/quantity.h"
#include "api/validation/field_errors.h"
#include "base/go_quote.h"
#include "kubelet/cm/pod_resources.h"
#include "kubelet/eviction/signals.h"
#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::eviction {
namespace {

namespace json = boost::json;
using api::Quantity;

std::optional<Quantity> QuantityAt(const json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  StatusOr<Quantity> q = Quantity::Parse(v->get_string());
  if (!q.ok()) return std::nullopt;
  return *q;
}

Quantity Bytes(uint64_t bytes) {
  return Quantity::FromInt64(static_cast<int64_t>(bytes), Quantity::Format::kBinarySI);
}

uint64_t UsedBytes(const std::optional<FsStats>& fs) {
  return fs && fs->used_bytes ? *fs->used_bytes : 0;
}

std::optional<std::string> EmptyDirOverLimit(const json::object& pod, const PodStats& stats) {
  std::map<std::string_view, uint64_t> used;
  for (const VolumeStats& v : stats.volumes) {
    if (v.fs.used_bytes) used[v.name] = *v.fs.used_bytes;
  }
  const json::array* volumes = Arr(Obj(&pod, "spec"), "volumes");
  if (volumes == nullptr) return std::nullopt;
  for (const json::value& volume : *volumes) {
    const json::object* v = volume.if_object();
    if (v == nullptr) continue;
    const json::object* empty_dir = Obj(v, "emptyDir");
    if (empty_dir == nullptr) continue;
    std::optional<Quantity> size = QuantityAt(Field(empty_dir, "sizeLimit"));
    std::string name = Str(v, "name");
    auto it = used.find(name);
    if (!size || size->Sign() != 1 || it == used.end()) continue;
    if (Bytes(it->second).Compare(*size) > 0) {
      return "Usage of EmptyDir volume " + GoQuote(name) + " exceeds the limit " +
             GoQuote(size->String()) + ". ";
    }
  }
  return std::nullopt;
}

std::optional<std::string> PodOverLimit(const json::object& pod, const PodStats& stats) {
  std::optional<Quantity> limit = cm::PodLimit(pod, kResourceEphemeralStorage);
  if (!limit) return std::nullopt;
  if (Bytes(UsedBytes(stats.ephemeral_storage)).Compare(*limit) <= 0) return std::nullopt;
  return "Pod ephemeral local storage usage exceeds the total limit of containers " +
         limit->String() + ". ";
}

std::optional<std::string> ContainerOverLimit(const json::object& pod, const PodStats& stats,
                                              bool dedicated_imagefs) {
  for (const ContainerStats& c : stats.containers) {
    const json::object* container = nullptr;
    for (const json::object* regular : RegularContainers(pod)) {
      if (Str(regular, "name") == c.name) container = regular;
    }
    if (container == nullptr) continue;
    Quantity limit = ResourceOrZero(*container, "limits", kResourceEphemeralStorage);
    if (limit.IsZero()) continue;
    uint64_t used = UsedBytes(c.logs);
    if (!dedicated_imagefs) used += UsedBytes(c.rootfs);
    if (limit.Compare(Bytes(used)) < 0) {
      return "Container " + c.name + " exceeded its local ephemeral storage limit " +
             GoQuote(limit.String()) + ". ";
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> LocalStorageLimitExceeded(const json::object& pod, const PodStats& stats,
                                                     bool dedicated_imagefs) {
  if (auto message = EmptyDirOverLimit(pod, stats)) return message;
  if (auto message = PodOverLimit(pod, stats)) return message;
  return ContainerOverLimit(pod, stats, dedicated_imagefs);
}

}  // namespace kubepp::kubelet::eviction
