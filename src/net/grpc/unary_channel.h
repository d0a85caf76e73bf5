// A gRPC client channel for unary calls over kubepp's own HTTP/2 client (net/http2): one
// connection at a time to one target, shared by every caller, replaced when it breaks or the
// server sends GOAWAY.
//
//   auto target = grpc::ParseTarget("unix:///run/containerd/containerd.sock");
//   UnaryChannel channel(std::move(*target), {});
//   CallResult r = channel.Call("/runtime.v1.RuntimeService/Version", request_bytes,
//                               std::chrono::seconds(2), /*wait_for_ready=*/false);
//   if (r.ok()) response.ParseFromString(r.response);
//
// A call without wait_for_ready fails Unavailable at once when the target cannot be reached; with
// it, the channel keeps dialing (backing off up to a second between attempts) until the
// deadline, as gRPC's wait-for-ready does for a socket that does not exist yet. A call the
// server provably did not process (GOAWAY above its stream, REFUSED_STREAM) is retried on a new
// connection while the deadline allows; any other failure is the call's result.
//
// Thread safety: Call may be used from any number of threads at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/status.h"
#include "net/grpc/dial.h"
#include "net/grpc/status_code.h"
#include "net/http2/client_connection.h"

namespace kubepp::net::grpc {

struct ChannelOptions {
  size_t max_send_message = 4 * 1024 * 1024;  // gRPC's defaults; the kubelet raises both
  size_t max_receive_message = 4 * 1024 * 1024;
  std::string user_agent = "kubepp-grpc/1";
  std::chrono::milliseconds initial_backoff = std::chrono::milliseconds(20);
  std::chrono::milliseconds max_backoff = std::chrono::seconds(1);
  http2::ClientConnectionOptions connection;
};

class UnaryChannel {
 public:
  UnaryChannel(Target target, ChannelOptions options);
  ~UnaryChannel();

  UnaryChannel(const UnaryChannel&) = delete;
  UnaryChannel& operator=(const UnaryChannel&) = delete;

  // Calls `method` ("/package.Service/Method") with the serialized `request`. `timeout` zero or
  // negative: no deadline.
  CallResult Call(std::string_view method, std::string_view request,
                  std::chrono::milliseconds timeout, bool wait_for_ready = false);

 private:
  using Clock = std::chrono::steady_clock;

  // The live connection, or a new one; or, when none could be had, why: Unavailable (the dial
  // failed) or DeadlineExceeded.
  struct Connected {
    std::shared_ptr<http2::ClientConnection> connection;
    CallResult failure;
  };
  Connected Connect(Clock::time_point deadline, bool wait_for_ready);

  // Constant after construction.
  const Target target_;
  const ChannelOptions options_;

  // Held while dialing, so that concurrent callers wait for one dial instead of each making one.
  // Lock order: dial_mu_, then mu_.
  std::timed_mutex dial_mu_;
  std::mutex mu_;
  std::shared_ptr<http2::ClientConnection> connection_;  // Guarded by mu_.
};

}  // namespace kubepp::net::grpc
