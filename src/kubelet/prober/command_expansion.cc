#include "kubelet/prober/command_expansion.h"

#include "kubelet/container/expansion.h"
#include "kubelet/json_access.h"

namespace kubepp::kubelet::prober {
namespace json = boost::json;

std::vector<std::string> ExpandCommandStatic(const std::vector<std::string>& command, const json::object& container) {
  // Only literal values: a valueFrom entry maps to "" (its .value), as upstream.
  container::EnvMap env;
  if (const json::array* list = ArrayIn(&container, "env")) {
    for (const auto& e : *list) {
      const json::object* o = e.if_object();
      if (o) env[std::string(StringIn(o, "name"))] = std::string(StringIn(o, "value"));
    }
  }
  container::ExpansionMapping mapping = container::MappingFor({&env});
  std::vector<std::string> out;
  out.reserve(command.size());
  for (const auto& arg : command) out.push_back(container::Expand(arg, mapping));
  return out;
}

}  // namespace kubepp::kubelet::prober
