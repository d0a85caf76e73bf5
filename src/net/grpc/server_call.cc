#include "net/grpc/server_call.h"

#include <utility>

#include "net/grpc/wire.h"

namespace kubepp::net::grpc {
namespace {

// Messages smaller than this are framed by copying, into one DATA item.
constexpr size_t kCopyFramedBelow = 64 * 1024;

http2::HeaderList ResponseHeaders() {
  return {{":status", "200"}, {"content-type", "application/grpc"}};
}

void AppendStatus(const CallStatus& status, http2::HeaderList& fields) {
  fields.push_back({"grpc-status", std::to_string(static_cast<int>(status.code))});
  if (!status.message.empty()) fields.push_back({"grpc-message", PercentEncode(status.message)});
}

}  // namespace

ServerCall::ServerCall(std::shared_ptr<http2::ServerStream> stream, const Method* method,
                       WorkerPool* pool, size_t max_message,
                       std::function<void(ServerCall*)> on_done)
    : stream_(std::move(stream)),
      method_(method),
      pool_(pool),
      on_done_(std::move(on_done)),
      reader_(max_message) {}

void ServerCall::RejectTrailersOnly(http2::ServerStream& stream, const CallStatus& status) {
  http2::HeaderList fields = ResponseHeaders();
  AppendStatus(status, fields);
  stream.SendHeaders(std::move(fields), /*end_stream=*/true);
}

void ServerCall::StartStreaming() { handler_ = method_->streaming(shared_from_this()); }

void ServerCall::OnData(std::string_view data, bool end_stream) {
  reader_.Feed(data);
  std::string message;
  while (true) {
    MessageReader::Result result = reader_.Next(&message);
    if (result == MessageReader::Result::kNeedMore) break;
    if (result == MessageReader::Result::kError) return Finish(reader_.error());
    if (handler_) {
      handler_->OnMessage(std::move(message));
      continue;
    }
    if (have_request_) {
      return Finish(
          {StatusCode::kInternal, "grpc: received more than one request message for a unary call"});
    }
    have_request_ = true;
    request_ = std::move(message);
  }
  if (!end_stream) return;
  if (!reader_.at_boundary()) {
    return Finish({StatusCode::kInternal, "grpc: the request ended inside a message"});
  }
  if (handler_) return handler_->OnHalfClose();
  if (!method_->unary) return;
  if (!have_request_) {
    return Finish({StatusCode::kInternal, "grpc: no request message for a unary call"});
  }
  if (method_->on_connection_thread) return method_->unary(std::move(request_), shared_from_this());
  pool_->Post(
      [method = method_, request = std::move(request_), self = shared_from_this()]() mutable {
        method->unary(std::move(request), std::move(self));
      });
}

void ServerCall::OnDrained() {
  if (handler_) handler_->OnWritesDone();
}

void ServerCall::OnDeadline() {
  Finish({StatusCode::kDeadlineExceeded, "context deadline exceeded"});
}

void ServerCall::OnClosed(http2::ErrorCode) {
  {
    std::lock_guard lock(mu_);
    finished_ = true;
  }
  if (handler_) {
    handler_->OnDone();
    handler_.reset();
  }
  if (on_done_) on_done_(this);
}

void ServerCall::Reply(std::string response) {
  std::lock_guard lock(mu_);
  if (finished_) return;
  WriteLocked(std::move(response));
  FinishLocked(CallStatus::Ok());
}

void ServerCall::Fail(CallStatus status) { Finish(std::move(status)); }

bool ServerCall::Write(std::string message) {
  std::lock_guard lock(mu_);
  if (finished_) return false;
  return WriteLocked(std::move(message));
}

void ServerCall::Finish(CallStatus status) {
  std::lock_guard lock(mu_);
  if (finished_) return;
  FinishLocked(status);
}

bool ServerCall::WriteLocked(std::string message) {
  if (!headers_sent_) {
    headers_sent_ = true;
    stream_->SendHeaders(ResponseHeaders(), /*end_stream=*/false);
  }
  // A large message goes out behind its prefix as it is: framing it would copy all of it.
  if (message.size() >= kCopyFramedBelow) {
    return stream_->SendData(MessagePrefix(message.size()), /*end_stream=*/false) &&
           stream_->SendData(std::move(message), /*end_stream=*/false);
  }
  return stream_->SendData(FrameMessage(message), /*end_stream=*/false);
}

void ServerCall::FinishLocked(const CallStatus& status) {
  finished_ = true;
  if (!headers_sent_) {
    headers_sent_ = true;
    RejectTrailersOnly(*stream_, status);
    return;
  }
  http2::HeaderList trailers;
  AppendStatus(status, trailers);
  stream_->SendHeaders(std::move(trailers), /*end_stream=*/true);
}

}  // namespace kubepp::net::grpc
