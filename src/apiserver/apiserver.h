// ApiServer: the composition root of the API server. It owns the store (or
// uses one it is given), the PKI, the HTTPS listener and the request
// handlers, and shows their lifecycle: Start() brings them up in order,
// Stop() takes them down in reverse.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"

namespace kubepp::apiserver {

struct ApiServerOptions {
  std::string data_dir = "/var/lib/kubepp";
  std::string bind_address = "0.0.0.0";
  uint16_t secure_port = 6443;    // 0 = pick a free port
  int threads = 2;
  bool fsync = true;
};

class ApiServer {
 public:
  static StatusOr<std::unique_ptr<ApiServer>> Start(const ApiServerOptions& options);
  virtual ~ApiServer() = default;
  virtual uint16_t port() const = 0;
  virtual std::string kubeconfig_path() const = 0;
  virtual void Stop() = 0;
};

}  // namespace kubepp::apiserver
