// gRPC status codes (grpc/doc/statuscodes.md) and the outcome of a unary call.
//
// Thread safety: plain values.
#pragma once

#include <string>
#include <string_view>

namespace kubepp::net::grpc {

// DO NOT CHANGE: wire values of the grpc-status trailer.
enum class StatusCode : int {
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

// grpc-go's name of a code ("NotFound", "Canceled"), which Go's "rpc error: code = ..." texts
// print; "" for a number outside the list.
std::string_view CodeName(StatusCode code);

// How a call ended, as the server sends it (grpc-status, grpc-message).
struct CallStatus {
  StatusCode code = StatusCode::kOk;
  std::string message;

  bool ok() const { return code == StatusCode::kOk; }
  static CallStatus Ok() { return {}; }
};

// A unary call's result: the response message (serialized) when code is kOk, else the status
// the server sent or the client concluded.
struct CallResult {
  StatusCode code = StatusCode::kOk;
  std::string message;   // grpc-message, percent-decoded; or the client's reason
  std::string response;  // the serialized response message

  bool ok() const { return code == StatusCode::kOk; }

  static CallResult Error(StatusCode code, std::string message) {
    CallResult r;
    r.code = code;
    r.message = std::move(message);
    return r;
  }
};

}  // namespace kubepp::net::grpc
