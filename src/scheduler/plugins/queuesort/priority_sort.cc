#include "scheduler/plugins/queuesort/priority_sort.h"

#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::queuesort {

std::string_view PrioritySort::Name() const { return kPrioritySort; }

std::unique_ptr<framework::Plugin> New(const boost::json::object&, framework::Handle&) {
  return std::make_unique<PrioritySort>();
}

}  // namespace kubepp::scheduler::plugins::queuesort
