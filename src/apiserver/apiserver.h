// ApiServer: the composition root of the API server. It owns the store (or
// uses one it is given), the PKI, the HTTPS listener and the request
// handlers, and shows their lifecycle: Start() brings them up in order,
// Stop() takes them down in reverse.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "apiserver/component_health.h"
#include "base/status.h"

namespace kubepp::apiserver {

struct ApiServerOptions {
  std::string data_dir = "/var/lib/kubepp";
  std::string bind_address = "0.0.0.0";
  uint16_t secure_port = 6443;    // 0 = pick a free port
  int threads = 2;
  bool fsync = true;
  bool compress_store_values = true;  // store::EmbeddedOptions::compress_values
  // store::EmbeddedOptions::commit_linger_us. With half a millisecond, SchedulingBasic's creates
  // and bindings share their fsyncs: a run's fsyncs went from 11,200 to 6,200-6,700 and the
  // apiserver's thread switches from 109,000 to 88,000, while a write waits at most that long.
  int64_t store_commit_linger_us = 500;
  // Service account tokens (upstream's --service-account-* and
  // --api-audiences flags). An empty signing key file means
  // <data_dir>/pki/sa.key, created on first start.
  std::vector<std::string> service_account_issuers;  // empty = https://kubernetes.default.svc.cluster.local
  std::vector<std::string> api_audiences;            // empty = the issuers
  std::string service_account_signing_key_file;
  std::vector<std::string> service_account_key_files;
  int64_t service_account_max_token_expiration_seconds = 0;
  bool service_account_extend_token_expiration = true;
};

class ApiServer {
 public:
  static StatusOr<std::unique_ptr<ApiServer>> Start(const ApiServerOptions& options);
  virtual ~ApiServer() = default;
  virtual uint16_t port() const = 0;
  virtual std::string kubeconfig_path() const = 0;
  // componentstatuses/<name> asks `check` instead of probing the component's port: for
  // components running in this process.
  virtual void SetComponentHealth(const std::string& name, HealthCheck check) = 0;
  virtual void Stop() = 0;
};

}  // namespace kubepp::apiserver
