#include "kubelet/kuberuntime/sandbox_config.h"

#include <fstream>
#include <sstream>

#include "controllers/util/object_fields.h"
#include "kubelet/kuberuntime/labels.h"
#include "kubelet/kuberuntime/pod_security.h"
#include "kubelet/kuberuntime/security_profiles.h"
#include "kubelet/logs/log_paths.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::ArrayAt;
using controllers::util::BoolAt;
using controllers::util::IntAt;
using controllers::util::ObjectAt;
using controllers::util::StringAt;

namespace {

struct ResolvConf {
  std::vector<std::string> servers, searches, options;
};

ResolvConf ReadResolvConf(const std::string& path) {
  ResolvConf conf;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (key.empty() || key[0] == '#' || key[0] == ';') continue;
    std::vector<std::string>* into = key == "nameserver" ? &conf.servers
                                     : key == "search"   ? &conf.searches
                                     : key == "options"  ? &conf.options
                                                         : nullptr;
    if (!into) continue;
    if (key == "search") into->clear();  // the last search line wins
    for (std::string w; words >> w;) into->push_back(w);
  }
  return conf;
}

void AddStrings(const json::array* list, google::protobuf::RepeatedPtrField<std::string>* to) {
  if (!list) return;
  for (const auto& v : *list) {
    if (v.is_string()) *to->Add() = std::string(v.as_string());
  }
}

}  // namespace

std::string PodLogDirectory(const std::string& log_root, const json::object& pod) {
  return logs::PodLogsDirectoryIn(log_root, StringAt(pod, {"metadata", "namespace"}), StringAt(pod, {"metadata", "name"}),
                                  StringAt(pod, {"metadata", "uid"}));
}

runtime::v1::DNSConfig MakeDnsConfig(const json::object& pod, const SandboxConfigOptions& options) {
  runtime::v1::DNSConfig dns;
  std::string_view policy = StringAt(pod, {"spec", "dnsPolicy"});
  if (policy.empty()) policy = "ClusterFirst";
  bool host_network = BoolAt(pod, {"spec", "hostNetwork"}, false);
  bool cluster = (policy == "ClusterFirst" && !host_network) || policy == "ClusterFirstWithHostNet";
  if (cluster && options.cluster_dns.empty()) cluster = false;  // no cluster DNS: the node's
  if (policy != "None") {
    ResolvConf host = ReadResolvConf(options.resolv_conf);
    if (cluster) {
      for (const auto& s : options.cluster_dns) *dns.add_servers() = s;
      std::string ns(StringAt(pod, {"metadata", "namespace"}));
      *dns.add_searches() = ns + ".svc." + options.cluster_domain;
      *dns.add_searches() = "svc." + options.cluster_domain;
      *dns.add_searches() = options.cluster_domain;
      for (const auto& s : host.searches) *dns.add_searches() = s;
      *dns.add_options() = "ndots:5";
    } else {
      for (const auto& s : host.servers) *dns.add_servers() = s;
      for (const auto& s : host.searches) *dns.add_searches() = s;
      for (const auto& o : host.options) *dns.add_options() = o;
    }
  }
  if (const json::object* extra = ObjectAt(pod, {"spec", "dnsConfig"})) {
    AddStrings(ArrayAt(*extra, {"nameservers"}), dns.mutable_servers());
    AddStrings(ArrayAt(*extra, {"searches"}), dns.mutable_searches());
    if (const json::array* opts = ArrayAt(*extra, {"options"})) {
      for (const auto& o : *opts) {
        if (!o.is_object()) continue;
        std::string option(StringAt(o.as_object(), {"name"}));
        std::string_view value = StringAt(o.as_object(), {"value"});
        if (!value.empty()) option += ":" + std::string(value);
        // A pod option replaces the same-named default (ndots:5).
        auto* list = dns.mutable_options();
        std::string name = option.substr(0, option.find(':'));
        for (int i = 0; i < list->size(); ++i) {
          if (list->Get(i).substr(0, list->Get(i).find(':')) == name) {
            list->DeleteSubrange(i, 1);
            break;
          }
        }
        *dns.add_options() = option;
      }
    }
  }
  return dns;
}

runtime::v1::PodSandboxConfig MakeSandboxConfig(const json::object& pod, uint32_t attempt,
                                                const SandboxConfigOptions& options) {
  runtime::v1::PodSandboxConfig config;
  auto* meta = config.mutable_metadata();
  meta->set_name(std::string(StringAt(pod, {"metadata", "name"})));
  meta->set_namespace_(std::string(StringAt(pod, {"metadata", "namespace"})));
  meta->set_uid(std::string(StringAt(pod, {"metadata", "uid"})));
  meta->set_attempt(attempt);
  bool host_network = BoolAt(pod, {"spec", "hostNetwork"}, false);
  if (!host_network) {
    std::string hostname(StringAt(pod, {"spec", "hostname"}));
    if (hostname.empty()) hostname = std::string(StringAt(pod, {"metadata", "name"}));
    if (hostname.size() > 63) hostname.resize(63);
    while (!hostname.empty() && (hostname.back() == '-' || hostname.back() == '.')) hostname.pop_back();
    config.set_hostname(hostname);
  }
  config.set_log_directory(PodLogDirectory(options.log_root, pod));
  *config.mutable_dns_config() = MakeDnsConfig(pod, options);
  bool privileged = false;
  if (const json::array* containers = ArrayAt(pod, {"spec", "containers"})) {
    for (const auto& c : *containers) {
      if (!c.is_object()) continue;
      privileged = privileged || BoolAt(c.as_object(), {"securityContext", "privileged"}, false);
      const json::array* ports = ArrayAt(c.as_object(), {"ports"});
      if (!ports) continue;
      for (const auto& p : *ports) {
        if (!p.is_object()) continue;
        int64_t host_port = IntAt(p.as_object(), {"hostPort"}, 0);
        if (host_port <= 0) continue;
        auto* mapping = config.add_port_mappings();
        std::string_view protocol = StringAt(p.as_object(), {"protocol"});
        mapping->set_protocol(protocol == "UDP"    ? runtime::v1::UDP
                              : protocol == "SCTP" ? runtime::v1::SCTP
                                                   : runtime::v1::TCP);
        mapping->set_container_port(static_cast<int32_t>(IntAt(p.as_object(), {"containerPort"}, 0)));
        mapping->set_host_port(static_cast<int32_t>(host_port));
        mapping->set_host_ip(std::string(StringAt(p.as_object(), {"hostIP"})));
      }
    }
  }
  for (const auto& [k, v] : SandboxLabels(pod)) (*config.mutable_labels())[k] = v;
  for (const auto& [k, v] : SandboxAnnotations(pod)) (*config.mutable_annotations())[k] = v;
  auto* linux = config.mutable_linux();
  linux->set_cgroup_parent(options.cgroup_parent);
  auto* security = linux->mutable_security_context();
  *security->mutable_namespace_options() = PodNamespaceOptions(pod);
  AddPodSupplementalGroups(pod, security->mutable_supplemental_groups());
  security->set_privileged(privileged);
  // A Localhost profile without its name never passes validation; the
  // sandbox then stays unconfined rather than failing.
  if (auto seccomp = SeccompProfileFor(pod, nullptr, options.seccomp_profile_root); seccomp.ok()) {
    *security->mutable_seccomp() = std::move(*seccomp);
  }
  if (const json::object* psc = ObjectAt(pod, {"spec", "securityContext"})) {
    if (const json::value* uid = psc->if_contains("runAsUser"); uid && uid->is_int64()) {
      security->mutable_run_as_user()->set_value(uid->as_int64());
    }
    if (const json::value* gid = psc->if_contains("runAsGroup"); gid && gid->is_int64()) {
      security->mutable_run_as_group()->set_value(gid->as_int64());
    }
    if (const json::array* sysctls = ArrayAt(*psc, {"sysctls"})) {
      for (const auto& s : *sysctls) {
        if (!s.is_object()) continue;
        (*linux->mutable_sysctls())[std::string(StringAt(s.as_object(), {"name"}))] =
            std::string(StringAt(s.as_object(), {"value"}));
      }
    }
  }
  return config;
}

}  // namespace kubepp::kubelet
