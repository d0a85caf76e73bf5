#include "scheduler/plugins/defaultbinder/default_binder.h"

#include "scheduler/framework/resources.h"
#include "scheduler/plugins/names.h"

namespace kubepp::scheduler::plugins::defaultbinder {

using namespace framework;  // NOLINT

std::string_view DefaultBinder::Name() const { return kDefaultBinder; }

PluginStatus DefaultBinder::Bind(CycleState&, const PodInfo& pod, const std::string& node) {
  if (handle_.client == nullptr) return PluginStatus(Code::kError, "no API client to bind with");
  boost::json::object binding{
      {"apiVersion", "v1"},
      {"kind", "Binding"},
      {"metadata", boost::json::object{{"name", pod.name}, {"namespace", pod.ns}, {"uid", pod.uid}}},
      {"target", boost::json::object{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node}}},
  };
  const client::Resource& pods = PodsResource();
  StatusOr<client::ObjectPtr> r = handle_.client->CreateSubresource(pods, pod.ns, pod.name, "binding", binding);
  if (!r.ok()) return PluginStatus(Code::kError, r.status().message());
  return {};
}

std::unique_ptr<Plugin> New(const boost::json::object&, Handle& handle) {
  return std::make_unique<DefaultBinder>(handle);
}

}  // namespace kubepp::scheduler::plugins::defaultbinder
