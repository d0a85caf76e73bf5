#include "net/backend_dial.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace kubepp::net {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Runs `close` unless destroyed before `timeout`; tells whether it fired.
// REQUIRES: `ex` is the (strand) executor the guarded operation runs on, so
// the timer's handler never runs concurrently with the destructor.
class Deadline {
 public:
  Deadline(asio::any_io_executor ex, std::chrono::milliseconds timeout, std::function<void()> close)
      : timer_(std::make_shared<asio::steady_timer>(ex, timeout)), state_(std::make_shared<State>()) {
    timer_->async_wait([state = state_, close = std::move(close)](boost::system::error_code ec) {
      // An expiry already queued when the destructor ran must not touch what
      // the guarded operation owned.
      if (ec || state->done) return;
      state->fired = true;
      close();
    });
  }
  ~Deadline() {
    state_->done = true;
    timer_->cancel();
  }
  bool fired() const { return state_->fired; }

 private:
  struct State {
    bool fired = false;
    bool done = false;
  };
  std::shared_ptr<asio::steady_timer> timer_;
  std::shared_ptr<State> state_;
};

}  // namespace

std::string GoErrorText(const boost::system::error_code& ec) {
  if (ec == asio::error::connection_refused) return "connection refused";
  if (ec == asio::error::connection_reset) return "connection reset by peer";
  if (ec == asio::error::host_unreachable) return "no route to host";
  if (ec == asio::error::network_unreachable) return "network is unreachable";
  if (ec == asio::error::eof || ec == ssl::error::stream_truncated) return "EOF";
  std::string text = ec.message();
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

StatusOr<std::shared_ptr<ssl::context>> MakeBackendContext(const BackendTls& tls) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                   ec);
  if (!tls.ca_file.empty()) {
    ctx->load_verify_file(tls.ca_file, ec);
    if (ec) return Status::Internal("loading CA " + tls.ca_file + ": " + ec.message());
    ctx->set_verify_mode(ssl::verify_peer, ec);
  } else if (!tls.ca_pem.empty()) {
    ctx->add_certificate_authority(asio::buffer(tls.ca_pem), ec);
    if (ec) return Status::Internal("loading CA data: " + ec.message());
    ctx->set_verify_mode(ssl::verify_peer, ec);
  } else {
    ctx->set_verify_mode(ssl::verify_none, ec);
  }
  if (!tls.cert_file.empty()) {
    ctx->use_certificate_chain_file(tls.cert_file, ec);
    if (ec) return Status::Internal("loading client certificate " + tls.cert_file + ": " + ec.message());
    ctx->use_private_key_file(tls.key_file, ssl::context::pem, ec);
    if (ec) return Status::Internal("loading client key " + tls.key_file + ": " + ec.message());
  } else if (!tls.cert_pem.empty()) {
    ctx->use_certificate_chain(asio::buffer(tls.cert_pem), ec);
    if (ec) return Status::Internal("loading client certificate data: " + ec.message());
    ctx->use_private_key(asio::buffer(tls.key_pem), ssl::context::pem, ec);
    if (ec) return Status::Internal("loading client key data: " + ec.message());
  }
  return ctx;
}

asio::awaitable<StatusOr<tcp::socket>> DialTcp(asio::any_io_executor executor, const BackendUrl& url,
                                               std::chrono::milliseconds timeout) {
  auto socket = std::make_shared<tcp::socket>(executor);
  auto resolver = std::make_shared<tcp::resolver>(executor);
  const std::string where = "dial tcp " + url.HostPort();
  Deadline deadline(executor, timeout, [socket, resolver] {
    resolver->cancel();
    boost::system::error_code ignored;
    socket->close(ignored);
  });
  boost::system::error_code ec;
  auto address = asio::ip::make_address(url.host, ec);
  if (!ec) {
    auto [cec] = co_await socket->async_connect(tcp::endpoint(address, url.port), kTuple);
    ec = cec;
  } else {
    auto [rec, results] = co_await resolver->async_resolve(url.host, std::to_string(url.port), kTuple);
    if (rec) {
      if (deadline.fired()) co_return Status::Unavailable(where + ": i/o timeout");
      co_return Status::Unavailable("dial tcp: lookup " + url.host + ": " +
                                    (rec == asio::error::host_not_found ? "no such host" : GoErrorText(rec)));
    }
    auto [cec, endpoint] = co_await asio::async_connect(*socket, results, kTuple);
    ec = cec;
  }
  if (deadline.fired()) co_return Status::Unavailable(where + ": i/o timeout");
  if (ec) co_return Status::Unavailable(where + ": connect: " + GoErrorText(ec));
  socket->set_option(tcp::no_delay(true), ec);
  co_return std::move(*socket);
}

asio::awaitable<Status> HandshakeTls(ssl::stream<tcp::socket>& stream, const BackendUrl& url, bool verify,
                                     std::chrono::milliseconds timeout) {
  boost::system::error_code ec;
  asio::ip::make_address(url.host, ec);
  // SNI only for names, never for IP literals (RFC 6066).
  if (ec) SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
  if (verify) stream.set_verify_callback(ssl::host_name_verification(url.host), ec);
  auto& socket = stream.next_layer();
  Deadline deadline(stream.get_executor(), timeout, [&socket] {
    boost::system::error_code ignored;
    socket.close(ignored);
  });
  auto [hec] = co_await stream.async_handshake(ssl::stream_base::client, kTuple);
  if (deadline.fired()) co_return Status::Unavailable("net/http: TLS handshake timeout");
  if (hec) co_return Status::Unavailable("tls: " + GoErrorText(hec));
  co_return Status::Ok();
}

}  // namespace kubepp::net
