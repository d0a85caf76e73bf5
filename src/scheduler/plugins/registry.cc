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
  add(kPodTopologySpread, podtopologyspread::New);
  add(kInterPodAffinity, interpodaffinity::New);
  add(kDefaultPreemption, defaultpreemption::New);
  add(kNodeResourcesBalancedAllocation, noderesources::NewBalancedAllocation);
  add(kImageLocality, imagelocality::New);
  add(kDefaultBinder, defaultbinder::New);
  return r;
}

framework::ProfileConfig DefaultProfile() {
  framework::ProfileConfig c;
  c.scheduler_name = "default-scheduler";
  for (std::string_view n : {kSchedulingGates, kPrioritySort, kNodeUnschedulable, kNodeName, kTaintToleration,
                             kNodeAffinity, kNodePorts, kNodeResourcesFit, kPodTopologySpread, kInterPodAffinity,
                             kDefaultPreemption, kNodeResourcesBalancedAllocation, kImageLocality, kDefaultBinder}) {
    c.plugins.emplace_back(n);
  }
  c.score_weights = {{std::string(kTaintToleration), 3},
                     {std::string(kNodeAffinity), 2},
                     {std::string(kPodTopologySpread), 2},
                     {std::string(kInterPodAffinity), 2},
                     {std::string(kNodeResourcesFit), 1},
                     {std::string(kNodeResourcesBalancedAllocation), 1},
                     {std::string(kImageLocality), 1}};
  return c;
}

}  // namespace kubepp::scheduler::plugins
