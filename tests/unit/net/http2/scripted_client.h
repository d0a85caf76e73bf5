// Test helper: a scripted HTTP/2 client for a ServerConnection (see scripted_end.h): the
// server meets exactly the client behaviour a test is about (small windows, resets, malformed
// frames, a wrong preface).
#pragma once

#include <string>
#include <vector>

#include "scripted_end.h"

namespace kubepp::net::http2::testing {

class ScriptedClient : public ScriptedEnd {
 public:
  ScriptedClient() : ScriptedEnd(/*raw_first=*/false) {}

  // The server's end, for ServerConnection::Start (which then owns it).
  int TakeServerFd() { return TakeOtherFd(); }

  // The preface and an empty SETTINGS (or `settings`).
  void Hello(const std::vector<Setting>& settings = {}) {
    Send(kClientPreface);
    Send(EncodeSettings(settings));
  }

  static HeaderList Request(std::string path = "/svc/Method") {
    return {{":method", "POST"},
            {":scheme", "http"},
            {":path", std::move(path)},
            {":authority", "test"},
            {"content-type", "application/grpc"},
            {"te", "trailers"}};
  }

  // The fields of the last HEADERS frame Next returned.
  const HeaderList& last_headers() const { return last_headers_; }

 private:
  void OnFrame(const Frame& frame) override {
    if (frame.type != FrameType::kHeaders) return;
    auto decoded = hpack_.Decode(frame.payload);
    last_headers_ = decoded.ok() ? decoded->fields : HeaderList{};
  }

  HeaderList last_headers_;
};

}  // namespace kubepp::net::http2::testing
