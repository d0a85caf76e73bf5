#include "kubelet/cm/pod_cgroup.h"

#include <algorithm>

#include "client/object.h"
#include "kubelet/qos/qos_class.h"

namespace kubepp::kubelet::cm {

CgroupName ParseCgroupfsName(std::string_view path) {
  CgroupName out;
  size_t i = 0;
  while (i < path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > i) out.emplace_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  return out;
}

std::string ToCgroupfs(const CgroupName& name) {
  std::string out;
  for (const std::string& part : name) out += "/" + part;
  return out.empty() ? "/" : out;
}

std::string ToSystemd(const CgroupName& name) {
  if (name.empty() || (name.size() == 1 && name[0].empty())) return "/";
  // Each level is a slice named after all levels above it joined by '-'.
  std::string out;
  std::string prefix;
  for (std::string part : name) {
    std::replace(part.begin(), part.end(), '-', '_');
    prefix = prefix.empty() ? part : prefix + "-" + part;
    out += "/" + prefix + ".slice";
  }
  return out;
}

CgroupName PodCgroupName(const boost::json::object& pod, std::string_view cgroup_root) {
  CgroupName name = ParseCgroupfsName(cgroup_root);
  name.emplace_back("kubepods");
  switch (qos::GetPodQos(pod)) {
    case qos::QosClass::kGuaranteed:
      break;
    case qos::QosClass::kBurstable:
      name.emplace_back("burstable");
      break;
    case qos::QosClass::kBestEffort:
      name.emplace_back("besteffort");
      break;
  }
  name.push_back("pod" + std::string(client::UidOf(pod)));
  return name;
}

std::string PodCgroupParent(const boost::json::object& pod, CgroupDriver driver,
                            std::string_view cgroup_root) {
  CgroupName name = PodCgroupName(pod, cgroup_root);
  return driver == CgroupDriver::kSystemd ? ToSystemd(name) : ToCgroupfs(name);
}

}  // namespace kubepp::kubelet::cm
