// ImageLocality: prefers nodes that already hold the pod's images, weighing
// each image's size by how widely it is spread (an image on every node says
// little), between 23MB and 1000MB per container as upstream.
// Thread safety: reads the cycle's snapshot only.
#pragma once

#include <memory>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::imagelocality {

class ImageLocality : public framework::PreScorePlugin, public framework::ScorePlugin {
 public:
  explicit ImageLocality(framework::Handle& handle) : handle_(handle) {}
  std::string_view Name() const override;
  // Skip when no node holds any of the pod's images: every score would be 0.
  framework::PluginStatus PreScore(framework::CycleState& state, const framework::PodInfo& pod,
                                   const std::vector<const framework::NodeInfo*>& nodes) override;
  framework::PluginStatus Score(const framework::CycleState& state, const framework::PodInfo& pod,
                                const framework::NodeInfo& node, int64_t* score) const override;

 private:
  framework::Handle& handle_;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::imagelocality
