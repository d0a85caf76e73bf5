// PrioritySort: the active queue pops higher spec.priority first, then the
// pod queued earliest.
// Thread safety: stateless.
#pragma once

#include <memory>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::queuesort {

class PrioritySort : public framework::QueueSortPlugin {
 public:
  std::string_view Name() const override;
  bool Less(const framework::PodInfo& a, Clock::TimePoint a_queued, const framework::PodInfo& b,
            Clock::TimePoint b_queued) const override {
    if (a.priority != b.priority) return a.priority > b.priority;
    return a_queued < b_queued;
  }
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::queuesort
