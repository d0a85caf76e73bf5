#include "kubelet/cri/grpc_status.h"

#include <string>

#include "net/grpc/status_code.h"

namespace kubepp::kubelet::cri {
namespace {

using net::grpc::StatusCode;

Reason ReasonFor(int code) {
  switch (static_cast<StatusCode>(code)) {
    case StatusCode::kNotFound: return Reason::kNotFound;
    case StatusCode::kAlreadyExists: return Reason::kAlreadyExists;
    case StatusCode::kDeadlineExceeded: return Reason::kTimeout;
    // A cancelled call never finished; like an unreachable runtime it may be retried.
    case StatusCode::kCancelled:
    case StatusCode::kUnavailable: return Reason::kUnavailable;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange: return Reason::kBadRequest;
    case StatusCode::kPermissionDenied: return Reason::kForbidden;
    case StatusCode::kUnauthenticated: return Reason::kUnauthorized;
    case StatusCode::kResourceExhausted: return Reason::kTooManyRequests;
    // The object is in the wrong state for the call (e.g. exec in a stopped container).
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAborted: return Reason::kConflict;
    case StatusCode::kUnimplemented: return Reason::kMethodNotAllowed;
    case StatusCode::kDataLoss: return Reason::kDataLoss;
    default: return Reason::kInternalError;
  }
}

}  // namespace

std::string_view GrpcCodeName(int code) { return net::grpc::CodeName(static_cast<StatusCode>(code)); }

Status FromGrpcStatus(int code, std::string_view message) {
  std::string name(GrpcCodeName(code));
  if (name.empty()) name = "Code(" + std::to_string(code) + ")";
  std::string text = "rpc error: code = " + name + " desc = ";
  text.append(message);
  return Status(ReasonFor(code), std::move(text));
}

}  // namespace kubepp::kubelet::cri
