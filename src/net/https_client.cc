#include "net/https_client.h"

#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "base/log.h"
#include "net/tls_socket.h"

namespace kubepp::net {

const std::string* HttpResult::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return &value;
  }
  return nullptr;
}

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

StatusOr<std::shared_ptr<ssl::context>> MakeContext(const HttpsClientOptions& o) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                   ec);
  if (!o.ca_file.empty()) {
    ctx->load_verify_file(o.ca_file, ec);
    if (ec) return Status::Internal("loading CA " + o.ca_file + ": " + ec.message());
    ctx->set_verify_mode(ssl::verify_peer, ec);
  } else if (!o.ca_pem.empty()) {
    ctx->add_certificate_authority(asio::buffer(o.ca_pem), ec);
    if (ec) return Status::Internal("loading CA data: " + ec.message());
    ctx->set_verify_mode(ssl::verify_peer, ec);
  } else {
    ctx->set_verify_mode(ssl::verify_none, ec);
  }
  if (!o.cert_file.empty()) {
    ctx->use_certificate_chain_file(o.cert_file, ec);
    if (ec)
      return Status::Internal("loading client certificate " + o.cert_file + ": " + ec.message());
    ctx->use_private_key_file(o.key_file, ssl::context::pem, ec);
    if (ec) return Status::Internal("loading client key " + o.key_file + ": " + ec.message());
  } else if (!o.cert_pem.empty()) {
    ctx->use_certificate_chain(asio::buffer(o.cert_pem), ec);
    if (ec) return Status::Internal("loading client certificate data: " + ec.message());
    ctx->use_private_key(asio::buffer(o.key_pem), ssl::context::pem, ec);
    if (ec) return Status::Internal("loading client key data: " + ec.message());
  }
  return ctx;
}

Status TransportError(std::string_view what, const boost::system::error_code& ec) {
  std::string msg = std::string(what) + ": " + ec.message();
  if (ec == beast::error::timeout) return Status::Timeout(std::move(msg));
  return Status::Unavailable(std::move(msg));
}

// True for errors that mean "the server had already closed this idle
// connection": safe to send the request again on a new one.
bool ClosedByPeer(const boost::system::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated ||
         ec == http::error::end_of_stream;
}

// Connects `stream` (fresh) to the server and completes the TLS handshake.
asio::awaitable<Status> Connect(Stream& stream, const HttpsClientOptions& o) {
  boost::system::error_code ec;
  auto& tcp_stream = beast::get_lowest_layer(stream);
  tcp_stream.expires_after(o.timeout);
  auto address = asio::ip::make_address(o.host, ec);
  if (!ec) {
    auto [cec] = co_await tcp_stream.async_connect(tcp::endpoint(address, o.port), kTuple);
    if (cec)
      co_return TransportError("connecting to " + o.host + ":" + std::to_string(o.port), cec);
  } else {
    tcp::resolver resolver(co_await asio::this_coro::executor);
    auto [rec, results] = co_await resolver.async_resolve(o.host, std::to_string(o.port), kTuple);
    if (rec) co_return TransportError("resolving " + o.host, rec);
    auto [cec, ep] = co_await tcp_stream.async_connect(results, kTuple);
    if (cec)
      co_return TransportError("connecting to " + o.host + ":" + std::to_string(o.port), cec);
    // SNI only for names, never for IP literals (RFC 6066).
    if (o.server_name.empty()) SSL_set_tlsext_host_name(stream.native_handle(), o.host.c_str());
  }
  if (!o.server_name.empty())
    SSL_set_tlsext_host_name(stream.native_handle(), o.server_name.c_str());
  tcp_stream.socket().set_option(tcp::no_delay(true), ec);
  if (!o.ca_file.empty() || !o.ca_pem.empty()) {
    stream.set_verify_callback(
        ssl::host_name_verification(o.server_name.empty() ? o.host : o.server_name), ec);
  }
  auto [hec] = co_await stream.async_handshake(ssl::stream_base::client, kTuple);
  if (hec) co_return TransportError("TLS handshake with " + o.host, hec);
  co_return Status::Ok();
}

// Splits a byte stream into lines and hands each to a callback.
class LineSplitter {
 public:
  explicit LineSplitter(const LineCallback* on_line) : on_line_(on_line) {}
  // Returns false once the callback asked to stop. Whole lines inside `data`
  // go to the callback from where they are; only a line cut by the end of
  // `data` is copied, to be completed by the next call.
  bool Feed(std::string_view data) {
    if (stopped_) return false;
    if (!pending_.empty()) {
      size_t nl = data.find('\n');
      if (nl == std::string_view::npos) {
        pending_.append(data);
        return true;
      }
      pending_.append(data.substr(0, nl));
      data.remove_prefix(nl + 1);
      bool go_on = Deliver(pending_);
      pending_.clear();
      if (!go_on) return false;
    }
    for (size_t nl; (nl = data.find('\n')) != std::string_view::npos;) {
      if (!Deliver(data.substr(0, nl))) return false;
      data.remove_prefix(nl + 1);
    }
    pending_.assign(data);
    return true;
  }
  // The stream ended: a last line without '\n' still counts.
  void Finish() {
    if (!stopped_ && !pending_.empty()) (*on_line_)(pending_);
    pending_.clear();
  }
  bool stopped() const { return stopped_; }

 private:
  bool Deliver(std::string_view line) {
    if (!line.empty() && !(*on_line_)(line)) stopped_ = true;
    return !stopped_;
  }

  const LineCallback* on_line_;
  std::string pending_;
  bool stopped_ = false;
};

http::request<http::string_body> MakeRequest(const HttpsClientOptions& o, std::string_view method,
                                             std::string_view path, std::string_view content_type,
                                             std::string_view body, std::string_view accept) {
  http::request<http::string_body> req;
  http::verb verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) {
    req.method_string(method);
  } else {
    req.method(verb);
  }
  req.target(path);
  req.version(11);
  req.set(http::field::host, o.host + ":" + std::to_string(o.port));
  req.set(http::field::user_agent, o.user_agent);
  if (!o.bearer_token.empty()) req.set(http::field::authorization, "Bearer " + o.bearer_token);
  if (!accept.empty()) req.set(http::field::accept, accept);
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  req.body() = std::string(body);
  req.keep_alive(true);
  req.prepare_payload();
  return req;
}

void CopyHeaders(const http::fields& fields, Headers* out) {
  for (const auto& field : fields) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out->emplace_back(std::move(name), std::string(field.value()));
  }
}

// Reads a streamed response on `stream` after the request was written:
// headers, then every line of the body until the end, a stop, or an error.
// `cancelled` is checked between reads; on_open gets the status code.
asio::awaitable<StatusOr<int>> ReadStream(Stream& stream, beast::flat_buffer& buffer,
                                          const LineCallback& on_line,
                                          const std::function<void(int)>& on_open,
                                          const std::atomic<bool>& cancelled) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  LineSplitter splitter(&on_line);
  auto on_chunk = [&splitter](std::uint64_t, beast::string_view data,
                              beast::error_code&) -> std::size_t {
    splitter.Feed(std::string_view(data.data(), data.size()));
    return data.size();
  };
  parser.on_chunk_body(on_chunk);
  {
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
    if (ec) {
      if (cancelled) co_return Status::Unavailable("watch cancelled before it opened");
      co_return TransportError("reading watch response", ec);
    }
  }
  int code = static_cast<int>(parser.get().result_int());
  if (on_open) on_open(code);
  beast::get_lowest_layer(stream).expires_never();
  while (!parser.is_done() && !splitter.stopped() && !cancelled) {
    auto [ec, n] = co_await http::async_read_some(stream, buffer, parser, kTuple);
    if (ec) {
      // A stream that the server or we cut is over; what arrived still counts.
      if (cancelled || ClosedByPeer(ec) || ec == asio::error::operation_aborted) break;
      co_return TransportError("reading watch stream", ec);
    }
  }
  if (!parser.chunked()) splitter.Feed(parser.get().body());
  splitter.Finish();
  co_return code;
}

class HttpsClientImpl final : public HttpsClient {
  using Clock = std::chrono::steady_clock;
  // Room for several TLS records per read (see TlsSocket::ReadSome).
  static constexpr size_t kReadBytes = 64 * 1024;

 public:
  HttpsClientImpl(const HttpsClientOptions& options, std::shared_ptr<ssl::context> ctx)
      : options_(options),
        ctx_(std::move(ctx)),
        target_{options.host, options.port, options.server_name} {}

  StatusOr<HttpResult> Request(std::string_view method, std::string_view path,
                               std::string_view content_type, std::string_view body,
                               std::string_view accept) override {
    std::ostringstream wire;
    wire << MakeRequest(options_, method, path, content_type, body, accept);
    const std::string request = std::move(wire).str();
    for (int attempt = 0;; ++attempt) {
      bool reused = connection_ != nullptr;
      if (!connection_) {
        auto connected =
            TlsSocket::Connect(ctx_->native_handle(), target_, Clock::now() + options_.timeout);
        if (!connected.ok()) return connected.status();
        connection_ = std::move(*connected);
        buffer_.resize(kReadBytes);
        begin_ = end_ = 0;
      }
      bool got_some = false;
      auto result = Exchange(request, method == "HEAD", &got_some);
      if (result.ok()) return result;
      bool peer_closed = connection_->peer_closed();
      connection_.reset();
      if (reused && attempt == 0 && !got_some && peer_closed) {
        VLOG(4) << "https client: reused connection was closed, reconnecting";
        continue;
      }
      return Status(result.status().reason(), std::string(method) + " " + std::string(path) + ": " +
                                                  result.status().message());
    }
  }

  StatusOr<int> Watch(std::string_view path, const LineCallback& on_line) override {
    auto req = MakeRequest(options_, "GET", path, {}, {}, "application/json");
    {
      std::lock_guard lock(mu_);
      watching_ = true;
      cancelled_ = false;
    }
    std::optional<StatusOr<int>> out;
    RunSync([&]() -> asio::awaitable<void> { out.emplace(co_await DoWatch(req, on_line)); },
            [&](Status st) { out.emplace(std::move(st)); });
    {
      std::lock_guard lock(mu_);
      watching_ = false;
    }
    return std::move(*out);
  }

  void Cancel() override {
    std::lock_guard lock(mu_);
    if (!watching_) return;
    cancelled_ = true;
    asio::post(ioc_, [this] {
      if (watch_stream_) beast::get_lowest_layer(*watch_stream_).close();
    });
  }

 private:
  // Writes `request` on connection_ and reads one whole response. Bytes read
  // past its end stay in the buffer for the next response on this connection.
  StatusOr<HttpResult> Exchange(const std::string& request, bool head, bool* got_some) {
    const auto deadline = Clock::now() + options_.timeout;
    if (Status st = connection_->WriteAll(request, deadline); !st.ok()) return st;
    http::response_parser<http::string_body> parser;
    parser.body_limit(options_.max_body_bytes);
    parser.header_limit(1 << 20);
    parser.eager(true);
    parser.skip(head);
    for (;;) {
      if (begin_ < end_) {
        beast::error_code ec;
        size_t used = parser.put(asio::buffer(buffer_.data() + begin_, end_ - begin_), ec);
        begin_ += used;
        if (ec && ec != http::error::need_more)
          return Status::Unavailable("bad response: " + ec.message());
        if (parser.is_done()) break;
        if (used > 0 && begin_ < end_) continue;
      }
      // What the parser could not take yet (a partial header or chunk line)
      // moves to the front, and the next read goes behind it.
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
      if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // a long header
      auto n = connection_->ReadSome(buffer_.data() + end_, buffer_.size() - end_, deadline);
      if (!n.ok()) return n.status();
      if (*n == 0) {
        if (!parser.got_some()) return Status::Unavailable("connection closed before the response");
        beast::error_code ec;
        parser.put_eof(ec);
        if (ec) return Status::Unavailable("connection closed mid-response: " + ec.message());
        break;
      }
      end_ += *n;
      *got_some = true;
    }
    auto msg = parser.release();
    HttpResult result;
    result.code = static_cast<int>(msg.result_int());
    CopyHeaders(msg.base(), &result.headers);
    result.body = std::move(msg.body());
    if (!msg.keep_alive()) connection_.reset();
    return result;
  }

  // Runs one coroutine to completion on the calling thread.
  void RunSync(std::function<asio::awaitable<void>()> body,
               std::function<void(Status)> on_exception) {
    ioc_.restart();
    asio::co_spawn(ioc_, std::move(body), [&](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        on_exception(Status::Internal(std::string("https client: ") + ex.what()));
      } catch (...) {
        on_exception(Status::Internal("https client: unknown exception"));
      }
    });
    ioc_.run();
  }

  asio::awaitable<StatusOr<int>> DoWatch(http::request<http::string_body>& req,
                                         const LineCallback& on_line) {
    // A watch holds its connection until it ends, so it never shares connection_.
    Stream stream(ioc_.get_executor(), *ctx_);
    watch_stream_ = &stream;
    struct Reset {
      Stream** p;
      ~Reset() { *p = nullptr; }
    } reset{&watch_stream_};
    Status st = co_await Connect(stream, options_);
    if (!st.ok()) co_return st;
    beast::get_lowest_layer(stream).expires_after(options_.timeout);
    auto [ec, n] = co_await http::async_write(stream, req, kTuple);
    if (ec) co_return TransportError("sending watch request", ec);
    beast::flat_buffer buffer;
    auto result = co_await ReadStream(stream, buffer, on_line, nullptr, cancelled_);
    boost::system::error_code ignored;
    beast::get_lowest_layer(stream).socket().close(ignored);
    co_return result;
  }

  // Constant after construction:
  const HttpsClientOptions options_;
  const std::shared_ptr<ssl::context> ctx_;
  const TlsSocket::Target target_;

  // Used only by the thread inside Request()/Watch() (and handlers it runs):
  asio::io_context ioc_{1};
  std::unique_ptr<TlsSocket> connection_;  // the keep-alive connection, null when closed
  std::vector<char> buffer_;  // [begin_, end_) was read from connection_, not yet parsed
  size_t begin_ = 0, end_ = 0;
  Stream* watch_stream_ = nullptr;

  std::mutex mu_;
  bool watching_ = false;  // guarded by mu_
  std::atomic<bool> cancelled_{false};
};

class WatchPoolImpl final : public WatchPool {
 public:
  WatchPoolImpl(const HttpsClientOptions& options, std::shared_ptr<ssl::context> ctx, int threads)
      : options_(options), ctx_(std::move(ctx)), work_(asio::make_work_guard(ioc_)) {
    for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~WatchPoolImpl() override { Stop(); }

  WatchId Start(std::string path, Callbacks callbacks) override {
    auto state = std::make_shared<State>(asio::make_strand(ioc_), *ctx_);
    WatchId id;
    {
      std::lock_guard lock(mu_);
      id = next_id_++;
      if (stopping_) state->cancelled = true;
      active_[id] = state;
    }
    auto req = std::make_shared<http::request<http::string_body>>(
        MakeRequest(options_, "GET", path, {}, {}, "application/json"));
    auto cb = std::make_shared<Callbacks>(std::move(callbacks));
    asio::co_spawn(
        state->strand,
        [this, state, req, cb]() -> asio::awaitable<void> {
          state->result = co_await Run(*state, *req, *cb);
        },
        [this, id, state, cb](std::exception_ptr e) {
          Status result = state->result;
          if (e) result = Status::Internal("watch pool: exception");
          if (cb->on_done) cb->on_done(result);
          std::lock_guard lock(mu_);
          active_.erase(id);
          if (active_.empty()) idle_.notify_all();
        });
    return id;
  }

  void Cancel(WatchId id) override {
    std::shared_ptr<State> state;
    {
      std::lock_guard lock(mu_);
      auto it = active_.find(id);
      if (it == active_.end()) return;
      state = it->second;
    }
    CancelState(state);
  }

  void Stop() override {
    std::vector<std::shared_ptr<State>> states;
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      stopping_ = true;
      for (auto& [id, s] : active_) states.push_back(s);
    }
    for (auto& s : states) CancelState(s);
    {
      std::unique_lock lock(mu_);
      idle_.wait(lock, [this] { return active_.empty(); });
      stopped_ = true;
    }
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  struct State {
    State(asio::strand<asio::io_context::executor_type> s, ssl::context& ctx)
        : strand(s), stream(s, ctx) {}
    asio::strand<asio::io_context::executor_type> strand;
    Stream stream;  // strand only
    std::atomic<bool> cancelled{false};
    Status result;  // strand only
  };

  static void CancelState(const std::shared_ptr<State>& state) {
    state->cancelled = true;
    asio::post(state->strand, [state] {
      boost::system::error_code ec;
      beast::get_lowest_layer(state->stream).socket().close(ec);
    });
  }

  asio::awaitable<StatusOr<int>> RunInner(State& s, http::request<http::string_body>& req,
                                          Callbacks& cb) {
    Status st = co_await Connect(s.stream, options_);
    if (!st.ok()) co_return st;
    if (s.cancelled) co_return 0;
    beast::get_lowest_layer(s.stream).expires_after(options_.timeout);
    auto [ec, n] = co_await http::async_write(s.stream, req, kTuple);
    if (ec) co_return TransportError("sending watch request", ec);
    beast::flat_buffer buffer;
    LineCallback on_line = cb.on_line ? cb.on_line : [](std::string_view) { return true; };
    co_return co_await ReadStream(s.stream, buffer, on_line, cb.on_open, s.cancelled);
  }

  asio::awaitable<Status> Run(State& s, http::request<http::string_body>& req, Callbacks& cb) {
    if (s.cancelled) co_return Status::Ok();
    auto result = co_await RunInner(s, req, cb);
    boost::system::error_code ignored;
    beast::get_lowest_layer(s.stream).socket().close(ignored);
    if (!result.ok() && !s.cancelled) co_return result.status();
    co_return Status::Ok();
  }

  // Constant after construction:
  const HttpsClientOptions options_;
  const std::shared_ptr<ssl::context> ctx_;

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;

  std::mutex mu_;
  std::condition_variable idle_;
  // Guarded by mu_:
  std::map<WatchId, std::shared_ptr<State>> active_;
  WatchId next_id_ = 1;
  bool stopping_ = false;
  bool stopped_ = false;
};

}  // namespace

StatusOr<std::unique_ptr<HttpsClient>> HttpsClient::Create(const HttpsClientOptions& options) {
  auto ctx = MakeContext(options);
  if (!ctx.ok()) return ctx.status();
  return std::unique_ptr<HttpsClient>(std::make_unique<HttpsClientImpl>(options, std::move(*ctx)));
}

StatusOr<std::unique_ptr<WatchPool>> WatchPool::Create(const HttpsClientOptions& options,
                                                       int threads) {
  auto ctx = MakeContext(options);
  if (!ctx.ok()) return ctx.status();
  return std::unique_ptr<WatchPool>(
      std::make_unique<WatchPoolImpl>(options, std::move(*ctx), threads));
}

}  // namespace kubepp::net
