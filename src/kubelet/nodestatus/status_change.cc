#include "kubelet/nodestatus/status_change.h"

#include <algorithm>
#include <string>
#include <vector>

#include "api/quantity/quantity.h"
#include "kubelet/json_access.h"

namespace kubepp::kubelet {
namespace json = boost::json;
namespace {

std::vector<json::object> ConditionsWithoutHeartbeat(const json::object* status) {
  std::vector<json::object> out;
  const json::array* conditions = ArrayIn(status, "conditions");
  if (!conditions) return out;
  for (const auto& c : *conditions) {
    json::object o = c.is_object() ? c.get_object() : json::object();
    o.erase("lastHeartbeatTime");
    out.push_back(std::move(o));
  }
  std::stable_sort(out.begin(), out.end(), [](const json::object& a, const json::object& b) {
    return StringIn(&a, "type") < StringIn(&b, "type");
  });
  return out;
}

bool ConditionsChanged(const json::object* original, const json::object* updated) {
  auto a = ConditionsWithoutHeartbeat(original);
  auto b = ConditionsWithoutHeartbeat(updated);
  return a != b;
}

bool SameResourceList(const json::value* a, const json::value* b) {
  if (!a || !b || !a->is_object() || !b->is_object()) return (a == nullptr) == (b == nullptr) && (!a || *a == *b);
  const json::object& oa = a->get_object();
  const json::object& ob = b->get_object();
  if (oa.size() != ob.size()) return false;
  for (const auto& member : oa) {
    const json::value* other = ob.if_contains(member.key());
    if (!other) return false;
    if (member.value() == *other) continue;
    if (!member.value().is_string() || !other->is_string()) return false;
    auto qa = api::Quantity::Parse(member.value().get_string());
    auto qb = api::Quantity::Parse(other->get_string());
    if (!qa.ok() || !qb.ok() || qa->Compare(*qb) != 0) return false;
  }
  return true;
}

}  // namespace

bool NodeStatusHasChanged(const json::object* original, const json::object* updated) {
  if (!original && !updated) return false;
  if (!original || !updated) return true;
  if (ConditionsChanged(original, updated)) return true;
  for (std::string_view list : {"capacity", "allocatable"}) {
    if (!SameResourceList(original->if_contains(list), updated->if_contains(list))) return true;
  }
  auto rest = [](const json::object& status) {
    json::object copy = status;
    for (std::string_view key : {"conditions", "capacity", "allocatable"}) copy.erase(key);
    return copy;
  };
  return rest(*original) != rest(*updated);
}

}  // namespace kubepp::kubelet
