// Test helper: a scripted HTTP/2 server for a ClientConnection (see scripted_end.h).
#pragma once

#include <string>

#include "scripted_end.h"

namespace kubepp::net::http2::testing {

class ScriptedPeer : public ScriptedEnd {
 public:
  ScriptedPeer() : ScriptedEnd(/*raw_first=*/true) {}

  // The client's end, for ClientConnection::Start (which then owns it).
  int TakeClientFd() { return TakeOtherFd(); }

  // The 24 octets a client sends first.
  std::string ReadPreface() { return ReadRaw(kClientPreface.size()); }

  HeaderList DecodeHeaders(const Frame& frame) {
    auto decoded = hpack_.Decode(frame.payload);
    return decoded.ok() ? decoded->fields : HeaderList{};
  }
};

}  // namespace kubepp::net::http2::testing
