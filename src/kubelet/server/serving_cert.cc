#include "kubelet/server/serving_cert.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

namespace kubepp::kubelet::server {

StatusOr<ServingCertFiles> WriteServingCert(const std::string& dir, const std::string& node_name,
                                            const std::vector<std::string>& names,
                                            const net::PkiPaths* cluster_ca) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Internal("creating " + dir + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);  // holds a private key
  std::vector<std::string> sans = {node_name};
  for (const auto& n : names) {
    if (!n.empty() && std::find(sans.begin(), sans.end(), n) == sans.end()) sans.push_back(n);
  }
  auto pair = cluster_ca ? net::IssueServingCert(*cluster_ca, node_name, sans)
                         : net::SelfSignedServingCert(node_name, sans);
  if (!pair.ok()) return pair.status();
  ServingCertFiles files{dir + "/kubelet.crt", dir + "/kubelet.key"};
  KUBEPP_RETURN_IF_ERROR(net::WriteCertAndKey(files.cert_file, files.key_file, *pair));
  return files;
}

}  // namespace kubepp::kubelet::server
