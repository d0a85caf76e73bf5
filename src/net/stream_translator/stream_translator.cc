#include "net/stream_translator/stream_translator.h"

#include <array>
#include <atomic>
#include <cctype>
#include <deque>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/status.hpp>

#include "base/log.h"
#include "net/backend_dial.h"
#include "net/hijacked_connection.h"
#include "net/raw_http.h"
#include "net/stream_translator/tunnel_bridge.h"
#include "net/websocket/handshake.h"

namespace kubepp::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using stream_translator::Bridge;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kMaxUpgradeHead = 64 * 1024;
// A reader stops reading while this much waits to be written to the other side.
constexpr size_t kHighWater = 1 << 20;

std::string SerializeUpgradeRequest(const ProxyRequest& r, std::string_view protocol) {
  std::string out = r.method + " " + r.backend.target + " HTTP/1.1\r\nHost: " + r.backend.HostPort() + "\r\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
  out += "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ";
  out += protocol;
  out += "\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
  return out + r.body;
}

void LogException(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    KLOG(ERROR) << "stream translation failed: " << ex.what();
  } catch (...) {
    KLOG(ERROR) << "stream translation failed";
  }
}

// What one translation asks of the backend and offers the client.
struct Params {
  ProxyRequest request;
  std::string backend_protocol;  // X-Stream-Protocol-Version asked of the backend
  std::string client_answer;     // the WebSocket 101 for the client
  std::function<std::unique_ptr<Bridge>()> make_bridge;
  ProxyHooks hooks;
  std::chrono::milliseconds finish_timeout;
};

// One translated connection pair after both upgrades; everything runs on
// the client's strand.
template <class Backend>
class Session : public std::enable_shared_from_this<Session<Backend>> {
 public:
  Session(std::shared_ptr<HijackedConnection> client, std::unique_ptr<Backend> backend, std::unique_ptr<Bridge> bridge,
          std::chrono::milliseconds finish_timeout)
      : client_(std::move(client)),
        backend_(std::move(backend)),
        bridge_(std::move(bridge)),
        finish_timeout_(finish_timeout),
        client_wake_(client_->strand()),
        backend_wake_(client_->strand()),
        deadline_(client_->strand()) {}

  void Start(std::string client_leftover, std::string backend_leftover) {
    if (!client_leftover.empty()) bridge_->FromClient(client_leftover);
    if (!backend_leftover.empty()) bridge_->FromBackend(backend_leftover);
    Pump();
    auto self = this->shared_from_this();
    asio::co_spawn(client_->strand(), ReadClient(self), LogException);
    asio::co_spawn(client_->strand(), ReadBackend(self), LogException);
  }

 private:
  using Self = std::shared_ptr<Session>;

  static asio::awaitable<void> WaitOn(asio::steady_timer& timer) {
    timer.expires_at(asio::steady_timer::time_point::max());
    co_await timer.async_wait(kTuple);
  }

  static asio::awaitable<void> ReadClient(Self self) {
    std::array<char, 16 * 1024> buf;
    while (!self->client_closed_) {
      while (!self->client_closed_ && !self->backend_closed_ && self->backend_queued_ > kHighWater) {
        co_await WaitOn(self->client_wake_);
      }
      if (self->client_closed_) break;
      auto [ec, n] = co_await self->client_->stream().async_read_some(asio::buffer(buf), kTuple);
      if (n > 0) self->bridge_->FromClient(std::string_view(buf.data(), n));
      if (ec) self->bridge_->ClientEnded();
      self->Pump();
      if (ec) break;
    }
  }

  static asio::awaitable<void> ReadBackend(Self self) {
    std::array<char, 16 * 1024> buf;
    while (!self->backend_closed_) {
      while (!self->client_closed_ && !self->backend_closed_ && self->client_queued_ > kHighWater) {
        co_await WaitOn(self->backend_wake_);
      }
      if (self->backend_closed_ || self->client_closed_) break;
      auto [ec, n] = co_await self->backend_->async_read_some(asio::buffer(buf), kTuple);
      if (n > 0) self->bridge_->FromBackend(std::string_view(buf.data(), n));
      if (ec) self->bridge_->BackendEnded();
      self->Pump();
      if (ec) break;
    }
  }

  static asio::awaitable<void> DrainClient(Self self) {
    while (!self->client_out_.empty() && !self->client_closed_) {
      std::string bytes = std::move(self->client_out_.front());
      self->client_out_.pop_front();
      auto [ec, n] = co_await asio::async_write(self->client_->stream(), asio::buffer(bytes), kTuple);
      self->client_queued_ -= bytes.size();
      self->backend_wake_.cancel();
      if (ec) {
        self->bridge_->ClientEnded();
        self->client_out_.clear();
        self->client_queued_ = 0;
        break;
      }
    }
    self->client_writing_ = false;
    self->Pump();
  }

  static asio::awaitable<void> DrainBackend(Self self) {
    while (!self->backend_out_.empty() && !self->backend_closed_) {
      std::string bytes = std::move(self->backend_out_.front());
      self->backend_out_.pop_front();
      auto [ec, n] = co_await asio::async_write(*self->backend_, asio::buffer(bytes), kTuple);
      self->backend_queued_ -= bytes.size();
      self->client_wake_.cancel();
      if (ec) {
        self->bridge_->BackendEnded();
        self->backend_out_.clear();
        self->backend_queued_ = 0;
        break;
      }
    }
    self->backend_writing_ = false;
    self->Pump();
  }

  // Moves the bridge's output to the connections and closes them as its
  // state says.
  void Pump() {
    if (std::string bytes = bridge_->TakeForClient(); !bytes.empty() && !client_closed_) {
      client_queued_ += bytes.size();
      client_out_.push_back(std::move(bytes));
    }
    if (std::string bytes = bridge_->TakeForBackend(); !bytes.empty() && !backend_closed_) {
      backend_queued_ += bytes.size();
      backend_out_.push_back(std::move(bytes));
    }
    auto self = this->shared_from_this();
    if (!client_writing_ && !client_out_.empty() && !client_closed_) {
      client_writing_ = true;
      asio::co_spawn(client_->strand(), DrainClient(self), LogException);
    }
    if (!backend_writing_ && !backend_out_.empty() && !backend_closed_) {
      backend_writing_ = true;
      asio::co_spawn(client_->strand(), DrainBackend(self), LogException);
    }
    const auto state = bridge_->state();
    if (state == Bridge::State::kRunning) return;
    if (!backend_writing_ && backend_out_.empty()) CloseBackend();
    if (state == Bridge::State::kDone) {
      if (!client_writing_ && client_out_.empty()) CloseClient();
      return;
    }
    if (!deadline_started_) {
      deadline_started_ = true;
      deadline_.expires_after(finish_timeout_);
      deadline_.async_wait([self](boost::system::error_code ec) {
        if (!ec) self->CloseClient();
      });
    }
  }

  void CloseBackend() {
    if (backend_closed_) return;
    backend_closed_ = true;
    boost::system::error_code ignored;
    beast::get_lowest_layer(*backend_).shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(*backend_).close(ignored);
    client_wake_.cancel();
    backend_wake_.cancel();
  }

  void CloseClient() {
    CloseBackend();
    if (client_closed_) return;
    client_closed_ = true;
    client_->Close();
    deadline_.cancel();
    client_wake_.cancel();
    backend_wake_.cancel();
  }

  const std::shared_ptr<HijackedConnection> client_;
  const std::unique_ptr<Backend> backend_;
  const std::unique_ptr<Bridge> bridge_;
  const std::chrono::milliseconds finish_timeout_;
  asio::steady_timer client_wake_;   // ReadClient waits here for the backend queue to drain
  asio::steady_timer backend_wake_;  // ReadBackend waits here for the client queue to drain
  asio::steady_timer deadline_;      // bounds kAwaitingClientClose
  std::deque<std::string> client_out_, backend_out_;
  size_t client_queued_ = 0, backend_queued_ = 0;
  bool client_writing_ = false, backend_writing_ = false;
  bool client_closed_ = false, backend_closed_ = false;
  bool deadline_started_ = false;
};

asio::awaitable<void> Fail(std::shared_ptr<HijackedConnection> client, const ProxyHooks& hooks, ProxyFailure kind,
                           const Status& status) {
  VLOG(4) << "stream translation: " << status.message();
  std::string bytes = SerializeResponse(hooks.on_failure(kind, status));
  co_await asio::async_write(client->stream(), asio::buffer(bytes), kTuple);
  client->Close();
}

// The backend refused the upgrade: its answer goes to the client as it is,
// with as much body as it announced.
template <class Backend>
asio::awaitable<void> RelayRefusal(std::shared_ptr<HijackedConnection> client, Backend& backend, std::string head,
                                   std::string rest) {
  std::string length = HeaderValueOf(head, "content-length");
  size_t want = length.empty() ? std::string::npos : std::strtoull(length.c_str(), nullptr, 10);
  std::string bytes = head + rest;
  std::array<char, 8192> buf;
  while (rest.size() < want && rest.size() < kMaxUpgradeHead) {
    auto [ec, n] = co_await backend.async_read_some(asio::buffer(buf), kTuple);
    rest.append(buf.data(), n);
    bytes.append(buf.data(), n);
    if (ec) break;
  }
  co_await asio::async_write(client->stream(), asio::buffer(bytes), kTuple);
  client->Close();
}

template <class Backend>
asio::awaitable<void> Establish(std::shared_ptr<HijackedConnection> client, std::unique_ptr<Backend> backend,
                                Params p) {
  std::string request = SerializeUpgradeRequest(p.request, p.backend_protocol);
  if (auto [ec, n] = co_await asio::async_write(*backend, asio::buffer(request), kTuple); ec) {
    co_return co_await Fail(client, p.hooks, ProxyFailure::kUnreachable,
                            Status::Unavailable("write tcp " + p.request.backend.HostPort() + ": " + GoErrorText(ec)));
  }
  std::string head;
  std::array<char, 8192> buf;
  size_t end = std::string::npos;
  while ((end = head.find("\r\n\r\n")) == std::string::npos) {
    if (head.size() > kMaxUpgradeHead) {
      co_return co_await Fail(client, p.hooks, ProxyFailure::kUnreachable,
                              Status::Unavailable("net/http: server response headers exceeded the limit"));
    }
    auto [ec, n] = co_await backend->async_read_some(asio::buffer(buf), kTuple);
    head.append(buf.data(), n);
    if (ec && head.find("\r\n\r\n") == std::string::npos) {
      co_return co_await Fail(client, p.hooks, ProxyFailure::kUnreachable, Status::Unavailable(GoErrorText(ec)));
    }
  }
  std::string rest = head.substr(end + 4);
  head.resize(end + 4);
  const int code = StatusCodeOf(head);
  if (code >= 400) co_return co_await RelayRefusal(client, *backend, std::move(head), std::move(rest));
  if (code != 101) {
    co_return co_await Fail(client, p.hooks, ProxyFailure::kInvalidUpgradeResponse,
                            Status::Internal("invalid upgrade response: status code " + std::to_string(code)));
  }
  std::string negotiated = HeaderValueOf(head, "x-stream-protocol-version");
  if (negotiated != p.backend_protocol) {
    co_return co_await Fail(client, p.hooks, ProxyFailure::kInvalidUpgradeResponse,
                            Status::Internal("unable to upgrade streaming request: the backend chose protocol \"" +
                                             negotiated + "\", not " + p.backend_protocol));
  }
  if (auto [ec, n] = co_await asio::async_write(client->stream(), asio::buffer(p.client_answer), kTuple); ec) {
    client->Close();
    co_return;
  }
  auto session = std::make_shared<Session<Backend>>(client, std::move(backend), p.make_bridge(), p.finish_timeout);
  session->Start(client->TakeLeftover(), std::move(rest));
}

asio::awaitable<void> Run(std::shared_ptr<HijackedConnection> client, Params p, std::shared_ptr<ssl::context> ctx,
                          bool verify, std::chrono::milliseconds timeout) {
  asio::any_io_executor executor = client->strand();
  auto socket = co_await DialTcp(executor, p.request.backend, timeout);
  if (!socket.ok()) co_return co_await Fail(client, p.hooks, ProxyFailure::kUnreachable, socket.status());
  if (!p.request.backend.tls) {
    co_return co_await Establish(client, std::make_unique<tcp::socket>(std::move(*socket)), std::move(p));
  }
  auto stream = std::make_unique<ssl::stream<tcp::socket>>(std::move(*socket), *ctx);
  Status st = co_await HandshakeTls(*stream, p.request.backend, verify, timeout);
  if (!st.ok()) co_return co_await Fail(client, p.hooks, ProxyFailure::kUnreachable, st);
  co_await Establish(client, std::move(stream), std::move(p));
}

class StreamTranslatorImpl final : public StreamTranslator {
 public:
  StreamTranslatorImpl(std::shared_ptr<ssl::context> ctx, bool verify) : ctx_(std::move(ctx)), verify_(verify) {}

  void Exec(ProxyRequest backend, const HttpRequest& client, stream_translator::ExecStreams streams,
            std::shared_ptr<Responder> out, ProxyHooks hooks) override {
    Params p;
    p.request = std::move(backend);
    p.backend_protocol = std::string(stream_translator::kProtocolV4);
    p.make_bridge = [streams] { return std::make_unique<stream_translator::ExecBridge>(streams); };
    Start(std::move(p), client, stream_translator::kProtocolV5, std::move(out), std::move(hooks));
  }

  void PortForward(ProxyRequest backend, const HttpRequest& client, std::shared_ptr<Responder> out,
                   ProxyHooks hooks) override {
    Params p;
    p.request = std::move(backend);
    p.backend_protocol = std::string(stream_translator::kPortForwardProtocol);
    p.make_bridge = [] { return std::make_unique<stream_translator::TunnelBridge>(); };
    Start(std::move(p), client, stream_translator::kTunnelingProtocol, std::move(out), std::move(hooks));
  }

  void SetDialTimeout(std::chrono::milliseconds timeout) override { dial_timeout_ms_ = timeout.count(); }
  void SetFinishTimeout(std::chrono::milliseconds timeout) override { finish_timeout_ms_ = timeout.count(); }

 private:
  void Start(Params p, const HttpRequest& client, std::string_view protocol, std::shared_ptr<Responder> out,
             ProxyHooks hooks) {
    auto answer = websocket::AcceptResponse(client, protocol);
    if (!answer.ok()) {
      HttpResponse bad{400, "text/plain; charset=utf-8", {}, answer.status().message() + "\n"};
      if (const std::string* v = client.Header("sec-websocket-version");
          !v || *v != websocket::kSupportedVersion) {
        bad.status = 426;
        bad.headers.emplace_back("Sec-WebSocket-Version", std::string(websocket::kSupportedVersion));
      }
      return out->Respond(std::move(bad));
    }
    p.client_answer = std::move(*answer);
    p.hooks = std::move(hooks);
    p.finish_timeout = std::chrono::milliseconds(finish_timeout_ms_.load());
    auto ctx = ctx_;
    bool verify = verify_;
    auto timeout = std::chrono::milliseconds(dial_timeout_ms_.load());
    out->Hijack([p = std::move(p), ctx, verify, timeout](std::shared_ptr<HijackedConnection> conn) mutable {
      if (!conn) return;
      asio::co_spawn(conn->strand(), Run(conn, std::move(p), ctx, verify, timeout), LogException);
    });
  }

  const std::shared_ptr<ssl::context> ctx_;
  const bool verify_;
  std::atomic<int64_t> dial_timeout_ms_{30000};
  std::atomic<int64_t> finish_timeout_ms_{15 * 60 * 1000};
};

}  // namespace

bool StreamTranslator::IsExecTranslation(const HttpRequest& request) {
  return websocket::IsWebSocketRequest(request) && websocket::Offers(request, stream_translator::kProtocolV5);
}

bool StreamTranslator::IsPortForwardTunnel(const HttpRequest& request) {
  return websocket::IsWebSocketRequest(request) && websocket::Offers(request, stream_translator::kTunnelingProtocol);
}

StatusOr<std::unique_ptr<StreamTranslator>> StreamTranslator::Create(const BackendTls& tls) {
  auto ctx = MakeBackendContext(tls);
  if (!ctx.ok()) return ctx.status();
  bool verify = !tls.ca_file.empty() || !tls.ca_pem.empty();
  return std::unique_ptr<StreamTranslator>(std::make_unique<StreamTranslatorImpl>(std::move(*ctx), verify));
}

}  // namespace kubepp::net
