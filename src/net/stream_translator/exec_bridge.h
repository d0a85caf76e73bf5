// ExecBridge: exec and attach over WebSocket (the client speaks
// v5.channel.k8s.io, or v4.channel.k8s.io) translated to SPDY/3.1 with
// remote command protocol v4.channel.k8s.io towards the kubelet, as
// upstream's StreamTranslatorHandler does.
//
// Client side: every WebSocket binary message is one channel byte and data:
// 0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize. v5 adds 255 followed by a
// channel: the client will send nothing more on it (stdin ended). The
// bridge first sends an empty message on the lowest channel the client reads
// (stdout, else stderr, else error) to say the session is open.
//
// Backend side: one SPDY stream per channel, opened by the bridge with the
// header streamType (error, then stdin, stdout, stderr as requested; no
// stderr with a tty, which merges it into stdout; resize with a tty). The
// runtime replies to each (SYN_REPLY); data the client sends on a stream is
// held until that reply (spdystream drops data on a stream it has not
// replied to). Client stdin and resize become data frames; "close stdin"
// becomes a data frame with FIN. stdout and stderr come back as messages on
// channels 1 and 2. The error stream carries the command's Status (exit
// code, failure); it is held and sent on channel 3 once the command is over,
// or a Success Status if the runtime sent none.
//
// The command is over when the runtime has finished (FIN or reset) the error,
// stdout and stderr streams: the bridge sends the status, a close frame
// (1000) and GOAWAY, and waits for the client to close. A backend connection
// lost before that ends the session with an InternalError Status; a client
// that closes first ends it at once.
//
// Thread safety: see Bridge.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "net/spdy/frame.h"
#include "net/stream_translator/bridge.h"
#include "net/websocket/frame.h"

namespace kubepp::net::stream_translator {

// The remote command channel numbers (upstream's remotecommand constants).
enum Channel : uint8_t {
  kStdin = 0,
  kStdout = 1,
  kStderr = 2,
  kError = 3,
  kResize = 4,
  kCloseSignal = 255,  // v5: [255, channel] closes the channel
};

inline constexpr std::string_view kProtocolV5 = "v5.channel.k8s.io";
inline constexpr std::string_view kProtocolV4 = "v4.channel.k8s.io";

// Which streams the client asked for (the query's stdin, stdout, stderr, tty).
struct ExecStreams {
  bool input = false;
  bool output = false;
  bool error = false;
  bool tty = false;
};

class ExecBridge final : public Bridge {
 public:
  // `max_message`: the largest WebSocket message accepted from the client.
  explicit ExecBridge(ExecStreams streams, size_t max_message = 16 << 20);

  // Bridge:
  void FromClient(std::string_view bytes) override;
  void FromBackend(std::string_view bytes) override;
  void ClientEnded() override;
  void BackendEnded() override;
  std::string TakeForClient() override { return std::exchange(to_client_, {}); }
  std::string TakeForBackend() override { return std::exchange(to_backend_, {}); }
  State state() const override { return state_; }

  // True once the runtime replied to every stream (tests).
  bool AllStreamsReplied() const;

 private:
  struct Stream {
    Channel channel;
    bool replied = false;
    bool remote_closed = false;  // the runtime sent FIN or reset it
    bool local_closed = false;   // we sent FIN
    std::string pending;         // client data held until the reply
    bool pending_fin = false;
  };

  void OpenStream(Channel channel, const char* type);
  Stream* StreamOf(Channel channel);
  void SendToStream(Stream& s, std::string_view data, bool fin);
  void OnFrame(spdy::Frame& frame);
  void OnClientMessage(std::string_view payload);
  void SendToClient(Channel channel, std::string_view data);
  void MaybeFinish();
  void Finish(std::string status_json);
  void EndNow(uint16_t close_code, std::string_view reason);

  const ExecStreams streams_;
  websocket::MessageReader ws_reader_;
  spdy::FrameReader spdy_reader_;
  spdy::FrameWriter spdy_writer_;
  std::map<uint32_t, Stream> by_id_;
  uint32_t next_id_ = 1;  // a client's streams are odd
  std::string error_status_;  // what the runtime sent on the error stream
  std::string to_client_, to_backend_;
  State state_ = State::kRunning;
};

// The JSON of a Status: Success, or Failure with `message` and InternalError.
std::string SuccessStatusJson();
std::string InternalErrorStatusJson(std::string_view message);

}  // namespace kubepp::net::stream_translator
