// BlockingGrpc: unary gRPC calls over one HTTP/2 connection (h2c, loopback), written and read
// on the calling thread: no completion queue, no poller thread, no hand-off. store_bench uses
// it so that what it times is the server, not a general client's machinery (grpc++ spends
// about 75 µs of CPU per sequential call here, as much as the server it calls).
//
//   BlockingGrpc conn;
//   if (Status s = conn.Connect("127.0.0.1:2379"); !s.ok()) ...
//   StatusOr<std::string> reply = conn.Call("/etcdserverpb.KV/Put", request_bytes);
//
// or, several calls in flight:
//   uint32_t id = conn.Start(method, request);  ...
//   StatusOr<BlockingGrpc::Finished> done = conn.Next();  // whichever call ends first
//
// It speaks just enough HTTP/2 for that: the preface and an empty SETTINGS, SETTINGS and PING
// acknowledgements, WINDOW_UPDATEs giving back what the answers used, one stream per call.
//
// Thread safety: one thread at a time.
#pragma once

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "net/grpc/wire.h"
#include "net/http2/frame.h"
#include "net/http2/frame_decoder.h"
#include "net/http2/hpack_decoder.h"
#include "net/http2/hpack_encoder.h"

namespace kubepp::bench {

class BlockingGrpc {
 public:
  // A call that ended: its stream, and its response message or why there is none.
  struct Finished {
    uint32_t stream = 0;
    StatusOr<std::string> response = Status::Internal("unfinished");
  };

  BlockingGrpc() = default;
  ~BlockingGrpc() {
    if (fd_ >= 0) ::close(fd_);
  }
  BlockingGrpc(const BlockingGrpc&) = delete;
  BlockingGrpc& operator=(const BlockingGrpc&) = delete;

  // `endpoint`: "127.0.0.1:port".
  Status Connect(const std::string& endpoint) {
    authority_ = endpoint;
    size_t colon = endpoint.rfind(':');
    if (colon == std::string::npos) return Status::BadRequest("no port in " + endpoint);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(std::atoi(endpoint.c_str() + colon + 1)));
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      return Status::Unavailable("cannot connect to " + endpoint);
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string hello(net::http2::kClientPreface);
    hello += net::http2::EncodeSettings({});
    return WriteAll(hello);
  }

  // Sends a call of `method` ("/package.Service/Method"); returns its stream id, 0 when the
  // connection failed.
  uint32_t Start(std::string_view method, std::string_view request) {
    const uint32_t stream = next_stream_;
    next_stream_ += 2;
    if (method != block_method_) {  // the encoding keeps no state: one block serves every call
      block_method_ = std::string(method);
      block_ = net::http2::EncodeHeaderBlock({{":method", "POST"},
                                              {":scheme", "http"},
                                              {":path", block_method_},
                                              {":authority", authority_},
                                              {"content-type", "application/grpc"},
                                              {"te", "trailers"}});
    }
    std::string out = net::http2::EncodeHeaders(stream, block_, /*end_stream=*/false);
    net::http2::AppendData(out, stream, net::grpc::FrameMessage(request), /*end_stream=*/true);
    if (!WriteAll(out).ok()) return 0;
    calls_.emplace(stream, InFlight{});
    return stream;
  }

  // Waits for the next call to end. An error here (not in Finished) means the connection is
  // unusable.
  StatusOr<Finished> Next() {
    for (;;) {
      net::http2::Frame frame;
      auto next = decoder_.Next(&frame);
      if (next == net::http2::FrameDecoder::Result::kError) return Status::Internal("bad frame from the server");
      if (next == net::http2::FrameDecoder::Result::kNeedMore) {
        char buf[64 * 1024];
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) return Status::Unavailable("the server closed the connection");
        decoder_.Feed(std::string_view(buf, static_cast<size_t>(n)));
        continue;
      }
      switch (frame.type) {
        case net::http2::FrameType::kSettings:
          if (!frame.has(net::http2::kFlagAck)) KUBEPP_RETURN_IF_ERROR(WriteAll(net::http2::EncodeSettingsAck()));
          break;
        case net::http2::FrameType::kPing:
          if (!frame.has(net::http2::kFlagAck)) {
            KUBEPP_RETURN_IF_ERROR(WriteAll(net::http2::EncodePing(frame.payload, /*ack=*/true)));
          }
          break;
        case net::http2::FrameType::kGoAway:
          return Status::Unavailable("the server sent GOAWAY");
        case net::http2::FrameType::kRstStream:
          if (calls_.erase(frame.stream_id) > 0) {
            return Finished{frame.stream_id, Status::Internal("the server reset the call")};
          }
          break;
        case net::http2::FrameType::kData: {
          unreturned_ += frame.flow_controlled_length;
          auto it = calls_.find(frame.stream_id);
          if (it == calls_.end()) break;
          it->second.body += frame.payload;
          if (frame.has(net::http2::kFlagEndStream)) return Finish(it);
          break;
        }
        case net::http2::FrameType::kHeaders: {
          // Decoded whatever the stream: HPACK's dynamic table follows every block.
          auto fields = hpack_.Decode(frame.payload);
          if (!fields.ok()) return fields.status();
          auto it = calls_.find(frame.stream_id);
          if (it == calls_.end()) break;
          if (const std::string* v = net::http2::FindHeader(fields->fields, "grpc-status"))
            it->second.status = *v;
          if (const std::string* v = net::http2::FindHeader(fields->fields, "grpc-message"))
            it->second.message = *v;
          if (frame.has(net::http2::kFlagEndStream)) return Finish(it);
          break;
        }
        default:
          break;
      }
    }
  }

  // One call, waited for: its response message, or why there is none.
  StatusOr<std::string> Call(std::string_view method, std::string_view request) {
    const uint32_t stream = Start(method, request);
    if (stream == 0) return Status::Unavailable("writing to the server failed");
    for (;;) {
      StatusOr<Finished> done = Next();
      if (!done.ok()) return done.status();
      if (done->stream == stream) return std::move(done->response);
    }
  }

  size_t in_flight() const { return calls_.size(); }

 private:
  struct InFlight {
    std::string body, status, message;
  };

  StatusOr<Finished> Finish(std::unordered_map<uint32_t, InFlight>::iterator it) {
    Finished done{it->first, Status::Internal("")};
    const InFlight& call = it->second;
    if (call.status != "0") {
      done.response = Status::Internal("grpc-status " + call.status + ": " + call.message);
    } else if (call.body.size() < 5) {
      done.response = Status::Internal("no response message");
    } else {
      done.response = call.body.substr(5);  // one message: its 5-byte prefix, then the message
    }
    calls_.erase(it);
    // The connection's window gets back what the answers used (each call has a stream of its
    // own) once that is half the initial window: an update per call would wake the server for
    // nothing but it.
    if (unreturned_ >= kReturnWindowAt) {
      KUBEPP_RETURN_IF_ERROR(WriteAll(net::http2::EncodeWindowUpdate(0, static_cast<uint32_t>(unreturned_))));
      unreturned_ = 0;
    }
    return done;
  }

  Status WriteAll(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n <= 0) return Status::Unavailable("writing to the server failed");
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  static constexpr size_t kReturnWindowAt = 32 * 1024;

  int fd_ = -1;
  std::string authority_;
  uint32_t next_stream_ = 1;          // a client's streams are odd
  std::string block_method_, block_;  // the header block of the last method started
  size_t unreturned_ = 0;             // answer bytes not yet given back to the connection's window
  std::unordered_map<uint32_t, InFlight> calls_;  // in flight, by stream
  net::http2::FrameDecoder decoder_;
  net::http2::HpackDecoder hpack_;
};

}  // namespace kubepp::bench
