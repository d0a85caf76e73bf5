#include "net/stream_translator/exec_bridge.h"

#include <algorithm>

namespace kubepp::net::stream_translator {
namespace {

// Data frames towards the runtime and messages towards the client are cut
// to this size, so one large write does not hold up the other streams.
constexpr size_t kChunk = 32 * 1024;

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string SuccessStatusJson() { return R"({"metadata":{},"status":"Success"})"; }

std::string InternalErrorStatusJson(std::string_view message) {
  std::string text = "Internal error occurred: " + std::string(message);
  return R"({"metadata":{},"status":"Failure","message":)" + JsonQuote(text) +
         R"(,"reason":"InternalError","details":{"causes":[{"message":)" + JsonQuote(message) +
         R"(}]},"code":500})";
}

ExecBridge::ExecBridge(ExecStreams streams, size_t max_message) : streams_(streams), ws_reader_(max_message) {
  // The order client-go's v4 executor opens them in.
  OpenStream(kError, "error");
  if (streams_.input) OpenStream(kStdin, "stdin");
  if (streams_.output) OpenStream(kStdout, "stdout");
  if (streams_.error && !streams_.tty) OpenStream(kStderr, "stderr");
  if (streams_.tty) OpenStream(kResize, "resize");
  // Tells the client the session is open (upstream's translator does so).
  Channel ready = streams_.output ? kStdout : streams_.error ? kStderr : kError;
  to_client_ += websocket::EncodeFrame(websocket::Opcode::kBinary, std::string(1, static_cast<char>(ready)));
}

void ExecBridge::OpenStream(Channel channel, const char* type) {
  uint32_t id = next_id_;
  next_id_ += 2;
  by_id_.emplace(id, Stream{channel});
  to_backend_ += spdy_writer_.SynStream(id, {{"streamtype", type}});
}

ExecBridge::Stream* ExecBridge::StreamOf(Channel channel) {
  for (auto& [id, s] : by_id_) {
    if (s.channel == channel) return &s;
  }
  return nullptr;
}

bool ExecBridge::AllStreamsReplied() const {
  return std::all_of(by_id_.begin(), by_id_.end(), [](const auto& e) { return e.second.replied; });
}

void ExecBridge::SendToStream(Stream& s, std::string_view data, bool fin) {
  if (s.local_closed || s.remote_closed) return;
  if (!s.replied) {
    s.pending.append(data);
    s.pending_fin = s.pending_fin || fin;
    return;
  }
  uint32_t id = 0;
  for (const auto& [sid, stream] : by_id_) {
    if (&stream == &s) id = sid;
  }
  while (data.size() > kChunk) {
    to_backend_ += spdy_writer_.Data(id, data.substr(0, kChunk));
    data.remove_prefix(kChunk);
  }
  if (!data.empty() || fin) to_backend_ += spdy_writer_.Data(id, data, fin);
  if (fin) s.local_closed = true;
}

void ExecBridge::SendToClient(Channel channel, std::string_view data) {
  while (!data.empty()) {
    size_t n = std::min(data.size(), kChunk);
    std::string message(1, static_cast<char>(channel));
    message.append(data.substr(0, n));
    to_client_ += websocket::EncodeFrame(websocket::Opcode::kBinary, message);
    data.remove_prefix(n);
  }
}

void ExecBridge::FromClient(std::string_view bytes) {
  if (state_ == State::kDone) return;
  ws_reader_.Feed(bytes);
  websocket::Event event;
  for (;;) {
    auto result = ws_reader_.Next(&event);
    if (result == websocket::MessageReader::Result::kNeedMore) return;
    if (result == websocket::MessageReader::Result::kError) {
      return EndNow(ws_reader_.error_code(), ws_reader_.error());
    }
    switch (event.kind) {
      case websocket::Event::Kind::kPing:
        to_client_ += websocket::EncodeFrame(websocket::Opcode::kPong, event.payload);
        break;
      case websocket::Event::Kind::kPong:
        break;
      case websocket::Event::Kind::kClose:
        if (state_ == State::kAwaitingClientClose) {
          state_ = State::kDone;  // our close frame went first; this answers it
          return;
        }
        return EndNow(event.close_code == websocket::kCloseNoStatus ? websocket::kCloseNormal : event.close_code, "");
      case websocket::Event::Kind::kMessage:
        if (state_ == State::kRunning) OnClientMessage(event.payload);
        break;
    }
  }
}

void ExecBridge::OnClientMessage(std::string_view payload) {
  if (payload.empty()) return;
  auto channel = static_cast<uint8_t>(payload[0]);
  payload.remove_prefix(1);
  if (channel == kCloseSignal) {
    if (payload.empty()) return;
    if (Stream* s = StreamOf(static_cast<Channel>(static_cast<uint8_t>(payload[0])));
        s && (s->channel == kStdin || s->channel == kResize)) {
      SendToStream(*s, {}, true);
    }
    return;
  }
  if (channel != kStdin && channel != kResize) return;  // the client writes only these
  if (Stream* s = StreamOf(static_cast<Channel>(channel)); s && !payload.empty()) SendToStream(*s, payload, false);
}

void ExecBridge::FromBackend(std::string_view bytes) {
  if (state_ != State::kRunning) return;
  spdy_reader_.Feed(bytes);
  spdy::Frame frame;
  while (state_ == State::kRunning) {
    auto result = spdy_reader_.Next(&frame);
    if (result == spdy::FrameReader::Result::kNeedMore) return;
    if (result == spdy::FrameReader::Result::kError) {
      to_backend_ += spdy_writer_.GoAway(0, 1);
      return Finish(InternalErrorStatusJson(spdy_reader_.error()));
    }
    OnFrame(frame);
  }
}

void ExecBridge::OnFrame(spdy::Frame& frame) {
  auto it = by_id_.find(frame.stream_id);
  switch (frame.type) {
    case spdy::FrameType::kSynReply:
      if (it != by_id_.end() && !it->second.replied) {
        Stream& s = it->second;
        s.replied = true;
        std::string pending = std::exchange(s.pending, {});
        SendToStream(s, pending, s.pending_fin);
        if (frame.fin()) s.remote_closed = true;
      }
      break;
    case spdy::FrameType::kData:
      if (it == by_id_.end()) break;  // spdystream drops data of unknown streams too
      if (!it->second.remote_closed) {
        switch (it->second.channel) {
          case kStdout:
          case kStderr:
            SendToClient(it->second.channel, frame.data);
            break;
          case kError:
            error_status_ += frame.data;
            break;
          default:
            break;  // the runtime does not write stdin or resize
        }
      }
      if (frame.fin()) it->second.remote_closed = true;
      break;
    case spdy::FrameType::kHeaders:
      if (it != by_id_.end() && frame.fin()) it->second.remote_closed = true;
      break;
    case spdy::FrameType::kRstStream:
      if (it != by_id_.end()) {
        it->second.remote_closed = true;
        it->second.local_closed = true;
        it->second.replied = true;
      }
      break;
    case spdy::FrameType::kPing:
      // Pings the runtime starts have even ids; answer them as they are.
      if (frame.ping_id % 2 == 0) to_backend_ += spdy_writer_.Ping(frame.ping_id);
      break;
    case spdy::FrameType::kSynStream:
      // The runtime opens no streams in this protocol.
      to_backend_ += spdy_writer_.RstStream(frame.stream_id, spdy::kRefusedStream);
      break;
    case spdy::FrameType::kGoAway:
    case spdy::FrameType::kSettings:
    case spdy::FrameType::kWindowUpdate:
      // spdystream keeps no flow-control windows: nothing to honour.
      break;
  }
  MaybeFinish();
}

void ExecBridge::MaybeFinish() {
  if (state_ != State::kRunning) return;
  for (const auto& [id, s] : by_id_) {
    if ((s.channel == kError || s.channel == kStdout || s.channel == kStderr) && !s.remote_closed) return;
  }
  to_backend_ += spdy_writer_.GoAway(0);
  Finish(error_status_.empty() ? SuccessStatusJson() : error_status_);
}

void ExecBridge::Finish(std::string status_json) {
  SendToClient(kError, status_json);
  to_client_ += websocket::EncodeClose(websocket::kCloseNormal);
  state_ = State::kAwaitingClientClose;
}

void ExecBridge::EndNow(uint16_t close_code, std::string_view reason) {
  to_client_ += websocket::EncodeClose(close_code, reason);
  if (state_ == State::kRunning) to_backend_ += spdy_writer_.GoAway(0);
  state_ = State::kDone;
}

void ExecBridge::ClientEnded() { state_ = State::kDone; }

void ExecBridge::BackendEnded() {
  if (state_ != State::kRunning) return;
  // A whole Status from the runtime is still the answer; without one the
  // session broke.
  bool status_complete = false;
  for (const auto& [id, s] : by_id_) {
    if (s.channel == kError) status_complete = s.remote_closed && !error_status_.empty();
  }
  Finish(status_complete ? error_status_
                         : InternalErrorStatusJson("error reading from the kubelet: the connection was closed"));
}

}  // namespace kubepp::net::stream_translator
