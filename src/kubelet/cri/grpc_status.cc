#include "kubelet/cri/grpc_status.h"

#include <string>

namespace kubepp::kubelet::cri {
namespace {

// grpc::StatusCode numbers; fixed by the gRPC protocol.
enum GrpcCode {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

Reason ReasonFor(int code) {
  switch (code) {
    case kNotFound: return Reason::kNotFound;
    case kAlreadyExists: return Reason::kAlreadyExists;
    case kDeadlineExceeded: return Reason::kTimeout;
    // A cancelled call never finished; like an unreachable runtime it may be retried.
    case kCancelled:
    case kUnavailable: return Reason::kUnavailable;
    case kInvalidArgument:
    case kOutOfRange: return Reason::kBadRequest;
    case kPermissionDenied: return Reason::kForbidden;
    case kUnauthenticated: return Reason::kUnauthorized;
    case kResourceExhausted: return Reason::kTooManyRequests;
    // The object is in the wrong state for the call (e.g. exec in a stopped container).
    case kFailedPrecondition:
    case kAborted: return Reason::kConflict;
    case kUnimplemented: return Reason::kMethodNotAllowed;
    case kDataLoss: return Reason::kDataLoss;
    default: return Reason::kInternalError;
  }
}

}  // namespace

std::string_view GrpcCodeName(int code) {
  switch (code) {
    case kOk: return "OK";
    case kCancelled: return "Canceled";
    case kUnknown: return "Unknown";
    case kInvalidArgument: return "InvalidArgument";
    case kDeadlineExceeded: return "DeadlineExceeded";
    case kNotFound: return "NotFound";
    case kAlreadyExists: return "AlreadyExists";
    case kPermissionDenied: return "PermissionDenied";
    case kResourceExhausted: return "ResourceExhausted";
    case kFailedPrecondition: return "FailedPrecondition";
    case kAborted: return "Aborted";
    case kOutOfRange: return "OutOfRange";
    case kUnimplemented: return "Unimplemented";
    case kInternal: return "Internal";
    case kUnavailable: return "Unavailable";
    case kDataLoss: return "DataLoss";
    case kUnauthenticated: return "Unauthenticated";
    default: return {};
  }
}

Status FromGrpcStatus(int code, std::string_view message) {
  std::string name(GrpcCodeName(code));
  if (name.empty()) name = "Code(" + std::to_string(code) + ")";
  std::string text = "rpc error: code = " + name + " desc = ";
  text.append(message);
  return Status(ReasonFor(code), std::move(text));
}

}  // namespace kubepp::kubelet::cri
