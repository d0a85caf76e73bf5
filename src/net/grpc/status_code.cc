#include "net/grpc/status_code.h"

#include <array>

namespace kubepp::net::grpc {

std::string_view CodeName(StatusCode code) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  auto i = static_cast<size_t>(code);
  return i < kNames.size() ? kNames[i] : std::string_view();
}

}  // namespace kubepp::net::grpc
