#include "kubelet/qos/qos_class.h"

#include <map>
#include <set>
#include <string>

#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::qos {
namespace {

bool IsQosResource(std::string_view name) { return name == "cpu" || name == "memory"; }

// Adds the positive cpu and memory amounts of `list` into `sums`; returns
// the names that had one.
std::set<std::string> AddPositive(const boost::json::object& container, std::string_view list,
                                  std::map<std::string, api::Quantity>& sums) {
  std::set<std::string> found;
  const boost::json::object* amounts = Obj(Obj(&container, "resources"), list);
  if (amounts == nullptr) return found;
  for (const auto& kv : *amounts) {
    if (!IsQosResource(kv.key())) continue;
    std::optional<api::Quantity> q = ResourceQuantity(container, list, kv.key());
    if (!q || q->Sign() <= 0) continue;
    std::string name(kv.key());
    found.insert(name);
    auto it = sums.find(name);
    if (it == sums.end()) {
      sums.emplace(name, *q);
    } else {
      it->second = q->Add(it->second);
    }
  }
  return found;
}

}  // namespace

std::string_view QosClassName(QosClass c) {
  switch (c) {
    case QosClass::kGuaranteed:
      return "Guaranteed";
    case QosClass::kBurstable:
      return "Burstable";
    case QosClass::kBestEffort:
      return "BestEffort";
  }
  return "";
}

QosClass ComputePodQos(const boost::json::object& pod) {
  std::map<std::string, api::Quantity> requests;
  std::map<std::string, api::Quantity> limits;
  bool guaranteed = true;
  for (const ContainerRef& ref : ContainersAndInitContainers(pod)) {
    AddPositive(*ref.container, "requests", requests);
    std::set<std::string> limited = AddPositive(*ref.container, "limits", limits);
    if (limited.count("cpu") == 0 || limited.count("memory") == 0) guaranteed = false;
  }
  if (requests.empty() && limits.empty()) return QosClass::kBestEffort;
  if (guaranteed) {
    for (const auto& [name, request] : requests) {
      auto it = limits.find(name);
      if (it == limits.end() || it->second.Compare(request) != 0) {
        guaranteed = false;
        break;
      }
    }
  }
  if (guaranteed && requests.size() == limits.size()) return QosClass::kGuaranteed;
  return QosClass::kBurstable;
}

QosClass GetPodQos(const boost::json::object& pod) {
  std::string recorded = Str(Obj(&pod, "status"), "qosClass");
  if (recorded == "Guaranteed") return QosClass::kGuaranteed;
  if (recorded == "Burstable") return QosClass::kBurstable;
  if (recorded == "BestEffort") return QosClass::kBestEffort;
  return ComputePodQos(pod);
}

}  // namespace kubepp::kubelet::qos
