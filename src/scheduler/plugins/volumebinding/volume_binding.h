// VolumeBinding: a pod's PersistentVolumeClaims decide where it may run, as upstream's plugin
// decides it for claims that are already bound or cannot be:
//   - a claim that does not exist, or is being deleted, keeps the pod off every node;
//   - an unbound claim of a class that binds at once (Immediate, or no class) keeps it waiting
//     ("pod has unbound immediate PersistentVolumeClaims") until the claim binds;
//   - an unbound claim of a WaitForFirstConsumer class finds no volume on any node: kubepp's
//     PersistentVolume binder binds such claims as soon as a volume matches, so one still unbound
//     has none to bind to;
//   - a claim bound to a volume with node affinity (a local volume) takes the pod only to the
//     nodes that affinity selects.
// Generic ephemeral volumes count as their claim, <pod>-<volume>.
// Thread safety: Filter reads only the cycle state; the rest runs on the scheduling thread.
#pragma once

#include <memory>
#include <string_view>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::volumebinding {

inline constexpr std::string_view kErrReasonUnboundImmediate =
    "pod has unbound immediate PersistentVolumeClaims";
inline constexpr std::string_view kErrReasonNodeConflict =
    "node(s) had volume node affinity conflict";
inline constexpr std::string_view kErrReasonBindConflict =
    "node(s) didn't find available persistent volumes to bind";
inline constexpr std::string_view kErrReasonPVNotExist =
    "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

class VolumeBinding : public framework::PreFilterPlugin,
                      public framework::FilterPlugin,
                      public framework::EnqueueExtensions {
 public:
  explicit VolumeBinding(framework::Handle& handle) : handle_(handle) {}
  std::string_view Name() const override;
  framework::PluginStatus PreFilter(framework::CycleState& state, const framework::PodInfo& pod,
                                    framework::PreFilterResult* result) override;
  framework::PluginStatus Filter(const framework::CycleState& state, const framework::PodInfo& pod,
                                 const framework::NodeInfo& node) const override;
  std::vector<framework::ClusterEvent> EventsToRegister() const override;

 private:
  framework::Handle& handle_;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::volumebinding
