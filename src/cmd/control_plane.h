// ControlPlane: the controller-manager and the scheduler as `kubepp server`
// runs them next to its apiserver — in one process, yet talking to the
// apiserver only through its HTTPS API with the admin kubeconfig (DESIGN.md's
// first contract), and sharing one informer factory so each resource is
// watched once.
//
// Lifecycle: Start() once the apiserver serves; Stop() before the apiserver
// stops. Thread safety: Start/Stop from one thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "controllers/controller.h"
#include "scheduler/config/configuration.h"

namespace kubepp::cmd {

struct ControlPlaneOptions {
  std::string kubeconfig;  // the admin kubeconfig the apiserver wrote
  bool controller_manager = true;
  bool scheduler = true;
  std::vector<std::string> controllers = {"*"};
  // --scheduler-config, already validated; unset: the default profile. Its
  // leaderElection and clientConnection do not apply to the embedded scheduler.
  std::optional<scheduler::config::Configuration> scheduler_config;
  controllers::ControllerManagerOptions controller_options;
};

class ControlPlane {
 public:
  static StatusOr<std::unique_ptr<ControlPlane>> Start(ControlPlaneOptions options);
  virtual ~ControlPlane() = default;
  virtual void Stop() = 0;
};

}  // namespace kubepp::cmd
