#include "scheduler/config/defaults.h"

#include <algorithm>
#include <set>

#include "scheduler/plugins/registry.h"

namespace kubepp::scheduler::config {

using boost::json::array;
using boost::json::object;
using framework::PluginRef;
using framework::PluginSet;

PluginSet MergePluginSet(const PluginSet& defaults, const PluginSet& custom) {
  PluginSet out;
  for (const std::string& d : custom.disabled) out.disabled.push_back(d);
  for (const std::string& d : defaults.disabled) out.disabled.push_back(d);
  std::vector<bool> replaced(custom.enabled.size(), false);
  if (!out.Disables("*")) {
    for (const PluginRef& def : defaults.enabled) {
      if (out.Disables(def.name)) continue;
      PluginRef chosen = def;
      // Re-enabled by the profile: it keeps the default's place with the profile's settings.
      for (size_t i = 0; i < custom.enabled.size(); ++i) {
        if (custom.enabled[i].name == def.name) {
          chosen = custom.enabled[i];
          replaced[i] = true;
        }
      }
      out.enabled.push_back(std::move(chosen));
    }
  }
  // The profile's other plugins follow; duplicates are left for the framework to reject.
  for (size_t i = 0; i < custom.enabled.size(); ++i) {
    if (!replaced[i]) out.enabled.push_back(custom.enabled[i]);
  }
  return out;
}

framework::PluginsConfig MergePlugins(const framework::PluginsConfig& custom) {
  framework::PluginsConfig out;
  out.multi_point = MergePluginSet(plugins::DefaultMultiPoint(), custom.multi_point);
  for (size_t i = 0; i < framework::kExtensionPointCount; ++i) {
    out.points[i] = MergePluginSet(PluginSet{}, custom.points[i]);
  }
  return out;
}

std::vector<std::string> EnabledPluginNames(const framework::PluginsConfig& plugins) {
  std::set<std::string> names;
  for (const PluginRef& p : plugins.multi_point.enabled) names.insert(p.name);
  for (const PluginSet& set : plugins.points) {
    for (const PluginRef& p : set.enabled) names.insert(p.name);
  }
  return {names.begin(), names.end()};
}

namespace {

bool Unset(const object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v == nullptr || v->is_null();
}

array DefaultResources() {
  return array{object{{"name", "cpu"}, {"weight", 1}}, object{{"name", "memory"}, {"weight", 1}}};
}

// Empty or unset resources become cpu and memory; weight 0 (or unset) becomes 1.
void DefaultResourceList(object& holder) {
  auto* v = holder.if_contains("resources");
  if (v == nullptr || !v->is_array() || v->get_array().empty()) {
    holder["resources"] = DefaultResources();
    return;
  }
  for (auto& r : v->get_array()) {
    auto* o = r.if_object();
    if (o == nullptr) continue;
    const auto* w = o->if_contains("weight");
    if (w == nullptr || w->is_null() || (w->is_int64() && w->get_int64() == 0)) (*o)["weight"] = 1;
  }
}

}  // namespace

void DefaultPluginArgs(std::string_view plugin, object& args) {
  if (plugin == "DefaultPreemption") {
    if (Unset(args, "minCandidateNodesPercentage")) args["minCandidateNodesPercentage"] = 10;
    if (Unset(args, "minCandidateNodesAbsolute")) args["minCandidateNodesAbsolute"] = 100;
  } else if (plugin == "InterPodAffinity") {
    if (Unset(args, "hardPodAffinityWeight")) args["hardPodAffinityWeight"] = 1;
  } else if (plugin == "NodeResourcesFit") {
    if (Unset(args, "scoringStrategy") || !args["scoringStrategy"].is_object()) {
      args["scoringStrategy"] = object{{"type", "LeastAllocated"}, {"resources", DefaultResources()}};
    } else {
      DefaultResourceList(args["scoringStrategy"].as_object());
    }
  } else if (plugin == "PodTopologySpread") {
    const auto* t = args.if_contains("defaultingType");
    if (t == nullptr || !t->is_string() || t->get_string().empty()) args["defaultingType"] = "System";
  } else if (plugin == "NodeResourcesBalancedAllocation") {
    DefaultResourceList(args);
  } else if (plugin == "VolumeBinding") {
    if (Unset(args, "bindTimeoutSeconds")) args["bindTimeoutSeconds"] = 600;
  }
}

}  // namespace kubepp::scheduler::config
