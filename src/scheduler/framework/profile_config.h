// ProfileConfig: what one scheduling profile runs — the plugins enabled and
// disabled at each extension point (upstream's config.Plugins), their
// arguments and the score weights — after KubeSchedulerConfiguration's
// defaults have been merged in (scheduler/config/). The Framework builds a
// profile from it the way upstream's frameworkImpl does:
//
//   1. every plugin named anywhere is built once, with its args;
//   2. each extension point gets the plugins enabled there explicitly, in
//      order, then the multiPoint plugins that implement that point, unless
//      disabled there (by name or "*"); a multiPoint plugin also enabled
//      explicitly keeps its explicit place (an override);
//   3. score weights come from score.enabled first, then multiPoint.enabled;
//      a weight of 0 means 1.
//
// Thread safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace kubepp::scheduler::framework {

// The extension points a profile configures, in the order a pod meets them.
enum class ExtensionPoint {
  kPreEnqueue,
  kQueueSort,
  kPreFilter,
  kFilter,
  kPostFilter,
  kPreScore,
  kScore,
  kReserve,
  kPermit,
  kPreBind,
  kBind,
  kPostBind,
};
inline constexpr size_t kExtensionPointCount = 12;

// The field name in KubeSchedulerConfiguration ("preFilter").
std::string_view ConfigName(ExtensionPoint point);
// Upstream's interface name, used in its error messages ("PreFilterPlugin").
std::string_view InterfaceName(ExtensionPoint point);

struct PluginRef {
  std::string name;
  int32_t weight = 0;  // Score only; 0 means "unset" (1, or the multiPoint weight)
};

struct PluginSet {
  std::vector<PluginRef> enabled;
  std::vector<std::string> disabled;  // "*" disables every default plugin of the point
  bool Disables(std::string_view name) const;
};

struct PluginsConfig {
  PluginSet multi_point;
  std::array<PluginSet, kExtensionPointCount> points;
  PluginSet& at(ExtensionPoint p) { return points[static_cast<size_t>(p)]; }
  const PluginSet& at(ExtensionPoint p) const { return points[static_cast<size_t>(p)]; }
};

struct ProfileConfig {
  std::string scheduler_name = "default-scheduler";
  PluginsConfig plugins;
  // The pluginConfig args by plugin name ({} for plugins without any).
  std::map<std::string, boost::json::object, std::less<>> plugin_args;
  // 0: upstream's adaptive percentage (50% minus 1% per 125 nodes, at least 5%).
  int percentage_of_nodes_to_score = 0;
};

}  // namespace kubepp::scheduler::framework
