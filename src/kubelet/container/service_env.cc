#include "kubelet/container/service_env.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::container {
namespace {

// "my-svc.x" -> "MY_SVC_X"; a leading digit gets a "_" in front.
std::string EnvVariableName(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 1);
  for (char c : name) {
    if (c == '.' || c == '-') {
      out += '_';
    } else {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0])))
    out.insert(out.begin(), '_');
  return out;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

bool IsServiceIpSet(const boost::json::object& service) {
  std::string ip = Str(Obj(&service, "spec"), "clusterIP");
  return !ip.empty() && ip != "None";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ServiceEnvVars(
    const boost::json::object& service) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!IsServiceIpSet(service)) return out;
  const boost::json::object* spec = Obj(&service, "spec");
  std::string ip = Str(spec, "clusterIP");
  std::string prefix = EnvVariableName(Str(Obj(&service, "metadata"), "name"));

  std::vector<const boost::json::object*> ports;
  if (const boost::json::array* list = Arr(spec, "ports")) {
    for (const auto& p : *list) {
      if (p.is_object()) ports.push_back(&p.get_object());
    }
  }
  out.emplace_back(prefix + "_SERVICE_HOST", ip);
  if (ports.empty()) return out;  // validation forbids this for Services with a cluster IP

  std::string port_name = prefix + "_SERVICE_PORT";
  out.emplace_back(port_name, std::to_string(Int(ports[0], "port").value_or(0)));
  // Every named port (only the first may be unnamed).
  for (const boost::json::object* p : ports) {
    std::string name = Str(p, "name");
    if (!name.empty())
      out.emplace_back(port_name + "_" + EnvVariableName(name),
                       std::to_string(Int(p, "port").value_or(0)));
  }
  // Docker-compatible link variables.
  for (size_t i = 0; i < ports.size(); ++i) {
    std::string protocol = Str(ports[i], "protocol");
    if (protocol.empty()) protocol = "TCP";
    std::string port = std::to_string(Int(ports[i], "port").value_or(0));
    std::string url = Lower(protocol) + "://" + ip + ":" + port;
    if (i == 0) out.emplace_back(prefix + "_PORT", url);
    std::string port_prefix = prefix + "_PORT_" + port + "_" + Upper(protocol);
    out.emplace_back(port_prefix, url);
    out.emplace_back(port_prefix + "_PROTO", Lower(protocol));
    out.emplace_back(port_prefix + "_PORT", port);
    out.emplace_back(port_prefix + "_ADDR", ip);
  }
  return out;
}

EnvMap ServiceEnvVarMap(std::string_view ns, bool enable_service_links,
                        const std::vector<client::ObjectPtr>& services) {
  std::map<std::string, const boost::json::object*, std::less<>> by_name;
  for (const client::ObjectPtr& service : services) {
    if (service == nullptr || !IsServiceIpSet(*service)) continue;
    std::string_view name = client::NameOf(*service);
    std::string_view service_ns = client::NamespaceOf(*service);
    if (service_ns == "default" && name == "kubernetes") {
      by_name.emplace(std::string(name), service.get());  // never replaces
    } else if (service_ns == ns && enable_service_links) {
      by_name[std::string(name)] = service.get();
    }
  }
  EnvMap out;
  for (const auto& entry : by_name) {
    for (auto& [k, v] : ServiceEnvVars(*entry.second)) out[k] = v;
  }
  return out;
}

}  // namespace kubepp::kubelet::container
