#include "net/http2/server_connection.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/http2/flow_window.h"
#include "net/http2/frame_decoder.h"
#include "net/http2/hpack_decoder.h"
#include "net/http2/hpack_encoder.h"
#include "net/http2/request_headers.h"

namespace kubepp::net::http2 {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 64 * 1024;
// Reads per loop turn are bounded so that a fast sender cannot starve this side's writes.
constexpr size_t kMaxReadPerTurn = 256 * 1024;
// After a connection error, how long the GOAWAY may take to leave before the socket closes.
constexpr auto kClosingGrace = std::chrono::seconds(1);

// The connection whose turn runs on this thread, until its Flush has taken the queued output:
// what it queues meanwhile (a handler answering at once) goes out in this very turn, so asking
// its loop for another turn would only cost an eventfd write and an empty turn.
thread_local const void* t_turn_before_fill = nullptr;

// One thing a stream's application queued: a header block, DATA, or a reset.
struct Outgoing {
  enum class Kind { kHeaders, kData, kReset };
  Kind kind = Kind::kData;
  std::string bytes;  // the HPACK block, or the data
  size_t offset = 0;  // DATA already sent
  bool end_stream = false;
  ErrorCode code = ErrorCode::kNoError;  // kReset
};

}  // namespace

// The threads that run connections: each connection belongs to one loop for its whole life,
// and its loop runs all of its turns, so a connection's callbacks never run concurrently. A
// few loops serve any number of connections; a thread per connection had 64 clients' threads
// contend for two cores.
class ConnectionLoop {
 public:
  // The loop a new connection goes to (round robin over one loop per core, at least two). The
  // loops live as long as the process.
  static ConnectionLoop& Next();

  // From any thread: the loop holds `connection` until it has finished.
  void Add(std::shared_ptr<ServerConnection> connection);
  // From any thread: asks for a turn of `impl` soon.
  void Wake(ServerConnection::Impl* impl);

 private:
  ConnectionLoop();
  void Run();
  void RunTurn(ServerConnection::Impl* impl, uint32_t events);

  const int epoll_fd_;
  const int wake_fd_;
  std::mutex mu_;
  // Guarded by mu_.
  std::vector<std::shared_ptr<ServerConnection>> added_;
  std::vector<ServerConnection::Impl*> woken_;
  bool wake_sent_ = false;
  // The loop's thread only.
  std::unordered_map<ServerConnection::Impl*, std::shared_ptr<ServerConnection>> connections_;
  std::set<std::pair<Clock::time_point, ServerConnection::Impl*>> timers_;
};

class ServerConnection::Impl {
 public:
  Impl(int fd, RequestHandler* handler, const ServerConnectionOptions& options);
  ~Impl();

  // What the loop waits for before the next turn.
  struct TurnResult {
    bool done = false;    // the connection is over: Finish(), then forget it
    uint32_t events = 0;  // EPOLLIN / EPOLLOUT
    Clock::time_point deadline = Clock::time_point::max();
  };
  // One turn of the connection, on its loop's thread: reads what `events` say is there, fires
  // deadlines, runs callbacks, writes what it can.
  TurnResult Turn(uint32_t events);
  // The end, after the last turn: every stream closes, then finished().
  void Finish();
  int fd() const { return fd_; }

  // From any thread.
  bool Enqueue(uint32_t stream_id, Outgoing item);
  void SetDeadline(uint32_t stream_id, Clock::time_point deadline);
  void RequestGoAway();
  void RequestClose();
  size_t active_streams() const;

  std::weak_ptr<ServerConnection> self_;
  ConnectionLoop* loop_ = nullptr;  // set before the first turn, then constant
  // Its loop's thread only: what the loop has registered for it.
  uint32_t loop_events_ = 0;
  Clock::time_point loop_deadline_ = Clock::time_point::max();
  std::atomic<bool> wake_pending_{false};
  std::atomic<bool> finished_{false};
  std::mutex finished_mu_;
  std::condition_variable finished_cv_;

 private:
  struct Stream {
    Stream(uint32_t stream_id, int64_t send, int64_t receive)
        : id(stream_id), send_window(send), receive_window(receive) {}
    const uint32_t id;
    // The connection's thread only.
    std::shared_ptr<StreamObserver> observer;
    // Guarded by mu_.
    SendWindow send_window;
    ReceiveWindow receive_window;
    bool remote_closed = false;  // the request is complete
    bool local_closed = false;   // the application queued its END_STREAM (or a reset)
    bool closed = false;         // forgotten by the connection
    bool wants_drained = false;  // queued since the last OnDrained
    std::deque<Outgoing> out;
  };
  using StreamPtr = std::shared_ptr<Stream>;

  // The loop's steps, on the connection's thread.
  void Read();
  void Process(std::string_view bytes);
  void Flush();
  void FireDeadlines();
  void RunEvents();
  void Teardown();
  bool ShouldExitLocked() const;
  Clock::time_point NextDeadlineLocked() const;

  // Frame handling, under mu_; callbacks for the application go to events_.
  void HandleFrameLocked(Frame& frame);
  void HandleHeadersLocked(Frame& frame);
  void HandleDataLocked(Frame& frame);
  void HandleSettingsLocked(const Frame& frame);
  void HandleWindowUpdateLocked(const Frame& frame);
  void ConnectionErrorLocked(ErrorCode code, const std::string& why);
  void ResetStreamLocked(const StreamPtr& stream, ErrorCode code);
  void CloseStreamLocked(const StreamPtr& stream, ErrorCode code);
  void CreditConnectionLocked();
  // Moves queued frames, as the windows allow, into out_.
  void FillLocked();
  // True if the stream's front item went out whole or in part.
  bool SendFrontLocked(Stream& stream);
  bool IsIdleLocked(uint32_t stream_id) const;
  StreamPtr FindLocked(uint32_t stream_id) const;
  void Wake();

  // Constant after construction.
  const int fd_;
  RequestHandler* const handler_;
  const ServerConnectionOptions options_;

  mutable std::mutex mu_;
  // Guarded by mu_.
  std::map<uint32_t, StreamPtr> streams_;
  std::set<uint32_t> pending_;  // streams with queued output
  std::set<std::pair<Clock::time_point, uint32_t>> deadlines_;
  std::string control_;  // frames to send before any stream's (acks, resets, GOAWAY)
  uint32_t last_stream_id_ = 0;
  SendWindow send_window_;
  ReceiveWindow receive_window_;
  int64_t peer_initial_window_ = kDefaultWindowSize;
  uint32_t peer_max_frame_size_ = kDefaultMaxFrameSize;
  bool settings_received_ = false;
  bool goaway_requested_ = false;
  bool goaway_sent_ = false;
  bool close_requested_ = false;
  bool closing_ = false;  // a connection error: only the GOAWAY still goes out
  Clock::time_point closing_deadline_;
  bool io_failed_ = false;  // EOF or a socket error: nothing more goes either way

  // The connection's loop thread only.
  std::vector<std::function<void()>> events_;
  FrameDecoder decoder_;
  HpackDecoder hpack_;
  size_t preface_matched_ = 0;
  std::string out_;  // bytes for the socket; out_pos_ of them are written
  size_t out_pos_ = 0;
};

ServerConnection::Impl::Impl(int fd, RequestHandler* handler,
                             const ServerConnectionOptions& options)
    : fd_(fd),
      handler_(handler),
      options_(options),
      receive_window_(std::max<int64_t>(options.connection_window, kDefaultWindowSize)),
      // A compressed block is rarely larger than its fields; twice the limit leaves room to
      // answer an oversized list per stream (431) instead of closing the connection.
      decoder_(
          FrameDecoder::Limits{kDefaultMaxFrameSize, 2 * size_t{options.max_header_list_size}}),
      hpack_(HpackDecoder::Limits{kDefaultHeaderTableSize, options.max_header_list_size}) {
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  control_ = EncodeSettings({
      {kSettingMaxConcurrentStreams, options.max_concurrent_streams},
      {kSettingInitialWindowSize, options.stream_window},
      {kSettingMaxHeaderListSize, options.max_header_list_size},
  });
  // The connection window only grows by WINDOW_UPDATE; SETTINGS do not touch it.
  if (options.connection_window > kDefaultWindowSize) {
    control_ += EncodeWindowUpdate(
        0, static_cast<uint32_t>(options.connection_window - kDefaultWindowSize));
  }
}

ServerConnection::Impl::~Impl() {
  if (fd_ >= 0) ::close(fd_);
}

void ServerConnection::Impl::Wake() {
  if (t_turn_before_fill == this) return;
  if (wake_pending_.exchange(true)) return;
  loop_->Wake(this);
}

bool ServerConnection::Impl::Enqueue(uint32_t stream_id, Outgoing item) {
  std::lock_guard lock(mu_);
  StreamPtr stream = FindLocked(stream_id);
  if (!stream || stream->local_closed) return false;
  if (item.kind == Outgoing::Kind::kReset) stream->out.clear();  // a reset discards the rest
  if (item.end_stream || item.kind == Outgoing::Kind::kReset) stream->local_closed = true;
  stream->out.push_back(std::move(item));
  stream->wants_drained = true;
  pending_.insert(stream_id);
  Wake();
  return true;
}

void ServerConnection::Impl::SetDeadline(uint32_t stream_id, Clock::time_point deadline) {
  std::lock_guard lock(mu_);
  if (!FindLocked(stream_id)) return;
  deadlines_.emplace(deadline, stream_id);
  Wake();
}

void ServerConnection::Impl::RequestGoAway() {
  std::lock_guard lock(mu_);
  goaway_requested_ = true;
  Wake();
}

void ServerConnection::Impl::RequestClose() {
  std::lock_guard lock(mu_);
  close_requested_ = true;
  Wake();
}

size_t ServerConnection::Impl::active_streams() const {
  std::lock_guard lock(mu_);
  return streams_.size();
}

ServerConnection::Impl::TurnResult ServerConnection::Impl::Turn(uint32_t events) {
  struct TurnMark {
    explicit TurnMark(const void* impl) { t_turn_before_fill = impl; }
    ~TurnMark() { t_turn_before_fill = nullptr; }
  } mark(this);
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) Read();
  FireDeadlines();
  RunEvents();
  while (true) {
    Flush();
    std::lock_guard lock(mu_);
    if (goaway_requested_ && !goaway_sent_ && !closing_) {
      goaway_sent_ = true;
      control_ += EncodeGoAway(last_stream_id_, ErrorCode::kNoError, "server shutting down");
      continue;  // flush it
    }
    TurnResult next;
    if (ShouldExitLocked()) {
      next.done = true;
      return next;
    }
    next.events =
        (closing_ ? 0u : uint32_t{EPOLLIN}) | (out_pos_ < out_.size() ? uint32_t{EPOLLOUT} : 0u);
    next.deadline = NextDeadlineLocked();
    return next;
  }
}

void ServerConnection::Impl::Finish() {
  RunEvents();
  Teardown();
}

bool ServerConnection::Impl::ShouldExitLocked() const {
  if (close_requested_ || io_failed_) return true;
  bool flushed = out_pos_ == out_.size() && control_.empty();
  if (closing_) return flushed || Clock::now() >= closing_deadline_;
  return goaway_sent_ && streams_.empty() && flushed;
}

Clock::time_point ServerConnection::Impl::NextDeadlineLocked() const {
  Clock::time_point next = Clock::time_point::max();
  if (!deadlines_.empty()) next = deadlines_.begin()->first;
  if (closing_) next = std::min(next, closing_deadline_);
  return next;
}

void ServerConnection::Impl::Read() {
  char buffer[kReadChunk];
  size_t total = 0;
  while (total < kMaxReadPerTurn && !closing_) {
    ssize_t n = ::recv(fd_, buffer, sizeof(buffer), MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      std::lock_guard lock(mu_);
      io_failed_ = true;  // the peer is gone: no GOAWAY can reach it
      return;
    }
    total += static_cast<size_t>(n);
    Process(std::string_view(buffer, static_cast<size_t>(n)));
    // A short read took all there was; the loop's epoll is level-triggered and reports what
    // comes later, so asking again would only hear EAGAIN.
    if (static_cast<size_t>(n) < sizeof(buffer)) return;
  }
}

void ServerConnection::Impl::Process(std::string_view bytes) {
  if (preface_matched_ < kClientPreface.size()) {
    size_t n = std::min(bytes.size(), kClientPreface.size() - preface_matched_);
    if (bytes.substr(0, n) != kClientPreface.substr(preface_matched_, n)) {
      std::lock_guard lock(mu_);
      ConnectionErrorLocked(ErrorCode::kProtocolError, "invalid connection preface");
      return;
    }
    preface_matched_ += n;
    bytes.remove_prefix(n);
  }
  decoder_.Feed(bytes);
  Frame frame;
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (closing_) return;
      FrameDecoder::Result result = decoder_.Next(&frame);
      if (result == FrameDecoder::Result::kNeedMore) return;
      if (result == FrameDecoder::Result::kError) {
        ConnectionErrorLocked(decoder_.error_code(), decoder_.error());
        return;
      }
      HandleFrameLocked(frame);
    }
    RunEvents();
  }
}

void ServerConnection::Impl::RunEvents() {
  // An event may queue more (a handler answering at once): run until none is left.
  while (!events_.empty()) {
    std::vector<std::function<void()>> events;
    events.swap(events_);
    for (auto& event : events) event();
  }
}

void ServerConnection::Impl::FireDeadlines() {
  std::vector<StreamPtr> expired;
  {
    std::lock_guard lock(mu_);
    Clock::time_point now = Clock::now();
    while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
      if (StreamPtr stream = FindLocked(deadlines_.begin()->second)) expired.push_back(stream);
      deadlines_.erase(deadlines_.begin());
    }
  }
  for (const StreamPtr& stream : expired) {
    if (stream->observer) stream->observer->OnDeadline();
  }
}

void ServerConnection::Impl::Flush() {
  while (true) {
    if (out_pos_ == out_.size()) {
      out_.clear();
      out_pos_ = 0;
      {
        std::lock_guard lock(mu_);
        if (io_failed_) return;
        FillLocked();
      }
      t_turn_before_fill = nullptr;
      // OnDrained and OnClosed of what FillLocked took. What they queue wakes the loop, so it
      // goes out on the next turn.
      RunEvents();
      if (out_.empty()) return;
    }
    ssize_t n =
        ::send(fd_, out_.data() + out_pos_, out_.size() - out_pos_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      std::lock_guard lock(mu_);
      io_failed_ = true;
      return;
    }
    out_pos_ += static_cast<size_t>(n);
  }
}

void ServerConnection::Impl::FillLocked() {
  if (closing_) {
    out_ += control_;
    control_.clear();
    return;
  }
  out_ += control_;
  control_.clear();
  bool progress = true;
  while (progress && out_.size() < options_.max_output_buffer) {
    progress = false;
    for (auto it = pending_.begin();
         it != pending_.end() && out_.size() < options_.max_output_buffer;) {
      const uint32_t id = *it;
      ++it;  // the current id may be erased below
      StreamPtr stream = FindLocked(id);
      if (!stream || stream->out.empty()) {
        pending_.erase(id);
        continue;
      }
      if (!SendFrontLocked(*stream)) continue;  // blocked by a window
      progress = true;
      if (stream->closed) continue;
      if (stream->out.empty()) {
        pending_.erase(id);
        if (stream->wants_drained) {
          stream->wants_drained = false;
          events_.push_back([stream] {
            if (stream->observer) stream->observer->OnDrained();
          });
        }
      }
    }
  }
}

bool ServerConnection::Impl::SendFrontLocked(Stream& stream) {
  Outgoing& item = stream.out.front();
  StreamPtr self = streams_.at(stream.id);
  bool ended = false;
  switch (item.kind) {
    case Outgoing::Kind::kReset:
      out_ += EncodeRstStream(stream.id, item.code);
      stream.out.clear();
      CloseStreamLocked(self, item.code);
      return true;
    case Outgoing::Kind::kHeaders:
      out_ += EncodeHeaders(stream.id, item.bytes, item.end_stream, peer_max_frame_size_);
      ended = item.end_stream;
      stream.out.pop_front();
      break;
    case Outgoing::Kind::kData: {
      const size_t left = item.bytes.size() - item.offset;
      int64_t n = std::min<int64_t>({static_cast<int64_t>(left), peer_max_frame_size_,
                                     send_window_.available(), stream.send_window.available()});
      if (left > 0 && n <= 0) return false;
      n = std::max<int64_t>(n, 0);
      const bool last = static_cast<size_t>(n) == left;
      AppendData(out_, stream.id, std::string_view(item.bytes).substr(item.offset, n),
                 item.end_stream && last);
      send_window_.Consume(n);
      stream.send_window.Consume(n);
      item.offset += n;
      if (last) {
        ended = item.end_stream;
        stream.out.pop_front();
      }
      break;
    }
  }
  if (ended) {
    // The response is complete. A request still open is not needed any more: tell the peer to
    // stop sending it (section 8.1).
    if (!stream.remote_closed) out_ += EncodeRstStream(stream.id, ErrorCode::kNoError);
    CloseStreamLocked(self, ErrorCode::kNoError);
  }
  return true;
}

void ServerConnection::Impl::HandleFrameLocked(Frame& frame) {
  if (!settings_received_ && frame.type != FrameType::kSettings) {
    return ConnectionErrorLocked(ErrorCode::kProtocolError, "the first frame is not SETTINGS");
  }
  switch (frame.type) {
    case FrameType::kData:
      return HandleDataLocked(frame);
    case FrameType::kHeaders:
      return HandleHeadersLocked(frame);
    case FrameType::kRstStream: {
      if (IsIdleLocked(frame.stream_id)) {
        return ConnectionErrorLocked(ErrorCode::kProtocolError, "RST_STREAM on an idle stream");
      }
      if (StreamPtr stream = FindLocked(frame.stream_id)) {
        CloseStreamLocked(stream, frame.error_code == ErrorCode::kNoError ? ErrorCode::kCancel
                                                                          : frame.error_code);
      }
      return;
    }
    case FrameType::kSettings:
      return HandleSettingsLocked(frame);
    case FrameType::kPing:
      if (!frame.has(kFlagAck)) control_ += EncodePing(frame.payload, /*ack=*/true);
      return;
    case FrameType::kGoAway:
      return;  // the client opens no more streams; the open ones go on
    case FrameType::kWindowUpdate:
      return HandleWindowUpdateLocked(frame);
    default:
      return;
  }
}

void ServerConnection::Impl::HandleHeadersLocked(Frame& frame) {
  // Every block goes through the decoder, whatever its stream, to keep the table in step.
  auto decoded = hpack_.Decode(frame.payload);
  if (!decoded.ok()) {
    return ConnectionErrorLocked(ErrorCode::kCompressionError, decoded.status().message());
  }
  const uint32_t id = frame.stream_id;
  if (id % 2 == 0) {
    return ConnectionErrorLocked(ErrorCode::kProtocolError, "HEADERS on an even stream id");
  }
  const bool end_stream = frame.has(kFlagEndStream);
  if (id <= last_stream_id_) {
    StreamPtr stream = FindLocked(id);
    if (!stream) return;  // a stream this side already ended
    if (stream->remote_closed) return ResetStreamLocked(stream, ErrorCode::kStreamClosed);
    // Trailers end the request.
    if (!end_stream) return ResetStreamLocked(stream, ErrorCode::kProtocolError);
    stream->remote_closed = true;
    events_.push_back([stream] {
      if (stream->observer) stream->observer->OnData({}, true);
    });
    return;
  }
  last_stream_id_ = id;
  if (goaway_sent_ || streams_.size() >= options_.max_concurrent_streams) {
    control_ += EncodeRstStream(id, ErrorCode::kRefusedStream);
    return;
  }
  if (decoded->too_large) {
    control_ +=
        EncodeHeaders(id, EncodeHeaderBlock({{":status", "431"}}), true, peer_max_frame_size_);
    if (!end_stream) control_ += EncodeRstStream(id, ErrorCode::kNoError);
    return;
  }
  if (!CheckRequestHeaders(decoded->fields).empty()) {
    control_ += EncodeRstStream(id, ErrorCode::kProtocolError);
    return;
  }
  auto stream = std::make_shared<Stream>(id, peer_initial_window_, options_.stream_window);
  stream->remote_closed = end_stream;
  streams_[id] = stream;
  events_.push_back([this, stream, fields = std::move(decoded->fields), end_stream]() mutable {
    std::shared_ptr<ServerStream> handle(new ServerStream(self_, stream->id));
    stream->observer = handler_->OnRequest(std::move(handle), std::move(fields));
    if (end_stream && stream->observer) stream->observer->OnData({}, true);
  });
}

void ServerConnection::Impl::HandleDataLocked(Frame& frame) {
  if (IsIdleLocked(frame.stream_id)) {
    return ConnectionErrorLocked(ErrorCode::kProtocolError, "DATA on an idle stream");
  }
  if (!receive_window_.Receive(frame.flow_controlled_length)) {
    return ConnectionErrorLocked(ErrorCode::kFlowControlError,
                                 "the peer overran the connection window");
  }
  StreamPtr stream = FindLocked(frame.stream_id);
  if (!stream || stream->remote_closed) {
    CreditConnectionLocked();  // nobody consumes it
    if (stream) ResetStreamLocked(stream, ErrorCode::kStreamClosed);
    return;
  }
  if (!stream->receive_window.Receive(frame.flow_controlled_length)) {
    CreditConnectionLocked();
    return ResetStreamLocked(stream, ErrorCode::kFlowControlError);
  }
  const bool end_stream = frame.has(kFlagEndStream);
  if (end_stream) stream->remote_closed = true;
  events_.push_back([this, stream, data = std::move(frame.payload), end_stream] {
    if (stream->observer) stream->observer->OnData(data, end_stream);
    // Consumed: the peer may send as much again.
    std::lock_guard lock(mu_);
    CreditConnectionLocked();
    if (stream->closed || stream->remote_closed) return;
    if (uint32_t credit = stream->receive_window.TakeCredit()) {
      control_ += EncodeWindowUpdate(stream->id, credit);
    }
  });
}

void ServerConnection::Impl::CreditConnectionLocked() {
  if (uint32_t credit = receive_window_.TakeCredit()) control_ += EncodeWindowUpdate(0, credit);
}

void ServerConnection::Impl::HandleSettingsLocked(const Frame& frame) {
  if (frame.has(kFlagAck)) return;
  settings_received_ = true;
  for (const Setting& setting : frame.settings) {
    switch (setting.id) {
      case kSettingMaxFrameSize:
        peer_max_frame_size_ = setting.value;
        break;
      case kSettingInitialWindowSize: {
        if (!ShiftSendWindows(streams_,
                              static_cast<int64_t>(setting.value) - peer_initial_window_)) {
          return ConnectionErrorLocked(ErrorCode::kFlowControlError,
                                       "SETTINGS_INITIAL_WINDOW_SIZE overflows a stream window");
        }
        peer_initial_window_ = setting.value;
        break;
      }
      // The encoder never uses the dynamic table; a server does not push; kubepp's response
      // headers are far below any header list limit a client sets.
      default:
        break;
    }
  }
  control_ += EncodeSettingsAck();
}

void ServerConnection::Impl::HandleWindowUpdateLocked(const Frame& frame) {
  if (frame.stream_id == 0) {
    if (!send_window_.Grow(frame.window_increment)) {
      return ConnectionErrorLocked(ErrorCode::kFlowControlError, "connection window above 2^31-1");
    }
    return;
  }
  if (IsIdleLocked(frame.stream_id)) {
    return ConnectionErrorLocked(ErrorCode::kProtocolError, "WINDOW_UPDATE on an idle stream");
  }
  StreamPtr stream = FindLocked(frame.stream_id);
  if (stream && !stream->send_window.Grow(frame.window_increment)) {
    ResetStreamLocked(stream, ErrorCode::kFlowControlError);
  }
}

void ServerConnection::Impl::ConnectionErrorLocked(ErrorCode code, const std::string& why) {
  if (closing_) return;
  closing_ = true;
  closing_deadline_ = Clock::now() + kClosingGrace;
  control_ += EncodeGoAway(last_stream_id_, code, why);
  std::vector<StreamPtr> open;
  for (auto& [id, stream] : streams_) open.push_back(stream);
  for (const StreamPtr& stream : open) CloseStreamLocked(stream, ErrorCode::kCancel);
}

void ServerConnection::Impl::ResetStreamLocked(const StreamPtr& stream, ErrorCode code) {
  control_ += EncodeRstStream(stream->id, code);
  CloseStreamLocked(stream, code);
}

void ServerConnection::Impl::CloseStreamLocked(const StreamPtr& stream, ErrorCode code) {
  if (stream->closed) return;
  stream->closed = true;
  stream->local_closed = true;
  stream->out.clear();
  streams_.erase(stream->id);
  pending_.erase(stream->id);
  events_.push_back([stream, code] {
    if (!stream->observer) return;
    stream->observer->OnClosed(code);
    stream->observer.reset();
  });
}

bool ServerConnection::Impl::IsIdleLocked(uint32_t stream_id) const {
  // Only the client opens streams (odd ids): an even id, or one above the last, is idle.
  return stream_id % 2 == 0 || stream_id > last_stream_id_;
}

ServerConnection::Impl::StreamPtr ServerConnection::Impl::FindLocked(uint32_t stream_id) const {
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? nullptr : it->second;
}

void ServerConnection::Impl::Teardown() {
  {
    std::lock_guard lock(mu_);
    std::vector<StreamPtr> open;
    for (auto& [id, stream] : streams_) open.push_back(stream);
    for (const StreamPtr& stream : open) CloseStreamLocked(stream, ErrorCode::kCancel);
    deadlines_.clear();
    io_failed_ = true;  // from now on nothing is queued
  }
  RunEvents();
  ::shutdown(fd_, SHUT_RDWR);
  std::lock_guard lock(finished_mu_);
  finished_.store(true);
  finished_cv_.notify_all();
}

// ConnectionLoop

ConnectionLoop& ConnectionLoop::Next() {
  static const std::vector<ConnectionLoop*> loops = [] {
    unsigned cores = std::max(2u, std::thread::hardware_concurrency());
    std::vector<ConnectionLoop*> out;
    for (unsigned i = 0; i < cores; ++i) out.push_back(new ConnectionLoop());
    return out;
  }();
  static std::atomic<size_t> next{0};
  return *loops[next.fetch_add(1, std::memory_order_relaxed) % loops.size()];
}

ConnectionLoop::ConnectionLoop()
    : epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)),
      wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    std::fprintf(stderr, "http2: cannot create the connection loop: %s\n", std::strerror(errno));
    std::abort();
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // the wake eventfd
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  std::thread([this] { Run(); }).detach();
}

void ConnectionLoop::Add(std::shared_ptr<ServerConnection> connection) {
  connection->impl_->loop_ = this;
  std::lock_guard lock(mu_);
  added_.push_back(std::move(connection));
  if (!std::exchange(wake_sent_, true)) {
    uint64_t one = 1;
    ssize_t n = ::write(wake_fd_, &one, sizeof(one));
    (void)n;  // a full counter still wakes the loop
  }
}

void ConnectionLoop::Wake(ServerConnection::Impl* impl) {
  std::lock_guard lock(mu_);
  woken_.push_back(impl);
  if (!std::exchange(wake_sent_, true)) {
    uint64_t one = 1;
    ssize_t n = ::write(wake_fd_, &one, sizeof(one));
    (void)n;
  }
}

void ConnectionLoop::Run() {
  constexpr int kMaxEvents = 64;
  epoll_event events[kMaxEvents];
  std::vector<std::shared_ptr<ServerConnection>> added;
  std::vector<ServerConnection::Impl*> woken;
  while (true) {
    int timeout_ms = -1;
    if (!timers_.empty()) {
      auto left =
          std::chrono::ceil<std::chrono::milliseconds>(timers_.begin()->first - Clock::now())
              .count();
      timeout_ms = static_cast<int>(std::clamp<int64_t>(left, 0, 60'000));
    }
    int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, timeout_ms);
    if (n < 0 && errno != EINTR) {
      std::fprintf(stderr, "http2: epoll_wait: %s\n", std::strerror(errno));
      std::abort();
    }
    {
      std::lock_guard lock(mu_);
      added.swap(added_);
      woken.swap(woken_);
      if (wake_sent_) {
        uint64_t count = 0;
        ssize_t r = ::read(wake_fd_, &count, sizeof(count));
        (void)r;
        wake_sent_ = false;
      }
    }
    for (auto& connection : added) {
      ServerConnection::Impl* impl = connection->impl_.get();
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.ptr = impl;
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, impl->fd(), &ev);
      impl->loop_events_ = EPOLLIN;
      connections_.emplace(impl, std::move(connection));
      RunTurn(impl, 0);
    }
    added.clear();
    for (int i = 0; i < n; ++i) {
      if (events[i].data.ptr != nullptr) {
        RunTurn(static_cast<ServerConnection::Impl*>(events[i].data.ptr), events[i].events);
      }
    }
    for (ServerConnection::Impl* impl : woken) RunTurn(impl, 0);
    woken.clear();
    Clock::time_point now = Clock::now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      ServerConnection::Impl* impl = timers_.begin()->second;
      timers_.erase(timers_.begin());  // the turn sets the next one
      RunTurn(impl, 0);
    }
  }
}

void ConnectionLoop::RunTurn(ServerConnection::Impl* impl, uint32_t events) {
  auto it = connections_.find(impl);
  if (it == connections_.end()) return;  // finished earlier in this round
  std::shared_ptr<ServerConnection> connection = it->second;
  if (impl->loop_deadline_ != Clock::time_point::max()) {
    timers_.erase({impl->loop_deadline_, impl});
    impl->loop_deadline_ = Clock::time_point::max();
  }
  impl->wake_pending_.store(false);  // a wake from now on asks for another turn
  ServerConnection::Impl::TurnResult next = impl->Turn(events);
  if (next.done) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, impl->fd(), nullptr);
    connections_.erase(it);
    impl->Finish();
    return;  // `connection` may be the last reference: the connection goes here
  }
  if (next.events != impl->loop_events_) {
    epoll_event ev{};
    ev.events = next.events;
    ev.data.ptr = impl;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, impl->fd(), &ev);
    impl->loop_events_ = next.events;
  }
  if (next.deadline != Clock::time_point::max()) {
    impl->loop_deadline_ = next.deadline;
    timers_.emplace(next.deadline, impl);
  }
}

// ServerStream

bool ServerStream::SendHeaders(HeaderList headers, bool end_stream) {
  std::shared_ptr<ServerConnection> connection = connection_.lock();
  if (!connection) return false;
  Outgoing item;
  item.kind = Outgoing::Kind::kHeaders;
  item.bytes = EncodeHeaderBlock(headers);
  item.end_stream = end_stream;
  return connection->impl_->Enqueue(id_, std::move(item));
}

bool ServerStream::SendData(std::string data, bool end_stream) {
  std::shared_ptr<ServerConnection> connection = connection_.lock();
  if (!connection) return false;
  Outgoing item;
  item.kind = Outgoing::Kind::kData;
  item.bytes = std::move(data);
  item.end_stream = end_stream;
  return connection->impl_->Enqueue(id_, std::move(item));
}

void ServerStream::Reset(ErrorCode code) {
  std::shared_ptr<ServerConnection> connection = connection_.lock();
  if (!connection) return;
  Outgoing item;
  item.kind = Outgoing::Kind::kReset;
  item.code = code;
  connection->impl_->Enqueue(id_, std::move(item));
}

void ServerStream::SetDeadline(std::chrono::steady_clock::time_point deadline) {
  if (std::shared_ptr<ServerConnection> connection = connection_.lock()) {
    connection->impl_->SetDeadline(id_, deadline);
  }
}

// ServerConnection

std::shared_ptr<ServerConnection> ServerConnection::Start(int fd, RequestHandler* handler,
                                                          const ServerConnectionOptions& options) {
  std::shared_ptr<ServerConnection> connection(
      new ServerConnection(std::make_unique<Impl>(fd, handler, options)));
  Impl* impl = connection->impl_.get();
  impl->self_ = connection;
  ConnectionLoop::Next().Add(connection);
  return connection;
}

ServerConnection::ServerConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

// Its loop holds a connection until it has finished, so the last owner lets go of a finished
// one; only a connection that never started can get here unfinished.
ServerConnection::~ServerConnection() = default;

void ServerConnection::GoAway() { impl_->RequestGoAway(); }
void ServerConnection::Close() { impl_->RequestClose(); }

void ServerConnection::Join() {
  std::unique_lock lock(impl_->finished_mu_);
  impl_->finished_cv_.wait(lock, [this] { return impl_->finished_.load(); });
}

bool ServerConnection::WaitUntilFinished(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(impl_->finished_mu_);
  return impl_->finished_cv_.wait_until(lock, deadline, [this] { return impl_->finished_.load(); });
}

bool ServerConnection::finished() const { return impl_->finished_.load(); }
size_t ServerConnection::active_streams() const { return impl_->active_streams(); }

}  // namespace kubepp::net::http2
