#include "kubelet/volumes/hosts_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "api/names/names.h"
#include "api/validation/field_errors.h"
#include "base/go_quote.h"
#include "client/object.h"
#include "kubelet/pod_fields.h"

namespace kubepp::kubelet::volumes {
namespace {

constexpr char kManagedHeader[] = "# Kubernetes-managed hosts file.\n";
constexpr char kManagedHeaderHostNetwork[] = "# Kubernetes-managed hosts file (host network).\n";
constexpr size_t kHostnameMaxLength = 63;

std::string HostAliasEntries(const boost::json::array* host_aliases) {
  if (host_aliases == nullptr || host_aliases->empty()) return "";
  std::string out = "\n# Entries added by HostAliases.\n";
  for (const auto& v : *host_aliases) {
    if (!v.is_object()) continue;
    const boost::json::object& alias = v.get_object();
    out += Str(&alias, "ip");
    out += '\t';
    std::vector<std::string> names = api::validation::Strings(&alias, "hostnames");
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += '\t';
      out += names[i];
    }
    out += '\n';
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string ManagedHostsFileContent(const std::vector<std::string>& pod_ips,
                                    const std::string& hostname, const std::string& host_domain,
                                    const boost::json::array* host_aliases) {
  std::string out = kManagedHeader;
  out += "127.0.0.1\tlocalhost\n";
  out += "::1\tlocalhost ip6-localhost ip6-loopback\n";
  out += "fe00::0\tip6-localnet\n";
  out += "fe00::0\tip6-mcastprefix\n";
  out += "fe00::1\tip6-allnodes\n";
  out += "fe00::2\tip6-allrouters\n";
  for (const std::string& ip : pod_ips) {
    if (!host_domain.empty()) {
      out += ip + "\t" + hostname + "." + host_domain + "\t" + hostname + "\n";
    } else {
      out += ip + "\t" + hostname + "\n";
    }
  }
  out += HostAliasEntries(host_aliases);
  return out;
}

StatusOr<std::string> NodeHostsFileContent(const std::string& node_hosts_file,
                                           const boost::json::array* host_aliases) {
  std::ifstream in(node_hosts_file, std::ios::binary);
  if (!in) return Status::Internal("open " + node_hosts_file + ": " + std::strerror(errno));
  std::stringstream content;
  content << in.rdbuf();
  return kManagedHeaderHostNetwork + content.str() + HostAliasEntries(host_aliases);
}

Status EnsureHostsFile(const std::string& path, const boost::json::object& pod,
                       const std::vector<std::string>& pod_ips, const std::string& hostname,
                       const std::string& host_domain, const std::string& node_hosts_file) {
  const boost::json::object* spec = Obj(&pod, "spec");
  const boost::json::array* aliases = Arr(spec, "hostAliases");
  std::string content;
  if (Bool(spec, "hostNetwork").value_or(false)) {
    StatusOr<std::string> node = NodeHostsFileContent(node_hosts_file, aliases);
    if (!node.ok()) return node.status();
    content = std::move(*node);
  } else {
    content = ManagedHostsFileContent(pod_ips, hostname, host_domain, aliases);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Internal("open " + path + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status st = Status::Internal("write " + path + ": " + std::strerror(errno));
      ::close(fd);
      return st;
    }
    done += static_cast<size_t>(n);
  }
  Status st;
  if (::fchmod(fd, 0644) != 0) st = Status::Internal("chmod " + path + ": " + std::strerror(errno));
  ::close(fd);
  return st;
}

StatusOr<std::pair<std::string, std::string>> PodHostnameAndDomain(
    const boost::json::object& pod, const std::string& cluster_domain) {
  const boost::json::object* spec = Obj(&pod, "spec");
  std::string pod_name(client::NameOf(pod));
  std::string hostname = pod_name;
  std::string requested = Str(spec, "hostname");
  if (!requested.empty()) {
    std::vector<std::string> errs = api::IsDNS1123Label(requested);
    if (!errs.empty()) {
      return Status::Invalid("pod Hostname " + GoQuote(requested) +
                             " is not a valid DNS label: " + Join(errs, ";"));
    }
    hostname = requested;
  }
  if (hostname.size() > kHostnameMaxLength) {
    // A hostname is at most 63 bytes, and must not end in '-' or '.'.
    std::string cut = hostname.substr(0, kHostnameMaxLength);
    while (!cut.empty() && (cut.back() == '-' || cut.back() == '.')) cut.pop_back();
    if (cut.empty()) {
      return Status::Invalid("hostname for pod " + GoQuote(pod_name) +
                             " was invalid: " + GoQuote(hostname));
    }
    hostname = cut;
  }
  std::string domain;
  std::string subdomain = Str(spec, "subdomain");
  if (!subdomain.empty()) {
    std::vector<std::string> errs = api::IsDNS1123Label(subdomain);
    if (!errs.empty()) {
      return Status::Invalid("pod Subdomain " + GoQuote(subdomain) +
                             " is not a valid DNS label: " + Join(errs, ";"));
    }
    domain = subdomain + "." + std::string(client::NamespaceOf(pod)) + ".svc." + cluster_domain;
  }
  return std::make_pair(hostname, domain);
}

}  // namespace kubepp::kubelet::volumes
