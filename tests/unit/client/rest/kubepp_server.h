// KubeppServer: a real `kubepp apiserver` child process on a free loopback
// port with a temporary data dir, for tests of the client against the real
// API. The binary is $KUBEPP_BIN, else the `kubepp` next to the tests folder
// of the build (build/tests/unit_x -> build/kubepp). Stopped by PID.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "base/status.h"
#include "client/api_client.h"
#include "client/kubeconfig.h"

namespace kubepp::client::testing {

class KubeppServer {
 public:
  // Starts the server and waits (up to 90 s) until it answers; error if it
  // cannot. Status NotFound when there is no kubepp binary.
  static StatusOr<std::unique_ptr<KubeppServer>> Start();
  ~KubeppServer();

  const ClientConfig& config() const { return config_; }
  const std::string& log_path() const { return log_; }

 private:
  KubeppServer() = default;
  pid_t pid_ = -1;
  std::string dir_, log_;
  ClientConfig config_;
};

}  // namespace kubepp::client::testing
