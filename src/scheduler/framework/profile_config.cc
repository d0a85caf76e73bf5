#include "scheduler/framework/profile_config.h"

#include <algorithm>

namespace kubepp::scheduler::framework {

namespace {
struct PointNames {
  std::string_view config;
  std::string_view interface;
};
constexpr std::array<PointNames, kExtensionPointCount> kNames = {{
    {"preEnqueue", "PreEnqueuePlugin"},
    {"queueSort", "QueueSortPlugin"},
    {"preFilter", "PreFilterPlugin"},
    {"filter", "FilterPlugin"},
    {"postFilter", "PostFilterPlugin"},
    {"preScore", "PreScorePlugin"},
    {"score", "ScorePlugin"},
    {"reserve", "ReservePlugin"},
    {"permit", "PermitPlugin"},
    {"preBind", "PreBindPlugin"},
    {"bind", "BindPlugin"},
    {"postBind", "PostBindPlugin"},
}};
}  // namespace

std::string_view ConfigName(ExtensionPoint point) { return kNames[static_cast<size_t>(point)].config; }
std::string_view InterfaceName(ExtensionPoint point) { return kNames[static_cast<size_t>(point)].interface; }

bool PluginSet::Disables(std::string_view name) const {
  return std::find(disabled.begin(), disabled.end(), name) != disabled.end();
}

}  // namespace kubepp::scheduler::framework
