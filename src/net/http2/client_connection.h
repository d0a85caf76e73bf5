// The client end of one HTTP/2 connection (RFC 9113) over a connected stream socket, carrying
// request/response exchanges of many threads at once: the preface and SETTINGS, stream ids,
// flow control both ways, PING answers, GOAWAY and RST_STREAM.
//
//   auto conn = ClientConnection::Start(fd, {});
//   Exchange ex = conn->RoundTrip({{":method", "POST"}, ...}, body, deadline);
//   if (ex.outcome == Exchange::Outcome::kComplete) ... ex.headers, ex.body, ex.trailers
//
// Threads: one reader thread per connection reads frames and hands them to the streams they
// belong to; a caller's thread writes its own HEADERS and DATA and then waits for its stream to
// finish. Frames go out whole under a write mutex, in any order between streams.
//
// Lifecycle: a connection accepts new exchanges until it breaks (the peer closes, a connection
// error, a write fails) or the peer sends GOAWAY; then accepting() turns false for good and the
// owner opens a new connection for new calls. Exchanges in flight when the connection breaks end
// with kConnectionLost; those GOAWAY says the peer never processed end with kRefused. Destroying
// the connection closes the socket, ends every exchange in flight and joins the reader.
//
// Responses are buffered whole (an exchange is unary); each stream's data is credited back to
// the peer as it arrives, so flow control bounds the peer's burst, and max_response_body bounds
// memory.
//
// Thread safety: every method may be called from any thread, concurrently.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "net/http2/flow_window.h"
#include "net/http2/frame.h"
#include "net/http2/frame_decoder.h"
#include "net/http2/header_field.h"
#include "net/http2/hpack_decoder.h"

namespace kubepp::net::http2 {

// How one request/response exchange ended.
struct Exchange {
  enum class Outcome {
    kComplete,        // headers, body and trailers (if any) arrived; END_STREAM seen
    kRefused,         // the peer did not process the request (GOAWAY, REFUSED_STREAM, or the
                      // connection stopped accepting before it was sent): safe to retry
    kReset,           // the stream was reset (error_code), by the peer or for a malformed response
    kConnectionLost,  // the connection broke while the exchange was in flight
    kDeadlineExceeded,  // this side gave up and reset the stream (CANCEL)
    kTooLarge,          // the response exceeded max_response_body or the header list limit
  };
  Outcome outcome = Outcome::kConnectionLost;
  ErrorCode error_code = ErrorCode::kNoError;
  std::string detail;  // why, for messages

  HeaderList headers;   // the response's header block (":status" first)
  std::string body;     // the DATA, concatenated
  HeaderList trailers;  // the trailing header block; empty when the response had none
};

struct ClientConnectionOptions {
  // Advertised receive windows: per stream (SETTINGS_INITIAL_WINDOW_SIZE) and for the whole
  // connection. Large so that a big response streams without waiting on WINDOW_UPDATEs.
  uint32_t stream_window = 4 * 1024 * 1024;
  uint32_t connection_window = 16 * 1024 * 1024;
  size_t max_header_list_size = 64 * 1024;  // SETTINGS_MAX_HEADER_LIST_SIZE
  size_t max_response_body = 64 * 1024 * 1024;
};

class ClientConnection {
 public:
  // Takes ownership of `fd` (connected); writes the preface and SETTINGS and starts reading.
  static std::shared_ptr<ClientConnection> Start(int fd,
                                                 const ClientConnectionOptions& options = {});
  ~ClientConnection();

  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  // Sends a request (`headers`, then `body` with END_STREAM) and waits for the whole response,
  // at most until `deadline` (time_point::max(): no deadline).
  Exchange RoundTrip(const HeaderList& headers, std::string_view body,
                     std::chrono::steady_clock::time_point deadline);

  // False once the connection broke or the peer sent GOAWAY: new exchanges need a new one.
  bool accepting() const;

  // Streams open now (for tests and metrics).
  size_t active_streams() const;

 private:
  struct Stream;
  using Clock = std::chrono::steady_clock;

  ClientConnection(int fd, const ClientConnectionOptions& options);

  void ReadLoop();
  // Handles one frame from the peer; returns bytes to write (acks, window updates, resets).
  std::string HandleFrameLocked(Frame& frame);
  std::string HandleHeadersLocked(Frame& frame);
  std::string HandleDataLocked(Frame& frame);
  std::string HandleSettingsLocked(const Frame& frame);
  void HandleGoAwayLocked(const Frame& frame);
  std::string HandleWindowUpdateLocked(const Frame& frame);
  // A connection error: GOAWAY bytes to send; every stream ends.
  std::string ConnectionErrorLocked(ErrorCode code, const std::string& why);
  // Ends a stream: records the outcome, forgets the stream, wakes its caller.
  void FinishLocked(const std::shared_ptr<Stream>& stream, Exchange::Outcome outcome,
                    ErrorCode code = ErrorCode::kNoError, std::string detail = {});
  void BreakLocked(const std::string& why);
  // A stream-level error this side detects: RST_STREAM bytes, and the stream ends as kReset.
  std::string ResetLocked(const std::shared_ptr<Stream>& stream, ErrorCode code, std::string why);

  bool IsIdleLocked(uint32_t stream_id) const;
  std::shared_ptr<Stream> FindLocked(uint32_t stream_id) const;

  enum class BodyResult {
    kSent,       // all of it (or the connection broke, which ended the stream)
    kAbandoned,  // the stream ended first, e.g. the peer answered before reading it all
    kDeadline,
  };
  // Sends DATA as the connection and stream windows and the peer's frame size allow.
  BodyResult SendBody(const std::shared_ptr<Stream>& stream, std::string_view body,
                      Clock::time_point deadline);
  // Write whole frames; false (and the connection breaks) if the socket fails. WriteHeld
  // REQUIRES write_mu_ held.
  bool Write(std::string_view bytes);
  bool WriteHeld(std::string_view bytes);
  // Wakes the reader and makes further writes fail; the fd stays open until destruction.
  void Shutdown();

  // Constant after construction.
  const int fd_;
  const ClientConnectionOptions options_;

  // Serializes writes to fd_ so frames never interleave. Lock order: write_mu_, then mu_.
  std::mutex write_mu_;

  mutable std::mutex mu_;
  // Signalled when the connection state changes: windows grow, streams end, settings arrive.
  std::condition_variable changed_;
  // Guarded by mu_.
  std::map<uint32_t, std::shared_ptr<Stream>> streams_;
  uint32_t next_stream_id_ = 1;
  uint32_t reserved_streams_ = 0;  // streams counted against the peer's limit, not yet opened
  bool broken_ = false;
  bool goaway_received_ = false;
  std::string broken_reason_;
  SendWindow send_window_;
  ReceiveWindow receive_window_;
  int64_t peer_initial_window_ = kDefaultWindowSize;
  uint32_t peer_max_frame_size_ = kDefaultMaxFrameSize;
  uint32_t peer_max_concurrent_streams_ = UINT32_MAX;

  // Used by the reader thread only.
  FrameDecoder decoder_;
  HpackDecoder hpack_;

  std::thread reader_;
};

}  // namespace kubepp::net::http2
