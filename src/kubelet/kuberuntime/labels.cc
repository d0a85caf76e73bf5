#include "kubelet/kuberuntime/labels.h"

#include <cstdio>

#include <boost/json/serialize.hpp>

#include "controllers/util/object_fields.h"
#include "kubelet/kuberuntime/pod_actions.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::AnnotationsOf;
using controllers::util::BoolAt;
using controllers::util::IntAt;
using controllers::util::LabelsOf;
using controllers::util::ObjectAt;
using controllers::util::StringAt;

namespace {

void CopyStrings(const json::object* from, StringMap& to) {
  if (!from) return;
  for (const auto& [k, v] : *from) {
    if (v.is_string()) to[std::string(k)] = std::string(v.as_string());
  }
}

void Identity(const json::object& pod, StringMap& out) {
  out[std::string(kPodNameLabel)] = std::string(StringAt(pod, {"metadata", "name"}));
  out[std::string(kPodNamespaceLabel)] = std::string(StringAt(pod, {"metadata", "namespace"}));
  out[std::string(kPodUidLabel)] = std::string(StringAt(pod, {"metadata", "uid"}));
}

}  // namespace

StringMap SandboxLabels(const json::object& pod) {
  StringMap out;
  CopyStrings(LabelsOf(pod), out);
  Identity(pod, out);
  return out;
}

StringMap SandboxAnnotations(const json::object& pod) {
  StringMap out;
  CopyStrings(AnnotationsOf(pod), out);
  out[std::string(kHostNetworkAnnotation)] = BoolAt(pod, {"spec", "hostNetwork"}, false) ? "true" : "false";
  return out;
}

StringMap ContainerLabels(const json::object& pod, std::string_view container_name) {
  StringMap out;
  Identity(pod, out);
  out[std::string(kContainerNameLabel)] = std::string(container_name);
  return out;
}

StringMap ContainerAnnotations(const json::object& pod, const json::object& container, int restart_count,
                               std::string_view termination_message_path) {
  StringMap out;
  char hash[32];
  std::snprintf(hash, sizeof hash, "%llx", static_cast<unsigned long long>(ContainerHash(container)));
  out[std::string(kContainerHashAnnotation)] = hash;
  out[std::string(kRestartCountAnnotation)] = std::to_string(restart_count);
  out[std::string(kTerminationMessagePathAnnotation)] = std::string(termination_message_path);
  std::string_view policy = StringAt(container, {"terminationMessagePolicy"});
  out[std::string(kTerminationMessagePolicyAnnotation)] = policy.empty() ? "File" : std::string(policy);
  out[std::string(kGracePeriodAnnotation)] =
      std::to_string(IntAt(pod, {"spec", "terminationGracePeriodSeconds"}, 30));
  if (const json::object* pre_stop = ObjectAt(container, {"lifecycle", "preStop"})) {
    out[std::string(kPreStopAnnotation)] = json::serialize(*pre_stop);
  }
  return out;
}

std::string_view Lookup(const StringMap& map, std::string_view key) {
  auto it = map.find(key);
  return it == map.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace kubepp::kubelet
