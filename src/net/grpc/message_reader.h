// Splits the body of a gRPC request stream into its length-prefixed messages (Compressed-Flag,
// 4-byte big-endian Message-Length, Message), checking each prefix as soon as it arrives: a
// message above the limit is refused before its bytes are buffered.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "net/grpc/status_code.h"

namespace kubepp::net::grpc {

class MessageReader {
 public:
  explicit MessageReader(size_t max_message) : max_message_(max_message) {}

  void Feed(std::string_view bytes) { buffer_.append(bytes); }

  enum class Result { kMessage, kNeedMore, kError };
  // The next whole message; kError (for good) on a compressed message, which this server cannot
  // read (Internal, as grpc-go answers a compressed flag without a negotiated encoding), or one
  // above the limit (ResourceExhausted).
  Result Next(std::string* message);

  const CallStatus& error() const { return error_; }
  // True when no part of a message is buffered: the body ended on a message boundary.
  bool at_boundary() const { return buffer_.size() == consumed_; }

 private:
  const size_t max_message_;
  std::string buffer_;
  size_t consumed_ = 0;
  CallStatus error_;
};

}  // namespace kubepp::net::grpc
