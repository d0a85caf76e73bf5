// What a control-plane component says of its health when componentstatuses asks it
// (apiserver/component_statuses.h).
#pragma once

#include <functional>
#include <string>

namespace kubepp::apiserver {

struct ComponentHealth {
  enum class Result { kSuccess, kFailure, kUnknown };
  Result result = Result::kUnknown;
  std::string message;  // what the component said ("ok")
  std::string error;    // why it could not be asked, or what the failure was
};
using HealthCheck = std::function<ComponentHealth()>;

}  // namespace kubepp::apiserver
