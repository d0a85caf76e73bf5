// DefaultBinder: binds by POSTing a Binding to pods/<name>/binding, which
// sets spec.nodeName on the apiserver.
// Thread safety: the ApiClient is thread-safe; no state of its own.
#pragma once

#include <memory>

#include "scheduler/framework/framework.h"

namespace kubepp::scheduler::plugins::defaultbinder {

class DefaultBinder : public framework::BindPlugin {
 public:
  explicit DefaultBinder(framework::Handle& handle) : handle_(handle) {}
  std::string_view Name() const override;
  framework::PluginStatus Bind(framework::CycleState& state, const framework::PodInfo& pod,
                               const std::string& node) override;

 private:
  framework::Handle& handle_;
};

std::unique_ptr<framework::Plugin> New(const boost::json::object& args, framework::Handle& handle);

}  // namespace kubepp::scheduler::plugins::defaultbinder
