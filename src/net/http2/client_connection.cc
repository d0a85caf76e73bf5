#include "net/http2/client_connection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "net/http2/hpack_encoder.h"

namespace kubepp::net::http2 {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint32_t kMaxStreamId = 0x7fffffff;
constexpr size_t kReadChunk = 64 * 1024;

template <typename Pred>
bool WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
               Clock::time_point deadline, Pred pred) {
  if (deadline == Clock::time_point::max()) {
    cv.wait(lock, pred);
    return true;
  }
  return cv.wait_until(lock, deadline, pred);
}

Exchange Ended(Exchange::Outcome outcome, std::string detail) {
  Exchange ex;
  ex.outcome = outcome;
  ex.detail = std::move(detail);
  return ex;
}

}  // namespace

struct ClientConnection::Stream {
  Stream(uint32_t stream_id, int64_t send, int64_t receive)
      : id(stream_id), send_window(send), receive_window(receive) {}

  const uint32_t id;
  // Guarded by the connection's mu_.
  SendWindow send_window;
  ReceiveWindow receive_window;
  bool headers_received = false;
  bool finished = false;
  Exchange result;
};

std::shared_ptr<ClientConnection> ClientConnection::Start(int fd,
                                                          const ClientConnectionOptions& options) {
  std::shared_ptr<ClientConnection> conn(new ClientConnection(fd, options));
  // HTTP/2 writes small frames (a request is often HEADERS then one DATA); on TCP, Nagle would
  // hold the second back for the peer's delayed ACK. Other sockets refuse the option; harmless.
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  std::string hello(kClientPreface);
  hello += EncodeSettings({
      {kSettingEnablePush, 0},
      {kSettingInitialWindowSize, options.stream_window},
      {kSettingMaxHeaderListSize, static_cast<uint32_t>(options.max_header_list_size)},
  });
  // The connection window can only grow by WINDOW_UPDATE; SETTINGS do not touch it.
  if (options.connection_window > kDefaultWindowSize) {
    hello += EncodeWindowUpdate(
        0, static_cast<uint32_t>(options.connection_window - kDefaultWindowSize));
  }
  conn->Write(hello);  // a failure breaks the connection; the reader then ends at once
  conn->reader_ = std::thread([raw = conn.get()] { raw->ReadLoop(); });
  return conn;
}

ClientConnection::ClientConnection(int fd, const ClientConnectionOptions& options)
    : fd_(fd),
      options_(options),
      receive_window_(std::max<int64_t>(options.connection_window, kDefaultWindowSize)),
      // A compressed block rarely exceeds its decoded size; four times leaves room for a peer
      // that sends an oversized list we then refuse per stream rather than per connection.
      decoder_(FrameDecoder::Limits{kDefaultMaxFrameSize, 4 * options.max_header_list_size}),
      hpack_(HpackDecoder::Limits{kDefaultHeaderTableSize, options.max_header_list_size}) {}

ClientConnection::~ClientConnection() {
  {
    std::lock_guard lock(mu_);
    BreakLocked("connection closed");
  }
  Shutdown();
  if (reader_.joinable()) reader_.join();
  ::close(fd_);
}

bool ClientConnection::accepting() const {
  std::lock_guard lock(mu_);
  return !broken_ && !goaway_received_ && next_stream_id_ <= kMaxStreamId;
}

size_t ClientConnection::active_streams() const {
  std::lock_guard lock(mu_);
  return streams_.size();
}

Exchange ClientConnection::RoundTrip(const HeaderList& headers, std::string_view body,
                                     Clock::time_point deadline) {
  std::string block = EncodeHeaderBlock(headers);
  auto accepting_locked = [this] {
    return !broken_ && !goaway_received_ && next_stream_id_ <= kMaxStreamId;
  };
  auto not_accepting = [this] {
    return Ended(Exchange::Outcome::kRefused,
                 broken_ ? broken_reason_ : "the connection is going away (GOAWAY)");
  };
  {
    // A slot under the peer's SETTINGS_MAX_CONCURRENT_STREAMS.
    std::unique_lock lock(mu_);
    bool slot = WaitUntil(changed_, lock, deadline, [&] {
      return !accepting_locked() ||
             streams_.size() + reserved_streams_ < peer_max_concurrent_streams_;
    });
    if (!slot) {
      return Ended(Exchange::Outcome::kDeadlineExceeded,
                   "deadline exceeded waiting for the peer's stream limit");
    }
    if (!accepting_locked()) return not_accepting();
    ++reserved_streams_;
  }

  std::shared_ptr<Stream> stream;
  {
    // Stream ids must reach the peer in increasing order: allocate and send under write_mu_.
    std::lock_guard write_lock(write_mu_);
    std::string frames;
    {
      std::lock_guard lock(mu_);
      --reserved_streams_;
      if (!accepting_locked()) return not_accepting();
      stream =
          std::make_shared<Stream>(next_stream_id_, peer_initial_window_, options_.stream_window);
      next_stream_id_ += 2;
      streams_[stream->id] = stream;
      frames = EncodeHeaders(stream->id, block, body.empty(), peer_max_frame_size_);
    }
    WriteHeld(frames);  // a failure ends the stream as kConnectionLost
  }

  bool abandoned = false;
  if (!body.empty()) {
    switch (SendBody(stream, body, deadline)) {
      case BodyResult::kSent:
        break;
      case BodyResult::kAbandoned:
        abandoned = true;
        break;
      case BodyResult::kDeadline:
        break;  // the wait below fails at once
    }
  }

  std::unique_lock lock(mu_);
  bool done = WaitUntil(changed_, lock, deadline, [&] { return stream->finished; });
  if (!done) {
    FinishLocked(stream, Exchange::Outcome::kDeadlineExceeded, ErrorCode::kCancel,
                 "deadline exceeded");
    abandoned = true;
  } else if (abandoned && stream->result.outcome != Exchange::Outcome::kComplete) {
    abandoned = false;  // reset by the peer or lost with the connection: nothing left to cancel
  }
  Exchange result = std::move(stream->result);
  lock.unlock();
  // The peer may still hold the stream open: one that answered before reading the whole
  // request, or one this side stopped waiting for.
  if (abandoned) Write(EncodeRstStream(stream->id, ErrorCode::kCancel));
  return result;
}

ClientConnection::BodyResult ClientConnection::SendBody(const std::shared_ptr<Stream>& stream,
                                                        std::string_view body,
                                                        Clock::time_point deadline) {
  size_t sent = 0;
  while (sent < body.size()) {
    size_t chunk = 0;
    {
      std::unique_lock lock(mu_);
      bool ready = WaitUntil(changed_, lock, deadline, [&] {
        return stream->finished ||
               (send_window_.available() > 0 && stream->send_window.available() > 0);
      });
      if (!ready) return BodyResult::kDeadline;
      if (stream->finished) return BodyResult::kAbandoned;
      chunk = std::min<int64_t>({static_cast<int64_t>(body.size() - sent), peer_max_frame_size_,
                                 send_window_.available(), stream->send_window.available()});
      send_window_.Consume(chunk);
      stream->send_window.Consume(chunk);
    }
    bool last = sent + chunk == body.size();
    if (!Write(EncodeData(stream->id, body.substr(sent, chunk), last))) return BodyResult::kSent;
    sent += chunk;
  }
  return BodyResult::kSent;
}

bool ClientConnection::Write(std::string_view bytes) {
  std::lock_guard lock(write_mu_);
  return WriteHeld(bytes);
}

bool ClientConnection::WriteHeld(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::string("write: ") + (n < 0 ? std::strerror(errno) : "closed");
      {
        std::lock_guard lock(mu_);
        BreakLocked(why);
      }
      Shutdown();
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void ClientConnection::Shutdown() { ::shutdown(fd_, SHUT_RDWR); }

void ClientConnection::ReadLoop() {
  std::vector<char> buffer(kReadChunk);
  while (true) {
    ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::lock_guard lock(mu_);
      BreakLocked(n == 0 ? "connection closed by peer"
                         : std::string("read: ") + std::strerror(errno));
      return;
    }
    decoder_.Feed(std::string_view(buffer.data(), static_cast<size_t>(n)));
    std::string replies;
    bool stop = false;
    {
      std::lock_guard lock(mu_);
      Frame frame;
      while (!stop) {
        FrameDecoder::Result result = decoder_.Next(&frame);
        if (result == FrameDecoder::Result::kNeedMore) break;
        if (result == FrameDecoder::Result::kError) {
          replies += ConnectionErrorLocked(decoder_.error_code(), decoder_.error());
        } else {
          replies += HandleFrameLocked(frame);
        }
        stop = broken_;
      }
    }
    // Written outside mu_: callers hold write_mu_ before mu_, never the other way round.
    if (!replies.empty()) Write(replies);
    if (stop) {
      Shutdown();
      return;
    }
  }
}

bool ClientConnection::IsIdleLocked(uint32_t stream_id) const {
  // Only this side opens streams (odd ids; push is disabled); an id it has not used yet is idle.
  return stream_id % 2 == 0 || stream_id >= next_stream_id_;
}

std::shared_ptr<ClientConnection::Stream> ClientConnection::FindLocked(uint32_t stream_id) const {
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? nullptr : it->second;
}

std::string ClientConnection::HandleFrameLocked(Frame& frame) {
  switch (frame.type) {
    case FrameType::kData:
      return HandleDataLocked(frame);
    case FrameType::kHeaders:
      return HandleHeadersLocked(frame);
    case FrameType::kRstStream: {
      if (IsIdleLocked(frame.stream_id)) {
        return ConnectionErrorLocked(ErrorCode::kProtocolError, "RST_STREAM on an idle stream");
      }
      if (auto stream = FindLocked(frame.stream_id)) {
        bool refused = frame.error_code == ErrorCode::kRefusedStream;
        FinishLocked(stream, refused ? Exchange::Outcome::kRefused : Exchange::Outcome::kReset,
                     frame.error_code,
                     "stream reset by the peer: " + ErrorCodeName(frame.error_code));
      }
      return {};
    }
    case FrameType::kSettings:
      return HandleSettingsLocked(frame);
    case FrameType::kPing:
      if (frame.has(kFlagAck)) return {};
      return EncodePing(frame.payload, /*ack=*/true);
    case FrameType::kGoAway:
      HandleGoAwayLocked(frame);
      return {};
    case FrameType::kWindowUpdate:
      return HandleWindowUpdateLocked(frame);
    default:
      return {};
  }
}

std::string ClientConnection::HandleDataLocked(Frame& frame) {
  if (IsIdleLocked(frame.stream_id)) {
    return ConnectionErrorLocked(ErrorCode::kProtocolError, "DATA on an idle stream");
  }
  if (!receive_window_.Receive(frame.flow_controlled_length)) {
    return ConnectionErrorLocked(ErrorCode::kFlowControlError,
                                 "the peer overran the connection window");
  }
  // Data is consumed on arrival (buffered into the response), so credit goes back at once.
  std::string out;
  if (uint32_t credit = receive_window_.TakeCredit()) out += EncodeWindowUpdate(0, credit);
  auto stream = FindLocked(frame.stream_id);
  if (!stream) return out;  // a stream this side already ended; its data is dropped
  if (!stream->receive_window.Receive(frame.flow_controlled_length)) {
    return out +
           ResetLocked(stream, ErrorCode::kFlowControlError, "the peer overran the stream window");
  }
  if (!stream->headers_received) {
    return out + ResetLocked(stream, ErrorCode::kProtocolError, "DATA before the response headers");
  }
  if (stream->result.body.size() + frame.payload.size() > options_.max_response_body) {
    FinishLocked(
        stream, Exchange::Outcome::kTooLarge, ErrorCode::kCancel,
        "response body larger than " + std::to_string(options_.max_response_body) + " bytes");
    return out + EncodeRstStream(stream->id, ErrorCode::kCancel);
  }
  stream->result.body += frame.payload;
  if (frame.has(kFlagEndStream)) {
    FinishLocked(stream, Exchange::Outcome::kComplete);
    return out;
  }
  if (uint32_t credit = stream->receive_window.TakeCredit()) {
    out += EncodeWindowUpdate(stream->id, credit);
  }
  return out;
}

std::string ClientConnection::HandleHeadersLocked(Frame& frame) {
  // Every block goes through the decoder, whatever its stream, to keep the table in step.
  auto decoded = hpack_.Decode(frame.payload);
  if (!decoded.ok()) {
    return ConnectionErrorLocked(ErrorCode::kCompressionError, decoded.status().message());
  }
  if (IsIdleLocked(frame.stream_id)) {
    return ConnectionErrorLocked(ErrorCode::kProtocolError, "HEADERS on an idle stream");
  }
  auto stream = FindLocked(frame.stream_id);
  if (!stream) return {};
  if (decoded->too_large) {
    FinishLocked(stream, Exchange::Outcome::kTooLarge, ErrorCode::kCancel,
                 "response header list larger than " +
                     std::to_string(options_.max_header_list_size) + " bytes");
    return EncodeRstStream(stream->id, ErrorCode::kCancel);
  }
  bool end_stream = frame.has(kFlagEndStream);
  if (!stream->headers_received) {
    const std::string* status = FindHeader(decoded->fields, ":status");
    if (status != nullptr && status->size() == 3 && (*status)[0] == '1') {
      // An informational (1xx) response precedes the real one.
      if (end_stream)
        return ResetLocked(stream, ErrorCode::kProtocolError, "END_STREAM on a 1xx response");
      return {};
    }
    stream->headers_received = true;
    stream->result.headers = std::move(decoded->fields);
    // END_STREAM here: a response of headers only (gRPC's "trailers-only").
    if (end_stream) FinishLocked(stream, Exchange::Outcome::kComplete);
    return {};
  }
  if (!end_stream)
    return ResetLocked(stream, ErrorCode::kProtocolError, "trailers without END_STREAM");
  stream->result.trailers = std::move(decoded->fields);
  FinishLocked(stream, Exchange::Outcome::kComplete);
  return {};
}

std::string ClientConnection::HandleSettingsLocked(const Frame& frame) {
  if (frame.has(kFlagAck)) return {};
  for (const Setting& setting : frame.settings) {
    switch (setting.id) {
      case kSettingMaxConcurrentStreams:
        peer_max_concurrent_streams_ = setting.value;
        break;
      case kSettingMaxFrameSize:
        peer_max_frame_size_ = setting.value;
        break;
      case kSettingInitialWindowSize: {
        if (!ShiftSendWindows(streams_, static_cast<int64_t>(setting.value) - peer_initial_window_)) {
          return ConnectionErrorLocked(ErrorCode::kFlowControlError,
                                       "SETTINGS_INITIAL_WINDOW_SIZE overflows a stream window");
        }
        peer_initial_window_ = setting.value;
        break;
      }
      // This side's encoder never uses the dynamic table, so the table size does not matter;
      // push is never used; the header list limit is far above any request kubepp sends.
      default:
        break;
    }
  }
  changed_.notify_all();
  return EncodeSettingsAck();
}

void ClientConnection::HandleGoAwayLocked(const Frame& frame) {
  goaway_received_ = true;
  std::string why = "GOAWAY (" + ErrorCodeName(frame.error_code) + ")";
  if (!frame.payload.empty()) why += ": " + frame.payload;
  std::vector<std::shared_ptr<Stream>> unprocessed;
  for (auto& [id, stream] : streams_) {
    if (id > frame.last_stream_id) unprocessed.push_back(stream);
  }
  for (auto& stream : unprocessed) {
    FinishLocked(stream, Exchange::Outcome::kRefused, frame.error_code,
                 "the peer did not process the stream: " + why);
  }
  changed_.notify_all();
}

std::string ClientConnection::HandleWindowUpdateLocked(const Frame& frame) {
  if (frame.stream_id == 0) {
    if (!send_window_.Grow(frame.window_increment)) {
      return ConnectionErrorLocked(ErrorCode::kFlowControlError, "connection window above 2^31-1");
    }
  } else {
    if (IsIdleLocked(frame.stream_id)) {
      return ConnectionErrorLocked(ErrorCode::kProtocolError, "WINDOW_UPDATE on an idle stream");
    }
    auto stream = FindLocked(frame.stream_id);
    if (!stream) return {};
    if (!stream->send_window.Grow(frame.window_increment)) {
      return ResetLocked(stream, ErrorCode::kFlowControlError, "stream window above 2^31-1");
    }
  }
  changed_.notify_all();
  return {};
}

std::string ClientConnection::ConnectionErrorLocked(ErrorCode code, const std::string& why) {
  BreakLocked("connection error " + ErrorCodeName(code) + ": " + why);
  // A client processes no streams the server opened: the last one is 0.
  return EncodeGoAway(0, code, why);
}

std::string ClientConnection::ResetLocked(const std::shared_ptr<Stream>& stream, ErrorCode code,
                                          std::string why) {
  FinishLocked(stream, Exchange::Outcome::kReset, code, std::move(why));
  return EncodeRstStream(stream->id, code);
}

void ClientConnection::FinishLocked(const std::shared_ptr<Stream>& stream,
                                    Exchange::Outcome outcome, ErrorCode code, std::string detail) {
  if (stream->finished) return;
  stream->finished = true;
  stream->result.outcome = outcome;
  stream->result.error_code = code;
  stream->result.detail = std::move(detail);
  streams_.erase(stream->id);
  changed_.notify_all();
}

void ClientConnection::BreakLocked(const std::string& why) {
  if (broken_) return;
  broken_ = true;
  broken_reason_ = why;
  std::vector<std::shared_ptr<Stream>> open;
  for (auto& [id, stream] : streams_) open.push_back(stream);
  for (auto& stream : open) {
    FinishLocked(stream, Exchange::Outcome::kConnectionLost, ErrorCode::kNoError, why);
  }
  changed_.notify_all();
}

}  // namespace kubepp::net::http2
