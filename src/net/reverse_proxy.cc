#include "net/reverse_proxy.h"

#include <array>
#include <atomic>
#include <cctype>
#include <set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>

#include "base/log.h"
#include "net/backend_dial.h"
#include "net/hijacked_connection.h"
#include "net/peer_gone.h"
#include "net/raw_http.h"

namespace kubepp::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kMaxErrorBody = 50000;   // upstream's maxReadLength for error answers
constexpr size_t kMaxUpgradeHead = 64 * 1024;

// Splits a comma-separated header value into trimmed, lower-cased tokens.
std::set<std::string> Tokens(std::string_view value) {
  std::set<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view token = value.substr(start, comma - start);
    while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
    if (!token.empty()) out.insert(LowerAscii(token));
    start = comma + 1;
  }
  return out;
}

bool IsHopByHop(const std::string& lower_name) {
  static const std::set<std::string> kHop = {"connection", "proxy-connection", "keep-alive", "proxy-authenticate",
                                             "proxy-authorization", "te", "trailer", "transfer-encoding",
                                             "upgrade"};
  return kHop.count(lower_name) > 0;
}

std::string ReasonPhrase(int code) {
  return std::string(http::obsolete_reason(static_cast<http::status>(code)));
}

std::string SerializeRequest(const ProxyRequest& r) {
  std::string out = r.method + " " + r.backend.target + " HTTP/1.1\r\nHost: " + r.backend.HostPort() + "\r\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
  if (!r.body.empty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  }
  // One exchange per backend connection: the relay ends with the answer.
  if (!r.upgrade) out += "Connection: close\r\n";
  out += "\r\n";
  out += r.body;
  return out;
}


std::string HexSize(size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%zx\r\n", n);
  return buf;
}

// Both connections of one relay; closing either ends it.
template <class Backend>
struct Link {
  Link(std::shared_ptr<HijackedConnection> c, std::unique_ptr<Backend> b) : client(std::move(c)), backend(std::move(b)) {}
  void CloseBoth() {
    if (closed) return;
    closed = true;
    client->Close();
    boost::system::error_code ignored;
    beast::get_lowest_layer(*backend).shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(*backend).close(ignored);
  }
  std::shared_ptr<HijackedConnection> client;
  std::unique_ptr<Backend> backend;
  bool closed = false;  // on the strand
};

void LogRelayException(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    KLOG(ERROR) << "proxy relay failed: " << ex.what();
  } catch (...) {
    KLOG(ERROR) << "proxy relay failed";
  }
}

asio::awaitable<void> Fail(std::shared_ptr<HijackedConnection> client, const ProxyHooks& hooks, ProxyFailure kind,
                           const Status& status) {
  VLOG(4) << "proxy: " << status.message();
  std::string bytes = SerializeResponse(hooks.on_failure(kind, status));
  co_await asio::async_write(client->stream(), asio::buffer(bytes), kTuple);
  client->Close();
}

// Copies one direction until either side ends, then closes both.
template <class Backend, class From, class To>
asio::awaitable<void> Pump(std::shared_ptr<Link<Backend>> ex, From& from, To& to, std::string first) {
  if (!first.empty()) {
    auto [ec, n] = co_await asio::async_write(to, asio::buffer(first), kTuple);
    if (ec) {
      ex->CloseBoth();
      co_return;
    }
  }
  std::array<char, 16 * 1024> buf;
  for (;;) {
    auto [ec, n] = co_await from.async_read_some(asio::buffer(buf), kTuple);
    if (n > 0) {
      auto [wec, wn] = co_await asio::async_write(to, asio::buffer(buf.data(), n), kTuple);
      if (wec) break;
    }
    if (ec) break;
  }
  ex->CloseBoth();
}

template <class Backend>
asio::awaitable<void> RelayUpgrade(std::shared_ptr<HijackedConnection> client, std::unique_ptr<Backend> backend,
                                   const ProxyHooks& hooks) {
  std::string head;
  std::array<char, 8192> buf;
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (head.size() > kMaxUpgradeHead) {
      co_return co_await Fail(client, hooks, ProxyFailure::kUnreachable,
                              Status::Unavailable("net/http: server response headers exceeded the limit"));
    }
    auto [ec, n] = co_await backend->async_read_some(asio::buffer(buf), kTuple);
    head.append(buf.data(), n);
    if (ec && head.find("\r\n\r\n") == std::string::npos) {
      co_return co_await Fail(client, hooks, ProxyFailure::kUnreachable, Status::Unavailable(GoErrorText(ec)));
    }
  }
  int code = StatusCodeOf(head);
  if (code < 0) {
    co_return co_await Fail(client, hooks, ProxyFailure::kUnreachable,
                            Status::Unavailable("malformed HTTP response \"" + head.substr(0, head.find('\r')) + "\""));
  }
  if (code != 101 && code < 400) {
    co_return co_await Fail(client, hooks, ProxyFailure::kInvalidUpgradeResponse,
                            Status::Internal("invalid upgrade response: status code " + std::to_string(code)));
  }
  auto ex = std::make_shared<Link<Backend>>(client, std::move(backend));
  // The backend's answer (and whatever followed it) goes first, verbatim;
  // then the client's bytes that arrived with its request.
  asio::co_spawn(client->strand(),
                 Pump<Backend>(ex, *ex->backend, client->stream(), std::move(head)), LogRelayException);
  co_await Pump<Backend>(ex, client->stream(), *ex->backend, client->TakeLeftover());
}

// Ends the exchange when the client goes away (or sends anything: it has
// nothing to send while a response streams).
template <class Backend>
asio::awaitable<void> WatchClient(std::shared_ptr<Link<Backend>> ex) {
  co_await WaitUntilPeerLeaves(ex->client->stream().next_layer());
  ex->CloseBoth();
}

template <class Backend>
asio::awaitable<void> RelayResponse(std::shared_ptr<HijackedConnection> client, std::unique_ptr<Backend> backend,
                                    const ProxyRequest& request, const ProxyHooks& hooks) {
  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(boost::none);
  parser.header_limit(kMaxUpgradeHead);
  if (request.method == "HEAD") parser.skip(true);
  {
    auto [ec, n] = co_await http::async_read_header(*backend, buffer, parser, kTuple);
    if (ec) {
      co_return co_await Fail(client, hooks, ProxyFailure::kUnreachable, Status::Unavailable(GoErrorText(ec)));
    }
  }
  auto ex = std::make_shared<Link<Backend>>(client, std::move(backend));
  asio::co_spawn(client->strand(), WatchClient<Backend>(ex), LogRelayException);
  auto& msg = parser.get();
  const int code = static_cast<int>(msg.result_int());

  // Reads the next piece of the body into `data`; false at the end (or on an error).
  std::array<char, 16 * 1024> data;
  size_t got = 0;
  bool complete = parser.is_done();
  auto read_piece = [&]() -> asio::awaitable<bool> {
    got = 0;
    while (!parser.is_done()) {
      msg.body().data = data.data();
      msg.body().size = data.size();
      auto [ec, n] = co_await http::async_read_some(*ex->backend, buffer, parser, kTuple);
      got = data.size() - msg.body().size;
      if (ec && ec != http::error::need_buffer) {
        complete = false;
        co_return got > 0;
      }
      complete = parser.is_done();
      if (got > 0) co_return true;
    }
    co_return false;
  };

  std::string held;  // body read before deciding how to answer
  if (hooks.on_error_answer && (code < 200 || code > 206)) {
    while (held.size() < kMaxErrorBody && co_await read_piece()) held.append(data.data(), got);
    if (held.size() > kMaxErrorBody) held.resize(kMaxErrorBody);
    if (auto replaced = hooks.on_error_answer(code, held)) {
      std::string bytes = SerializeResponse(*replaced);
      co_await asio::async_write(client->stream(), asio::buffer(bytes), kTuple);
      ex->CloseBoth();
      co_return;
    }
  }

  // Relay the answer: its status and end-to-end headers, then the body in
  // chunks, each written as soon as it was read.
  const bool no_body = request.method == "HEAD" || code == 204 || code == 304 || (code >= 100 && code < 200);
  std::set<std::string> connection_named;
  for (const auto& field : msg) {
    if (LowerAscii(field.name_string()) == "connection") {
      for (auto& t : Tokens(field.value())) connection_named.insert(t);
    }
  }
  std::string reason(msg.reason());
  std::string head = "HTTP/1.1 " + std::to_string(code) + " " + (reason.empty() ? ReasonPhrase(code) : reason) + "\r\n";
  for (const auto& field : msg) {
    std::string name = LowerAscii(field.name_string());
    if (IsHopByHop(name) || connection_named.count(name)) continue;
    if (name == "content-length" && !no_body) continue;
    head += std::string(field.name_string()) + ": " + std::string(field.value()) + "\r\n";
  }
  if (!no_body) head += "Transfer-Encoding: chunked\r\n";
  head += "Connection: close\r\n\r\n";
  {
    auto [ec, n] = co_await asio::async_write(client->stream(), asio::buffer(head), kTuple);
    if (ec || no_body) {
      ex->CloseBoth();
      co_return;
    }
  }
  auto write_chunk = [&](const char* p, size_t n) -> asio::awaitable<bool> {
    std::string size = HexSize(n);
    std::array<asio::const_buffer, 3> bufs = {asio::buffer(size), asio::buffer(p, n), asio::buffer("\r\n", 2)};
    auto [ec, written] = co_await asio::async_write(client->stream(), bufs, kTuple);
    co_return !ec;
  };
  bool ok = held.empty() || co_await write_chunk(held.data(), held.size());
  while (ok && co_await read_piece()) ok = co_await write_chunk(data.data(), got);
  // A body cut short ends without the last chunk, so the client sees it cut.
  if (ok && complete) co_await asio::async_write(client->stream(), asio::buffer("0\r\n\r\n", 5), kTuple);
  ex->CloseBoth();
}

template <class Backend>
asio::awaitable<void> SendAndRelay(std::shared_ptr<HijackedConnection> client, std::unique_ptr<Backend> backend,
                               const ProxyRequest& request, const ProxyHooks& hooks) {
  std::string bytes = SerializeRequest(request);
  auto [ec, n] = co_await asio::async_write(*backend, asio::buffer(bytes), kTuple);
  if (ec) {
    co_return co_await Fail(client, hooks, ProxyFailure::kUnreachable,
                            Status::Unavailable("write tcp " + request.backend.HostPort() + ": " + GoErrorText(ec)));
  }
  if (request.upgrade) {
    co_await RelayUpgrade(client, std::move(backend), hooks);
  } else {
    co_await RelayResponse(client, std::move(backend), request, hooks);
  }
}

asio::awaitable<void> Run(std::shared_ptr<HijackedConnection> client, ProxyRequest request, ProxyHooks hooks,
                          std::shared_ptr<ssl::context> ctx, bool verify, std::chrono::milliseconds timeout) {
  asio::any_io_executor executor = client->strand();
  auto socket = co_await DialTcp(executor, request.backend, timeout);
  if (!socket.ok()) co_return co_await Fail(client, hooks, ProxyFailure::kUnreachable, socket.status());
  if (!request.backend.tls) {
    co_return co_await SendAndRelay(client, std::make_unique<tcp::socket>(std::move(*socket)), request, hooks);
  }
  auto stream = std::make_unique<ssl::stream<tcp::socket>>(std::move(*socket), *ctx);
  Status st = co_await HandshakeTls(*stream, request.backend, verify, timeout);
  if (!st.ok()) co_return co_await Fail(client, hooks, ProxyFailure::kUnreachable, st);
  co_await SendAndRelay(client, std::move(stream), request, hooks);
}

class ReverseProxyImpl final : public ReverseProxy {
 public:
  ReverseProxyImpl(std::shared_ptr<ssl::context> ctx, bool verify) : ctx_(std::move(ctx)), verify_(verify) {}

  void Forward(ProxyRequest request, std::shared_ptr<Responder> client, ProxyHooks hooks) override {
    auto ctx = ctx_;
    bool verify = verify_;
    auto timeout = std::chrono::milliseconds(timeout_ms_.load());
    client->Hijack([request = std::move(request), hooks = std::move(hooks), ctx, verify,
                    timeout](std::shared_ptr<HijackedConnection> conn) {
      if (!conn) return;
      asio::co_spawn(conn->strand(), Run(conn, request, hooks, ctx, verify, timeout), LogRelayException);
    });
  }

  void SetDialTimeout(std::chrono::milliseconds timeout) override { timeout_ms_ = timeout.count(); }

 private:
  const std::shared_ptr<ssl::context> ctx_;
  const bool verify_;
  std::atomic<int64_t> timeout_ms_{30000};
};

}  // namespace

bool IsUpgradeRequest(const HttpRequest& request) {
  for (const auto& [name, value] : request.headers) {
    if (name == "connection" && LowerAscii(value).find("upgrade") != std::string::npos) return true;
  }
  return false;
}

Headers ForwardedHeaders(const HttpRequest& request, bool upgrade) {
  std::set<std::string> connection_named;
  if (!upgrade) {
    for (const auto& [name, value] : request.headers) {
      if (name == "connection") {
        for (auto& t : Tokens(value)) connection_named.insert(t);
      }
    }
  }
  Headers out;
  std::string forwarded_for;
  for (const auto& [name, value] : request.headers) {
    // The body is passed on whole, with a length of its own.
    if (name == "host" || name == "authorization" || name == "content-length" || name == "transfer-encoding") {
      continue;
    }
    if (!upgrade && (IsHopByHop(name) || connection_named.count(name))) continue;
    if (name == "x-forwarded-for") {
      forwarded_for = value;
      continue;
    }
    out.emplace_back(name, value);
  }
  std::string client_ip = request.remote_address;
  if (size_t colon = client_ip.rfind(':'); colon != std::string::npos) client_ip.resize(colon);
  if (!client_ip.empty()) {
    forwarded_for = forwarded_for.empty() ? client_ip : forwarded_for + ", " + client_ip;
  }
  if (!forwarded_for.empty()) out.emplace_back("x-forwarded-for", forwarded_for);
  return out;
}

StatusOr<std::unique_ptr<ReverseProxy>> ReverseProxy::Create(const BackendTls& tls) {
  auto ctx = MakeBackendContext(tls);
  if (!ctx.ok()) return ctx.status();
  bool verify = !tls.ca_file.empty() || !tls.ca_pem.empty();
  return std::unique_ptr<ReverseProxy>(std::make_unique<ReverseProxyImpl>(std::move(*ctx), verify));
}

}  // namespace kubepp::net
