// Connecting to a proxy backend: TCP (resolving names), then TLS for https
// backends, within a deadline, with failures worded as Go's net package
// words them ("dial tcp 10.0.0.5:10250: connect: connection refused") since
// clients and tests read upstream's messages. Private to src/net: it carries
// Asio (see net/reverse_proxy.h for the public side).
//
// Thread safety: each call works on its own sockets; run it on the executor
// the sockets belong to.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "base/status.h"
#include "net/backend_url.h"
#include "net/reverse_proxy.h"

namespace kubepp::net {

// An SSL client context for `tls` (CA to verify against, client identity).
StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeBackendContext(const BackendTls& tls);

// A connected TCP socket on `executor`, or an error worded as Go's dialer
// words it.
boost::asio::awaitable<StatusOr<boost::asio::ip::tcp::socket>> DialTcp(boost::asio::any_io_executor executor,
                                                                        const BackendUrl& url,
                                                                        std::chrono::milliseconds timeout);

// Completes the client side of a TLS handshake on `stream` (SNI and, when the
// context verifies, the host name check for url.host).
boost::asio::awaitable<Status> HandshakeTls(boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& stream,
                                            const BackendUrl& url, bool verify,
                                            std::chrono::milliseconds timeout);

// "connection refused" from an error code: Go's lower-case wording.
std::string GoErrorText(const boost::system::error_code& ec);

}  // namespace kubepp::net
