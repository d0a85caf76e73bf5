// InterPodAffinity: required pod affinity (the node's topology domain must
// hold a pod the terms select), required anti-affinity (it must hold none),
// and existing pods' required anti-affinity against the incoming pod; the
// preferred terms of both sides (and existing pods' required affinity, with
// hardPodAffinityWeight) score topology domains, normalized to 0..100.
//
// PreFilter counts matching pods per (topologyKey, value) over the snapshot
// once per pod, so Filter is a few map lookups per node. Terms with a
// namespaceSelector scope pods by their namespace's labels: the incoming
// pod's selectors become namespace names for the cycle; existing pods'
// terms are matched against the incoming pod's namespace labels.
//
// Args (InterPodAffinityArgs): hardPodAffinityWeight (default 1),
// ignorePreferredTermsOfExistingPods (skip scoring when the pod has no
// preferred terms of its own).
// Thread safety: per-cycle data lives in the CycleState.
#pragma once

#include <memory>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::interpodaffinity {

inline constexpr std::string_view kErrReasonAffinity = "node(s) didn't match pod affinity rules";
inline constexpr std::string_view kErrReasonAntiAffinity = "node(s) didn't match pod anti-affinity rules";
inline constexpr std::string_view kErrReasonExistingAntiAffinity =
    "node(s) didn't satisfy existing pods anti-affinity rules";

class InterPodAffinity : public framework::PreFilterPlugin,
                         public framework::FilterPlugin,
                         public framework::PreScorePlugin,
                         public framework::ScorePlugin,
                         public framework::EnqueueExtensions {
 public:
  InterPodAffinity(const boost::json::object& args, framework::Handle& handle);
  std::string_view Name() const override;
  framework::PluginStatus PreFilter(framework::CycleState& state, const framework::PodInfo& pod,
                                    framework::PreFilterResult* result) override;
  framework::PluginStatus AddPod(framework::CycleState& state, const framework::PodInfo& pod,
                                 const framework::PodInfoPtr& other, const framework::NodeInfo& node) override;
  framework::PluginStatus RemovePod(framework::CycleState& state, const framework::PodInfo& pod,
                                    const framework::PodInfoPtr& other, const framework::NodeInfo& node) override;
  framework::PluginStatus Filter(const framework::CycleState& state, const framework::PodInfo& pod,
                                 const framework::NodeInfo& node) const override;
  framework::PluginStatus PreScore(framework::CycleState& state, const framework::PodInfo& pod,
                                   const std::vector<const framework::NodeInfo*>& nodes) override;
  framework::PluginStatus Score(const framework::CycleState& state, const framework::PodInfo& pod,
                                const framework::NodeInfo& node, int64_t* score) const override;
  bool HasNormalizeScore() const override { return true; }
  framework::PluginStatus NormalizeScore(const framework::CycleState& state, const framework::PodInfo& pod,
                                         std::vector<int64_t>& scores) const override;
  std::vector<framework::ClusterEvent> EventsToRegister() const override;

 private:
  framework::Handle& handle_;
  int64_t hard_pod_affinity_weight_ = 1;
  bool ignore_preferred_terms_of_existing_pods_ = false;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::interpodaffinity
