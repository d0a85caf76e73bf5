// Kubeconfig loading with kubectl's precedence: an explicit path
// (--kubeconfig), else $KUBECONFIG (a ':'-separated list, merged: the first
// file to set a map entry or current-context wins), else ~/.kube/config.
// Certificates and keys inline (*-data, base64) or by path (relative paths
// resolve against the file that names them); bearer tokens (token,
// tokenFile); the context from current-context or an explicit override.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kubepp::client {

struct ClientConfig {
  std::string server;  // "https://127.0.0.1:6443"
  std::string host;    // parsed from server
  uint16_t port = 443;
  std::string tls_server_name;  // "" = host
  bool insecure_skip_tls_verify = false;
  // PEM contents (inline data decoded, files read), not paths.
  std::string ca_pem, cert_pem, key_pem;
  std::string bearer_token;
  std::string context, cluster, user, default_namespace;  // namespace "" -> "default"
};

// `explicit_path` and `context_override` may be "".
StatusOr<ClientConfig> LoadKubeconfig(std::string_view explicit_path, std::string_view context_override = {});
// Parses one kubeconfig document (relative paths resolve against `base_dir`).
StatusOr<ClientConfig> ParseKubeconfig(std::string_view yaml, std::string_view base_dir,
                                       std::string_view context_override = {});

}  // namespace kubepp::client
