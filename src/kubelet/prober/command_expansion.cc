#include "kubelet/prober/command_expansion.h"

#include <map>

#include "kubelet/json_access.h"

namespace kubepp::kubelet::prober {
namespace json = boost::json;
namespace {

std::string Expand(const std::string& input, const std::map<std::string, std::string>& env) {
  std::string out;
  size_t checkpoint = 0;
  for (size_t cursor = 0; cursor < input.size(); ++cursor) {
    if (input[cursor] != '$' || cursor + 1 >= input.size()) continue;
    out.append(input, checkpoint, cursor - checkpoint);
    char next = input[cursor + 1];
    size_t advance = 1;
    if (next == '$') {
      out += '$';  // escaped
    } else if (next == '(') {
      size_t close = input.find(')', cursor + 2);
      if (close == std::string::npos) {
        out += "$(";  // incomplete reference, kept
      } else {
        std::string name = input.substr(cursor + 2, close - cursor - 2);
        auto it = env.find(name);
        out += it != env.end() ? it->second : "$(" + name + ")";
        advance = close - cursor;
      }
    } else {
      out += '$';
      out += next;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  out.append(input, checkpoint, std::string::npos);
  return out;
}

}  // namespace

std::vector<std::string> ExpandCommandStatic(const std::vector<std::string>& command, const json::object& container) {
  std::map<std::string, std::string> env;
  if (const json::array* list = ArrayIn(&container, "env")) {
    for (const auto& e : *list) {
      const json::object* o = e.if_object();
      if (o) env[std::string(StringIn(o, "name"))] = std::string(StringIn(o, "value"));
    }
  }
  std::vector<std::string> out;
  out.reserve(command.size());
  for (const auto& arg : command) out.push_back(Expand(arg, env));
  return out;
}

}  // namespace kubepp::kubelet::prober
