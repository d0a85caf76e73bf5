// HijackedConnection: what net::HttpServer hands over when a handler calls
// Responder::Hijack — the client's TLS stream, the bytes the server had
// already read past the request, and the strand every operation on the
// stream must run on. Private to src/net (it carries Asio); the rest of
// kubepp sees only the name declared in net/http.h.
//
// Thread safety: use the stream and Close() only on `strand`. The server
// closes the socket when it stops; the holder closes it when done, and the
// socket closes at the latest when the last holder lets go.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/strand.hpp>

#include "net/http.h"

namespace kubepp::net {

class HijackedConnection {
 public:
  using Stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;
  using Strand = boost::asio::strand<boost::asio::any_io_executor>;

  // `owner` keeps the server's connection (which owns `stream`) alive.
  HijackedConnection(Stream& stream, Strand strand, std::string leftover, std::shared_ptr<void> owner)
      : stream_(stream), strand_(strand), leftover_(std::move(leftover)), owner_(std::move(owner)) {}

  Stream& stream() { return stream_; }
  const Strand& strand() const { return strand_; }
  // Bytes the client sent after the request, before the hand-over; they come
  // before anything read from stream() now.
  std::string TakeLeftover() { return std::exchange(leftover_, {}); }
  // Closes the socket (idempotent); pending operations complete with errors.
  void Close() {
    boost::system::error_code ec;
    stream_.lowest_layer().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    stream_.lowest_layer().close(ec);
  }

 private:
  Stream& stream_;
  Strand strand_;
  std::string leftover_;
  std::shared_ptr<void> owner_;
};

}  // namespace kubepp::net
