// The v1 defaults of KubeSchedulerConfiguration that concern plugins, as
// upstream's pkg/scheduler/apis/config/v1 applies them:
//
// MergePluginSet: a profile's set for one extension point is merged into the
// default one — default plugins the profile disables (or all, with "*") are
// dropped, a default plugin the profile enables again keeps its place with
// the profile's settings (weight), the profile's other plugins follow; the
// disabled list is kept so that multiPoint expansion skips those plugins.
// The default set is upstream's multiPoint list (DefaultMultiPoint) with
// every other extension point empty.
//
// DefaultPluginArgs: the defaults of the in-tree args types, e.g.
// NodeResourcesFit's LeastAllocated over cpu and memory with weight 1.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "scheduler/framework/profile_config.h"

namespace kubepp::scheduler::config {

framework::PluginSet MergePluginSet(const framework::PluginSet& defaults, const framework::PluginSet& custom);
// The default plugins with a profile's plugin sets merged in.
framework::PluginsConfig MergePlugins(const framework::PluginsConfig& custom);
// Every plugin enabled anywhere in `plugins`, sorted (upstream's pluginsNames).
std::vector<std::string> EnabledPluginNames(const framework::PluginsConfig& plugins);
// Fills the defaults of `plugin`'s args into `args` (fields left unset or null).
void DefaultPluginArgs(std::string_view plugin, boost::json::object& args);

}  // namespace kubepp::scheduler::config
