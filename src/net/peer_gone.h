// WaitUntilPeerLeaves: completes once the peer of a connection that should be
// silent — a client reading a streamed response — has gone: it closed,
// reset, or sent anything (a TLS close_notify, a next request it should not
// send yet). Readiness reports with nothing behind them (epoll may report a
// socket readable that has no byte and no EOF waiting) are waited out, so a
// stream is never ended by mistake. Private to src/net: it carries Asio.
//
// Thread safety: run on the socket's executor.
#pragma once

#include <sys/socket.h>

#include <cerrno>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace kubepp::net {

inline boost::asio::awaitable<void> WaitUntilPeerLeaves(boost::asio::ip::tcp::socket& socket) {
  for (;;) {
    auto [ec] = co_await socket.async_wait(boost::asio::ip::tcp::socket::wait_read,
                                           boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) co_return;
    char byte;
    ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    co_return;
  }
}

}  // namespace kubepp::net
