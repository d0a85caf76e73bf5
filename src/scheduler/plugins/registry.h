// The plugins kubepp has, registered in one function, and the default
// profile ("default-scheduler") as upstream's v1 defaults: every plugin
// enabled through multiPoint, in upstream's order, with its score weight
// (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, InterPodAffinity
// 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1, ImageLocality 1).
#pragma once

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins {

framework::Registry InTreeRegistry();
// The multiPoint set KubeSchedulerConfiguration's defaults start from.
framework::PluginSet DefaultMultiPoint();
framework::ProfileConfig DefaultProfile();

}  // namespace kubepp::scheduler::plugins
