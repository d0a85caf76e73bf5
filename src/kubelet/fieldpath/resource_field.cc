#include "kubelet/fieldpath/resource_field.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::fieldpath {
namespace {

// Go's int64(math.Ceil(x)): the amd64 conversion yields the minimum int64
// for values it cannot represent, which upstream then prints.
int64_t CeilToInt64(double x) {
  double c = std::ceil(x);
  if (!(c >= -9223372036854775808.0 && c < 9223372036854775808.0))
    return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(c);
}

// upstream: ceil(float64(q.MilliValue()) / float64(divisor.MilliValue()))
std::string CpuToString(const api::Quantity& q, const api::Quantity& divisor) {
  return std::to_string(
      CeilToInt64(static_cast<double>(q.MilliValue()) / static_cast<double>(divisor.MilliValue())));
}

// upstream: ceil(float64(q.Value()) / float64(divisor.Value())), for memory,
// ephemeral-storage and hugepages alike.
std::string BytesToString(const api::Quantity& q, const api::Quantity& divisor) {
  return std::to_string(
      CeilToInt64(static_cast<double>(q.Value()) / static_cast<double>(divisor.Value())));
}

api::Quantity DivisorOf(const boost::json::object& selector) {
  const boost::json::value* v = Field(&selector, "divisor");
  if (v != nullptr && v->is_string()) {
    StatusOr<api::Quantity> q = api::Quantity::Parse(v->get_string());
    if (q.ok() && !q->IsZero()) return *q;
  } else if (v != nullptr && v->is_int64() && v->get_int64() != 0) {
    return api::Quantity::FromInt64(v->get_int64(), api::Quantity::Format::kDecimalSI);
  }
  return api::Quantity::FromInt64(1, api::Quantity::Format::kDecimalSI);
}

}  // namespace

StatusOr<std::string> ExtractContainerResourceValue(const boost::json::object& selector,
                                                    const boost::json::object& container) {
  api::Quantity divisor = DivisorOf(selector);
  std::string resource = Str(&selector, "resource");
  if (resource == "limits.cpu")
    return CpuToString(ResourceOrZero(container, "limits", "cpu"), divisor);
  if (resource == "limits.memory")
    return BytesToString(ResourceOrZero(container, "limits", "memory"), divisor);
  if (resource == "limits.ephemeral-storage") {
    return BytesToString(ResourceOrZero(container, "limits", "ephemeral-storage"), divisor);
  }
  if (resource == "requests.cpu")
    return CpuToString(ResourceOrZero(container, "requests", "cpu"), divisor);
  if (resource == "requests.memory")
    return BytesToString(ResourceOrZero(container, "requests", "memory"), divisor);
  if (resource == "requests.ephemeral-storage") {
    return BytesToString(ResourceOrZero(container, "requests", "ephemeral-storage"), divisor);
  }
  constexpr std::string_view kHugePages = "hugepages-";
  for (std::string_view list : {std::string_view("requests"), std::string_view("limits")}) {
    std::string prefix = std::string(list) + ".";
    if (resource.rfind(prefix, 0) == 0) {
      std::string_view name = std::string_view(resource).substr(prefix.size());
      if (name.rfind(kHugePages, 0) == 0)
        return BytesToString(ResourceOrZero(container, list, name), divisor);
    }
  }
  return Status::Invalid("unsupported container resource : " + resource);
}

StatusOr<std::string> ExtractResourceValueByContainerName(const boost::json::object& selector,
                                                          const boost::json::object& pod,
                                                          std::string_view container_name) {
  const boost::json::object* container = FindContainer(pod, container_name);
  if (container == nullptr)
    return Status::Invalid("container " + std::string(container_name) + " not found");
  return ExtractContainerResourceValue(selector, *container);
}

boost::json::object MergeContainerResourceLimits(const boost::json::object& container,
                                                 const ResourceList& allocatable) {
  boost::json::object out = container;
  for (std::string_view name : {"cpu", "memory", "ephemeral-storage"}) {
    std::optional<api::Quantity> limit = ResourceQuantity(container, "limits", name);
    if (limit && !limit->IsZero()) continue;
    auto cap = allocatable.find(name);
    if (cap == allocatable.end()) continue;
    boost::json::value& resources = out["resources"];
    if (!resources.is_object()) resources = boost::json::object();
    boost::json::value& limits = resources.get_object()["limits"];
    if (!limits.is_object()) limits = boost::json::object();
    limits.get_object()[name] = cap->second.String();
  }
  return out;
}

boost::json::object DefaultPodLimitsForDownwardApi(const boost::json::object& pod,
                                                   const ResourceList& allocatable) {
  boost::json::object out = pod;
  boost::json::value* spec = out.if_contains("spec");
  if (spec == nullptr || !spec->is_object()) return out;
  for (std::string_view list : {"containers", "initContainers"}) {
    boost::json::value* containers = spec->get_object().if_contains(list);
    if (containers == nullptr || !containers->is_array()) continue;
    for (boost::json::value& c : containers->get_array()) {
      if (c.is_object()) c = MergeContainerResourceLimits(c.get_object(), allocatable);
    }
  }
  return out;
}

}  // namespace kubepp::kubelet::fieldpath
