#include "kubelet/nodestatus/node_status.h"

#include <memory>

#include "base/log.h"
#include "kubelet/nodestatus/conditions.h"
#include "kubelet/nodestatus/node_labels.h"
#include "kubelet/nodestatus/setters.h"

namespace kubepp::kubelet {
namespace json = boost::json;

NodeStatusSources SystemNodeStatusSources(const NodeConfig& config) {
  NodeStatusSources sources;
  auto info = std::make_shared<const MachineInfo>(ReadMachineInfo(HostPaths(), config.root_dir));
  sources.machine_info = [info] { return *info; };
  sources.node_ip = [node_ip = config.node_ip, hostname = config.hostname, name = config.node_name] {
    return ChooseNodeIp(node_ip, hostname, name, NetworkFacts::System());
  };
  return sources;
}

void SetNodeStatus(json::object& node, const NodeConfig& config, const NodeStatusSources& sources,
                   Clock::TimePoint now, const EventSink& events) {
  MachineInfo info = sources.machine_info ? sources.machine_info() : MachineInfo();
  StatusOr<std::string> ip =
      sources.node_ip ? sources.node_ip() : StatusOr<std::string>(Status::Unavailable("no node IP source"));
  if (Status st = SetNodeAddresses(node, ip, config.hostname); !st.ok()) {
    KLOG(ERROR) << "Failed to set some node status fields: " << st.message();
  }
  SetMachineInfo(node, config, info, events);
  SetVersionInfo(node, info, sources.runtime_version ? sources.runtime_version() : RuntimeVersion());
  SetDaemonEndpoints(node, config.kubelet_port);
  if (sources.images) {
    if (Status st = SetImages(node, config.node_status_max_images, sources.images()); !st.ok()) {
      KLOG(ERROR) << "Failed to set some node status fields: " << st.message();
    }
  }
  SetOperatingSystem(node, info.architecture);
  NodePressure pressure = sources.pressure ? sources.pressure() : NodePressure();
  SetMemoryPressureCondition(node, now, pressure.memory, events);
  SetDiskPressureCondition(node, now, pressure.disk, events);
  SetPIDPressureCondition(node, now, pressure.pid, events);
  SetReadyCondition(node, now, sources.readiness ? sources.readiness() : NodeReadiness(), events);
}

json::object InitialNode(const NodeConfig& config, const NodeStatusSources& sources, Clock::TimePoint now,
                         const EventSink& events) {
  MachineInfo info = sources.machine_info ? sources.machine_info() : MachineInfo();
  json::object labels;
  for (const auto& [k, v] : KubeletOwnLabels(config.hostname, "linux", info.architecture)) labels[k] = v;
  for (const auto& [k, v] : config.node_labels) {
    if (labels.contains(k)) {
      KLOG(INFO) << "the node label " << k << "=" << v << " will overwrite default setting "
                 << labels.at(k).as_string().c_str();
    }
    labels[k] = v;
  }
  json::object metadata{{"name", config.node_name}, {"labels", std::move(labels)}};
  if (config.enable_controller_attach_detach) {
    metadata["annotations"] = json::object{{kControllerManagedAttachAnnotation, "true"}};
  }

  json::object spec;
  json::array taints;
  bool has_unschedulable_taint = false;
  for (const Taint& t : config.register_with_taints) {
    taints.push_back(TaintJson(t));
    has_unschedulable_taint |= t.key == "node.kubernetes.io/unschedulable" && t.effect == "NoSchedule";
  }
  if (!config.register_schedulable) {
    // Tainted at once so no pod lands before the node controller would taint it.
    spec["unschedulable"] = true;
    if (!has_unschedulable_taint) {
      taints.push_back(TaintJson(Taint{"node.kubernetes.io/unschedulable", "", "NoSchedule"}));
    }
  }
  if (!taints.empty()) spec["taints"] = std::move(taints);
  if (!config.provider_id.empty()) spec["providerID"] = config.provider_id;

  json::object node{{"apiVersion", "v1"},
                    {"kind", "Node"},
                    {"metadata", std::move(metadata)},
                    {"spec", std::move(spec)},
                    {"status", json::object{}}};
  NodeStatusSources cached = sources;
  cached.machine_info = [&info] { return info; };
  SetNodeStatus(node, config, cached, now, events);
  return node;
}

}  // namespace kubepp::kubelet
