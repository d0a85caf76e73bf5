#include "kubelet/nodestatus/node_labels.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>

#include "api/names/names.h"

namespace kubepp::kubelet {
namespace {

// Sorted, as upstream lists them in its error message.
constexpr std::array<std::string_view, 11> kKubeletLabels = {
    "beta.kubernetes.io/arch",
    "beta.kubernetes.io/instance-type",
    "beta.kubernetes.io/os",
    "failure-domain.beta.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "kubernetes.io/arch",
    "kubernetes.io/hostname",
    "kubernetes.io/os",
    "node.kubernetes.io/instance-type",
    "topology.kubernetes.io/region",
    "topology.kubernetes.io/zone",
};
constexpr std::array<std::string_view, 2> kKubeletLabelNamespaces = {"kubelet.kubernetes.io", "node.kubernetes.io"};

std::string_view LabelNamespace(std::string_view key) {
  size_t slash = key.find('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(0, slash);
}

bool InNamespace(std::string_view ns, std::string_view domain) {
  return ns == domain || (ns.size() > domain.size() && ns.ends_with(domain) && ns[ns.size() - domain.size() - 1] == '.');
}

bool IsKubernetesLabel(std::string_view key) {
  std::string_view ns = LabelNamespace(key);
  return InNamespace(ns, "kubernetes.io") || InNamespace(ns, "k8s.io");
}

bool IsKubeletLabel(std::string_view key) {
  if (std::find(kKubeletLabels.begin(), kKubeletLabels.end(), key) != kKubeletLabels.end()) return true;
  std::string_view ns = LabelNamespace(key);
  for (auto allowed : kKubeletLabelNamespaces) {
    if (InNamespace(ns, allowed)) return true;
  }
  return false;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

}  // namespace

StatusOr<std::string> NodeHostname(std::string_view hostname_override) {
  std::string name(hostname_override);
  if (name.empty()) {
    char buf[HOST_NAME_MAX + 1] = {};
    if (gethostname(buf, sizeof(buf) - 1) != 0) return Status::Internal("couldn't determine hostname");
    name = buf;
  }
  size_t b = name.find_first_not_of(" \t\r\n");
  size_t e = name.find_last_not_of(" \t\r\n");
  name = b == std::string::npos ? std::string() : name.substr(b, e - b + 1);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name.empty()) return Status::Invalid("empty hostname is invalid");
  return name;
}

std::map<std::string, std::string> KubeletOwnLabels(std::string_view hostname, std::string_view os,
                                                    std::string_view arch) {
  return {{"kubernetes.io/hostname", std::string(hostname)},
          {"kubernetes.io/os", std::string(os)},
          {"kubernetes.io/arch", std::string(arch)},
          {"beta.kubernetes.io/os", std::string(os)},
          {"beta.kubernetes.io/arch", std::string(arch)}};
}

const std::vector<std::string>& ReconciledDefaultLabels() {
  static const std::vector<std::string> kLabels = {
      "kubernetes.io/hostname",
      "topology.kubernetes.io/zone",
      "topology.kubernetes.io/region",
      "failure-domain.beta.kubernetes.io/zone",
      "failure-domain.beta.kubernetes.io/region",
      "node.kubernetes.io/instance-type",
      "beta.kubernetes.io/instance-type",
      "kubernetes.io/os",
      "kubernetes.io/arch",
      "node.kubernetes.io/windows-build",
      "beta.kubernetes.io/os",
      "beta.kubernetes.io/arch",
  };
  return kLabels;
}

Status ValidateNodeLabels(const std::map<std::string, std::string>& labels) {
  std::vector<std::string> unknown;
  std::map<std::string, std::vector<std::string>> invalid;
  for (const auto& [k, v] : labels) {
    if (IsKubernetesLabel(k) && !IsKubeletLabel(k)) unknown.push_back(k);
    for (auto& e : api::IsQualifiedName(k)) invalid[k].push_back(e);
    for (auto& e : api::IsValidLabelValue(v)) invalid[v].push_back(e);
  }
  if (!unknown.empty()) {
    std::vector<std::string> namespaces(kKubeletLabelNamespaces.begin(), kKubeletLabelNamespaces.end());
    std::vector<std::string> allowed(kKubeletLabels.begin(), kKubeletLabels.end());
    return Status::BadRequest("unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [" +
                              Join(unknown, " ") +
                              "]\n--node-labels in the 'kubernetes.io' namespace must begin with an allowed "
                              "prefix (" +
                              Join(namespaces, ", ") + ") or be in the specifically allowed set (" +
                              Join(allowed, ", ") + ")");
  }
  if (!invalid.empty()) {
    std::vector<std::string> parts;
    for (const auto& [what, errs] : invalid) parts.push_back("'" + what + "' - " + Join(errs, ", "));
    return Status::BadRequest("invalid node labels: " + Join(parts, "; "));
  }
  return Status::Ok();
}

StatusOr<std::map<std::string, std::string>> ParseNodeLabels(std::string_view flag) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (!flag.empty() && start <= flag.size()) {
    size_t comma = flag.find(',', start);
    std::string_view item = flag.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return Status::BadRequest("malformed pair, expect string=string: " + std::string(item));
    }
    out[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace kubepp::kubelet
