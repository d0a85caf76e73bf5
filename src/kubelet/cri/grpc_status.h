// Conversion of a CRI runtime's gRPC status into kubepp::Status.
//
// The code decides the reason (NotFound stays IsNotFound(), DeadlineExceeded becomes
// Reason::kTimeout, Unavailable Reason::kUnavailable, Unimplemented Reason::kMethodNotAllowed);
// the message is written as Go's gRPC errors print ("rpc error: code = NotFound desc = ..."),
// because upstream kubelets copy that text into container statuses and events, and operators
// recognise it. Takes the code as a number so that no gRPC header is needed to call it.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "base/status.h"

namespace kubepp::kubelet::cri {

// `code` is a grpc::StatusCode value (0 = OK). REQUIRES: code != 0.
Status FromGrpcStatus(int code, std::string_view message);

// "NotFound", "DeadlineExceeded", ... as Go names the codes; "Code(<n>)" for unknown numbers.
std::string_view GrpcCodeName(int code);

}  // namespace kubepp::kubelet::cri
