// Bridge: the protocol half of a translating proxy between a client
// connection and a backend connection, as bytes in and bytes out, so that
// the translation can be tested without sockets. The I/O half
// (stream_translator.cc) reads both connections into it, writes what it
// produces, and closes the connections as its state says.
//
// Thread safety: a Bridge is used by one thread (strand) at a time.
#pragma once

#include <string>
#include <string_view>

namespace kubepp::net::stream_translator {

class Bridge {
 public:
  virtual ~Bridge() = default;

  // Bytes read from the client (a WebSocket connection after its handshake).
  virtual void FromClient(std::string_view bytes) = 0;
  // Bytes read from the backend (after its upgrade answer).
  virtual void FromBackend(std::string_view bytes) = 0;
  // The client's or the backend's connection ended (EOF, reset, any error).
  virtual void ClientEnded() = 0;
  virtual void BackendEnded() = 0;

  // Bytes to write to each side, in order; each call hands them over once.
  virtual std::string TakeForClient() = 0;
  virtual std::string TakeForBackend() = 0;

  enum class State {
    kRunning,
    // The exchange is over and the client was told so (a WebSocket close
    // frame): send what is queued, close the backend, and wait (bounded)
    // for the client to close or answer the close frame.
    kAwaitingClientClose,
    // Send what is queued to the client, then close both connections.
    kDone,
  };
  virtual State state() const = 0;
};

}  // namespace kubepp::net::stream_translator
