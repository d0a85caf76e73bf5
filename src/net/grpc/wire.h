// The gRPC-over-HTTP/2 wire details of a unary call (grpc/doc/PROTOCOL-HTTP2.md) that are not
// HTTP/2 itself: the length-prefixed message, the grpc-timeout header, percent-encoded
// grpc-message, and how a response that is not a proper gRPC answer turns into a status.
//
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "net/grpc/status_code.h"
#include "net/http2/client_connection.h"

namespace kubepp::net::grpc {

// Compressed-Flag (0: identity), 4-byte big-endian Message-Length, Message.
std::string FrameMessage(std::string_view message);
// The 5 bytes FrameMessage puts before a message of `length` bytes.
std::string MessagePrefix(size_t length);

// The one message of a unary response body, or the status explaining why there is none: a
// compressed message (this client accepts identity only) is Internal, one above `max_size`
// ResourceExhausted, a truncated or second message Internal.
CallResult UnframeMessage(std::string_view body, size_t max_size);

// grpc-timeout: at most 8 digits and a unit (H, M, S, m, u, n), rounded up to the unit.
std::string EncodeTimeout(std::chrono::nanoseconds timeout);

// grpc-message is percent-encoded (section "Responses"); malformed escapes pass through as is.
std::string PercentDecode(std::string_view text);
// Escapes '%' and every octet outside printable ASCII (0x20-0x7E) as %XX.
std::string PercentEncode(std::string_view text);

// grpc-timeout ("100m", "5S"): the duration, or nothing when malformed (more than 8 digits, an
// unknown unit).
std::optional<std::chrono::nanoseconds> ParseTimeout(std::string_view text);

// The gRPC code an HTTP status means when a response carries no grpc-status
// (grpc/doc/http-grpc-status-mapping.md): 400 Internal, 401 Unauthenticated, 403
// PermissionDenied, 404 Unimplemented, 429/502/503/504 Unavailable, anything else Unknown.
StatusCode CodeForHttpStatus(int http_status);

// The gRPC code for a stream reset with an HTTP/2 error code (PROTOCOL-HTTP2.md, "Errors").
StatusCode CodeForResetStream(http2::ErrorCode code);

// The status and message of a finished exchange; `max_message` bounds the response message.
CallResult ResultOfExchange(const http2::Exchange& exchange, size_t max_message);

}  // namespace kubepp::net::grpc
