#include "kubelet/container/env_expansion.h"

#include <set>

#include "kubelet/container/expansion.h"
#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::container {
namespace {

// Later duplicates win, as when upstream copies the list into a map.
EnvMap ToMap(const std::vector<EnvVar>& envs) {
  EnvMap out;
  for (const EnvVar& e : envs) out[e.name] = e.value;
  return out;
}

}  // namespace

CommandAndArgs ExpandContainerCommandAndArgs(const boost::json::object& container,
                                             const std::vector<EnvVar>& envs) {
  EnvMap vars = ToMap(envs);
  ExpansionMapping mapping = MappingFor({&vars});
  CommandAndArgs out;
  for (const std::string& c : api::validation::Strings(&container, "command"))
    out.command.push_back(Expand(c, mapping));
  for (const std::string& a : api::validation::Strings(&container, "args"))
    out.args.push_back(Expand(a, mapping));
  return out;
}

StatusOr<std::string> ExpandSubPathExpr(std::string_view sub_path_expr,
                                        const std::vector<EnvVar>& envs) {
  EnvMap vars = ToMap(envs);
  std::set<std::string> missing;
  std::string expanded =
      Expand(sub_path_expr, [&vars, &missing](std::string_view name) -> std::string {
        auto it = vars.find(name);
        if (it == vars.end() || it->second.empty()) {
          missing.emplace(name);
          return "";
        }
        return it->second;
      });
  if (!missing.empty()) {
    std::string msg = "missing value for ";
    bool first = true;
    for (const std::string& m : missing) {
      if (!first) msg += ", ";
      msg += m;
      first = false;
    }
    return Status::Invalid(msg);
  }
  return expanded;
}

}  // namespace kubepp::kubelet::container
