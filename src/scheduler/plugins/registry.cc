#include "scheduler/plugins/registry.h"

#include "scheduler/plugins/defaultbinder/default_binder.h"
#include "scheduler/plugins/defaultpreemption/default_preemption.h"
#include "scheduler/plugins/imagelocality/image_locality.h"
#include "scheduler/plugins/interpodaffinity/inter_pod_affinity.h"
#include "scheduler/plugins/names.h"
#include "scheduler/plugins/nodeaffinity/node_affinity.h"
#include "scheduler/plugins/nodename/node_name.h"
#include "scheduler/plugins/nodeports/node_ports.h"
#include "scheduler/plugins/noderesources/balanced_allocation.h"
#include "scheduler/plugins/noderesources/fit.h"
#include "scheduler/plugins/nodeunschedulable/node_unschedulable.h"
#include "scheduler/plugins/podtopologyspread/pod_topology_spread.h"
#include "scheduler/plugins/queuesort/priority_sort.h"
#include "scheduler/plugins/schedulinggates/scheduling_gates.h"
#include "scheduler/plugins/tainttoleration/taint_toleration.h"
#include "scheduler/plugins/volumebinding/volume_binding.h"

namespace kubepp::scheduler::plugins {

framework::Registry InTreeRegistry() {
  framework::Registry r;
  auto add = [&](std::string_view name, framework::PluginFactory f) { r.factories.emplace_back(name, std::move(f)); };
  add(kPrioritySort, queuesort::New);
  add(kSchedulingGates, schedulinggates::New);
  add(kNodeUnschedulable, nodeunschedulable::New);
  add(kNodeName, nodename::New);
  add(kTaintToleration, tainttoleration::New);
  add(kNodeAffinity, nodeaffinity::New);
  add(kNodePorts, nodeports::New);
  add(kNodeResourcesFit, noderesources::NewFit);
  add(kVolumeBinding, volumebinding::New);
  add(kPodTopologySpread, podtopologyspread::New);
  add(kInterPodAffinity, interpodaffinity::New);
  add(kDefaultPreemption, defaultpreemption::New);
  add(kNodeResourcesBalancedAllocation, noderesources::NewBalancedAllocation);
  add(kImageLocality, imagelocality::New);
  add(kDefaultBinder, defaultbinder::New);
  return r;
}

framework::PluginSet DefaultMultiPoint() {
  framework::PluginSet set;
  // Upstream's v1 default multiPoint list, less the volume plugins kubepp
  // does not have (VolumeRestrictions, NodeVolumeLimits, VolumeZone).
  const std::pair<std::string_view, int32_t> defaults[] = {
      {kSchedulingGates, 0},
      {kPrioritySort, 0},
      {kNodeUnschedulable, 0},
      {kNodeName, 0},
      {kTaintToleration, 3},
      {kNodeAffinity, 2},
      {kNodePorts, 0},
      {kNodeResourcesFit, 1},
      {kVolumeBinding, 0},
      {kPodTopologySpread, 2},
      {kInterPodAffinity, 2},
      {kDefaultPreemption, 0},
      {kNodeResourcesBalancedAllocation, 1},
      {kImageLocality, 1},
      {kDefaultBinder, 0},
  };
  for (const auto& [name, weight] : defaults) set.enabled.push_back({std::string(name), weight});
  return set;
}

framework::ProfileConfig DefaultProfile() {
  framework::ProfileConfig c;
  c.scheduler_name = "default-scheduler";
  c.plugins.multi_point = DefaultMultiPoint();
  return c;
}

}  // namespace kubepp::scheduler::plugins
