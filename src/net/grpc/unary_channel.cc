#include "net/grpc/unary_channel.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "net/grpc/wire.h"

namespace kubepp::net::grpc {
namespace {

using Clock = std::chrono::steady_clock;

// Calls the server provably never saw are retried on a fresh connection this many times.
constexpr int kMaxRefusedRetries = 3;

CallResult DeadlineExceeded(const std::string& last_error) {
  std::string message = "context deadline exceeded";
  if (!last_error.empty()) message += "; last connection error: " + last_error;
  return CallResult::Error(StatusCode::kDeadlineExceeded, std::move(message));
}

// A response body holds one message and its 5-octet prefix; anything longer is refused while it
// arrives instead of being buffered whole first.
ChannelOptions WithBodyLimit(ChannelOptions options) {
  options.connection.max_response_body = options.max_receive_message + 5;
  return options;
}

}  // namespace

UnaryChannel::UnaryChannel(Target target, ChannelOptions options)
    : target_(std::move(target)), options_(WithBodyLimit(std::move(options))) {}

UnaryChannel::~UnaryChannel() = default;

UnaryChannel::Connected UnaryChannel::Connect(Clock::time_point deadline, bool wait_for_ready) {
  {
    std::lock_guard lock(mu_);
    if (connection_ && connection_->accepting()) return {connection_, {}};
  }
  std::unique_lock dial_lock(dial_mu_, std::defer_lock);
  bool locked = deadline == Clock::time_point::max() ? (dial_lock.lock(), true)
                                                     : dial_lock.try_lock_until(deadline);
  if (!locked) return {nullptr, DeadlineExceeded("")};
  {
    // Another caller may have connected while this one waited for the dial lock.
    std::lock_guard lock(mu_);
    if (connection_ && connection_->accepting()) return {connection_, {}};
    connection_.reset();
  }
  auto backoff = options_.initial_backoff;
  while (true) {
    StatusOr<int> fd = target_.dial(deadline);
    if (fd.ok()) {
      auto connection = http2::ClientConnection::Start(*fd, options_.connection);
      std::lock_guard lock(mu_);
      connection_ = connection;
      return {connection, {}};
    }
    std::string error =
        "connection error: desc = \"transport: Error while dialing: " + fd.status().message() +
        "\"";
    if (Clock::now() >= deadline) return {nullptr, DeadlineExceeded(error)};
    if (!wait_for_ready) return {nullptr, CallResult::Error(StatusCode::kUnavailable, error)};
    // Waiting for the server to appear (a socket not created yet, a runtime restarting).
    auto wake = std::min(deadline, Clock::now() + backoff);
    std::this_thread::sleep_until(wake);
    if (Clock::now() >= deadline) return {nullptr, DeadlineExceeded(error)};
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

CallResult UnaryChannel::Call(std::string_view method, std::string_view request,
                              std::chrono::milliseconds timeout, bool wait_for_ready) {
  if (request.size() > options_.max_send_message) {
    return CallResult::Error(StatusCode::kResourceExhausted,
                             "grpc: trying to send message larger than max (" +
                                 std::to_string(request.size()) + " vs. " +
                                 std::to_string(options_.max_send_message) + ")");
  }
  Clock::time_point deadline =
      timeout.count() > 0 ? Clock::now() + timeout : Clock::time_point::max();
  std::string body = FrameMessage(request);
  for (int attempt = 0;; ++attempt) {
    Connected connected = Connect(deadline, wait_for_ready);
    if (!connected.connection) return connected.failure;
    http2::HeaderList headers = {
        {":method", "POST"},
        {":scheme", "http"},
        {":path", std::string(method)},
        {":authority", target_.authority},
        {"content-type", "application/grpc"},
        {"user-agent", options_.user_agent},
        {"te", "trailers"},
    };
    if (deadline != Clock::time_point::max()) {
      auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) return DeadlineExceeded("");
      headers.push_back({"grpc-timeout", EncodeTimeout(left)});
    }
    http2::Exchange exchange = connected.connection->RoundTrip(headers, body, deadline);
    if (exchange.outcome == http2::Exchange::Outcome::kRefused && attempt < kMaxRefusedRetries &&
        Clock::now() < deadline) {
      continue;  // never processed: safe to send again on a new connection
    }
    return ResultOfExchange(exchange, options_.max_receive_message);
  }
}

}  // namespace kubepp::net::grpc
