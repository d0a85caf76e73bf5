#include "net/http_server.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstdio>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>

#include "base/log.h"
#include "net/hijacked_connection.h"
#include "net/peer_gone.h"
#include "net/response_wire.h"

namespace kubepp::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Stream = ssl::stream<tcp::socket>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

std::string PercentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() + 0 && i + 2 <= in.size() - 1) {
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

// Chunks queued together are written as one up to this many bytes.
constexpr size_t kCoalesceBytes = 64 * 1024;

// Appends `data` framed as one HTTP/1.1 chunk: hex size, CRLF, data, CRLF.
void AppendChunk(const std::string& data, std::string* out) {
  char size[20];
  int n = std::snprintf(size, sizeof(size), "%zx\r\n", data.size());
  out->append(size, static_cast<size_t>(n));
  out->append(data);
  out->append("\r\n");
}

// One queued piece of a response.
using HijackCallback = std::function<void(std::shared_ptr<HijackedConnection>)>;

struct Item {
  enum class Kind { kFull, kStart, kChunk, kEnd, kHijack };
  Kind kind = Kind::kFull;
  HttpResponse response;  // kFull, kStart (status, content_type, headers)
  std::shared_ptr<const std::string> chunk;  // kChunk
  HijackCallback hijack;                     // kHijack
};

size_t BytesOf(const Item& item) {
  if (item.kind == Item::Kind::kChunk) return item.chunk->size();
  if (item.kind == Item::Kind::kFull) return item.response.body.size();
  return 0;
}

// The Responder of one request. Producers (any thread) push items under mu_;
// the connection's coroutine takes them and writes them on its strand.
class ResponderImpl final : public Responder, public std::enable_shared_from_this<ResponderImpl> {
 public:
  // `strand` is the connection's; `pool` runs work beside it (any server thread).
  ResponderImpl(asio::strand<asio::any_io_executor> strand, asio::any_io_executor pool)
      : strand_(strand), pool_(std::move(pool)), signal_(strand) {
    signal_.expires_at(asio::steady_timer::time_point::max());
  }

  // Responder:
  void Respond(HttpResponse response) override {
    Item item;
    item.kind = Item::Kind::kFull;
    item.response = std::move(response);
    Push(std::move(item));
  }
  void StartStream(int status, std::string content_type, Headers headers) override {
    Item item;
    item.kind = Item::Kind::kStart;
    item.response.status = status;
    item.response.content_type = std::move(content_type);
    item.response.headers = std::move(headers);
    Push(std::move(item));
  }
  void WriteShared(std::shared_ptr<const std::string> chunk) override {
    if (!chunk || chunk->empty()) return;
    Item item;
    item.kind = Item::Kind::kChunk;
    item.chunk = std::move(chunk);
    Push(std::move(item));
  }
  void End() override {
    Item item;
    item.kind = Item::Kind::kEnd;
    Push(std::move(item));
  }
  void EndAfter(std::chrono::milliseconds d) override {
    auto self = shared_from_this();
    asio::post(strand_, [self, d] {
      auto timer = std::make_shared<asio::steady_timer>(self->strand_, d);
      timer->async_wait([self, timer](boost::system::error_code) { self->End(); });
    });
  }
  bool Closed() const override {
    std::lock_guard lock(mu_);
    return closed_;
  }
  void Hijack(HijackCallback fn) override {
    {
      std::lock_guard lock(mu_);
      if (!closed_) {
        Item item;
        item.kind = Item::Kind::kHijack;
        item.hijack = std::move(fn);
        PushLocked(std::move(item));
        return;
      }
    }
    fn(nullptr);
  }
  size_t PendingBytes() const override {
    std::lock_guard lock(mu_);
    return pending_bytes_;
  }
  void OnClose(std::function<void()> fn) override {
    {
      std::lock_guard lock(mu_);
      if (!closed_) {
        on_close_.push_back(std::move(fn));
        return;
      }
    }
    fn();
  }

  // Connection side (on the strand):
  std::deque<Item> Take() {
    std::lock_guard lock(mu_);
    wake_posted_ = false;
    return std::exchange(queue_, {});
  }
  void OnDrained(size_t below, std::function<void()> fn) override {
    std::lock_guard lock(mu_);
    if (closed_) return;
    if (pending_bytes_ < below) {
      RunElsewhere(std::move(fn));
      return;
    }
    drain_below_ = below;
    on_drained_ = std::move(fn);
  }

  // `n` bytes of a taken item reached the socket.
  void Written(size_t n) {
    std::lock_guard lock(mu_);
    pending_bytes_ -= std::min(n, pending_bytes_);
    if (on_drained_ && pending_bytes_ < drain_below_) RunElsewhere(std::exchange(on_drained_, nullptr));
  }
  void Close() { CloseWithLeftovers({}); }
  // Closes; `taken` are items already taken from the queue and not sent: a
  // hijack among them (or still queued) hears that there is no connection.
  void CloseWithLeftovers(std::deque<Item> taken) {
    std::vector<std::function<void()>> callbacks;
    std::function<void()> drained;  // dropped outside the lock: it may own this responder
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
      for (auto& item : queue_) taken.push_back(std::move(item));
      queue_.clear();
      pending_bytes_ = 0;
      drained.swap(on_drained_);
      callbacks.swap(on_close_);
    }
    for (auto& fn : callbacks) fn();
    for (auto& item : taken) {
      if (item.kind == Item::Kind::kHijack && item.hijack) item.hijack(nullptr);
    }
    Wake();
  }
  asio::steady_timer& signal() { return signal_; }
  void Wake() {
    auto self = shared_from_this();
    asio::post(strand_, [self] { self->signal_.cancel(); });
  }

 private:
  void Push(Item item) {
    std::lock_guard lock(mu_);
    if (closed_) return;
    PushLocked(std::move(item));
  }
  // Off the strand, so a producer runs beside the writer rather than between its writes.
  void RunElsewhere(std::function<void()> fn) { asio::post(pool_, std::move(fn)); }

  void PushLocked(Item item) {
    pending_bytes_ += BytesOf(item);
    queue_.push_back(std::move(item));
    if (!wake_posted_) {
      wake_posted_ = true;
      // Posting only schedules the wake-up; it never runs inline.
      Wake();
    }
  }

  asio::strand<asio::any_io_executor> strand_;
  const asio::any_io_executor pool_;
  asio::steady_timer signal_;  // strand only

  mutable std::mutex mu_;
  // Guarded by mu_:
  std::deque<Item> queue_;
  bool closed_ = false;
  bool wake_posted_ = false;
  size_t pending_bytes_ = 0;
  size_t drain_below_ = 0;
  std::function<void()> on_drained_;
  std::vector<std::function<void()>> on_close_;
};

PeerIdentity IdentityOf(SSL* ssl) {
  PeerIdentity id;
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (!cert) return id;
  id.verified = SSL_get_verify_result(ssl) == X509_V_OK;
  X509_NAME* subject = X509_get_subject_name(cert);
  for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
    X509_NAME_ENTRY* entry = X509_NAME_get_entry(subject, i);
    int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    unsigned char* utf8 = nullptr;
    int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
    if (len < 0) continue;
    std::string value(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
    OPENSSL_free(utf8);
    if (nid == NID_commonName) id.common_name = value;
    if (nid == NID_organizationName) id.organizations.push_back(value);
  }
  X509_free(cert);
  return id;
}

class HttpServerImpl;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(HttpServerImpl* server, tcp::socket socket, ssl::context& ctx)
      : server_(server), strand_(socket.get_executor()), stream_(std::move(socket), ctx) {}
  // Watchers of the socket hold `alive_`, not the connection: one that wakes
  // after the connection is gone sees false and leaves the socket alone.
  ~Connection() { *alive_ = false; }

  asio::awaitable<void> Run();
  asio::strand<asio::any_io_executor>& strand() { return strand_; }
  void Shutdown() {
    asio::post(strand_, [self = shared_from_this()] {
      boost::system::error_code ec;
      self->stream_.lowest_layer().shutdown(tcp::socket::shutdown_both, ec);
      self->stream_.lowest_layer().close(ec);
      if (self->current_) self->current_->Close();
    });
  }

 private:
  // head_request: the request was a HEAD, whose reply goes out without its body.
  asio::awaitable<bool> WriteResponse(std::shared_ptr<ResponderImpl> responder, bool keep_alive,
                                      bool head_request);
  static asio::awaitable<void> WatchForClose(tcp::socket* socket, std::shared_ptr<bool> alive,
                                             std::shared_ptr<ResponderImpl> responder);

  HttpServerImpl* server_;
  asio::strand<asio::any_io_executor> strand_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<ResponderImpl> current_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool hijacked_ = false;  // the socket belongs to a HijackedConnection now
};

class HttpServerImpl final : public HttpServer {
 public:
  HttpServerImpl(const HttpServerOptions& options, Handler handler)
      : options_(options), handler_(std::move(handler)), ssl_ctx_(ssl::context::tls_server),
        acceptor_(ioc_) {}

  ~HttpServerImpl() override { Stop(); }

  Status Init() {
    boost::system::error_code ec;
    ssl_ctx_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    ssl_ctx_.use_certificate_chain_file(options_.cert_file, ec);
    if (ec) return Status::Internal("loading serving certificate " + options_.cert_file + ": " + ec.message());
    ssl_ctx_.use_private_key_file(options_.key_file, ssl::context::pem, ec);
    if (ec) return Status::Internal("loading serving key " + options_.key_file + ": " + ec.message());
    if (!options_.client_ca_file.empty()) {
      ssl_ctx_.load_verify_file(options_.client_ca_file, ec);
      if (ec) return Status::Internal("loading client CA " + options_.client_ca_file + ": " + ec.message());
      STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(options_.client_ca_file.c_str());
      if (names) SSL_CTX_set_client_CA_list(ssl_ctx_.native_handle(), names);
      // Ask for a certificate but let anonymous clients in: authentication decides.
      ssl_ctx_.set_verify_mode(ssl::verify_peer);
    }
    auto address = asio::ip::make_address(options_.bind_address, ec);
    if (ec) return Status::BadRequest("invalid bind address " + options_.bind_address);
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status::Unavailable("listening on " + options_.bind_address + ":" +
                                 std::to_string(options_.port) + ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(ioc_, Accept(), asio::detached);
    for (int i = 0; i < std::max(1, options_.threads); ++i) {
      threads_.emplace_back([this] { ioc_.run(); });
    }
    return Status::Ok();
  }

  asio::any_io_executor pool() { return ioc_.get_executor(); }
  uint16_t port() const override { return port_; }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    asio::post(ioc_, [this] {
      boost::system::error_code ec;
      acceptor_.close(ec);
    });
    {
      std::lock_guard lock(mu_);
      for (auto& weak : connections_) {
        if (auto c = weak.lock()) c->Shutdown();
      }
    }
    // Give connections a moment to close on their own, then stop the loop.
    work_done_.store(true);
    ioc_.stop();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

  const HttpServerOptions& options() const { return options_; }
  const Handler& handler() const { return handler_; }
  void Forget(const Connection* c) {
    std::lock_guard lock(mu_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      auto locked = it->lock();
      if (!locked || locked.get() == c) {
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
  }

 private:
  asio::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), kTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto connection = std::make_shared<Connection>(this, std::move(socket), ssl_ctx_);
      {
        std::lock_guard lock(mu_);
        connections_.push_back(connection);
      }
      asio::co_spawn(
          connection->strand(),
          [connection]() -> asio::awaitable<void> { co_await connection->Run(); }, asio::detached);
    }
  }

  HttpServerOptions options_;
  Handler handler_;
  asio::io_context ioc_;
  ssl::context ssl_ctx_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopped_{false};
  std::atomic<bool> work_done_{false};
  std::mutex mu_;
  std::vector<std::weak_ptr<Connection>> connections_;  // guarded by mu_
};

asio::awaitable<void> Connection::Run() {
  auto self = shared_from_this();
  const auto& options = server_->options();
  {
    auto [ec] = co_await stream_.async_handshake(ssl::stream_base::server, kTuple);
    if (ec) {
      VLOG(4) << "TLS handshake failed: " << ec.message();
      server_->Forget(this);
      co_return;
    }
  }
  PeerIdentity peer = IdentityOf(stream_.native_handle());
  std::string remote;
  {
    boost::system::error_code ec;
    auto ep = stream_.lowest_layer().remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(options.max_body_bytes);
    parser.header_limit(1 << 20);
    auto [ec, n] = co_await http::async_read(stream_, buffer_, parser, kTuple);
    HttpRequest request;
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == ssl::error::stream_truncated) break;
    if (ec == http::error::body_limit) {
      request.read_error = HttpRequest::ReadError::kBodyTooLarge;
    } else if (ec) {
      if (parser.is_header_done()) {
        request.read_error = HttpRequest::ReadError::kMalformed;
      } else {
        break;
      }
    }
    auto& msg = parser.get();
    request.method = std::string(msg.method_string());
    request.target = std::string(msg.target());
    auto q = request.target.find('?');
    request.path = PercentDecode(std::string_view(request.target).substr(0, q));
    if (q != std::string::npos) request.query = request.target.substr(q + 1);
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    if (request.read_error == HttpRequest::ReadError::kNone) request.body = std::move(msg.body());
    request.peer = peer;
    request.remote_address = remote;
    bool keep_alive = msg.keep_alive() && request.read_error == HttpRequest::ReadError::kNone;
    const bool head_request = msg.method() == http::verb::head;

    auto responder = std::make_shared<ResponderImpl>(strand_, server_->pool());
    current_ = responder;
    server_->handler()(request, responder);
    keep_alive = co_await WriteResponse(responder, keep_alive, head_request);
    current_.reset();
    // The new owner closes it; the server's Stop() still reaches it through connections_.
    if (hijacked_) co_return;
    if (!keep_alive) break;
  }
  boost::system::error_code ignored;
  stream_.lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.lowest_layer().close(ignored);
  server_->Forget(this);
}

asio::awaitable<void> Connection::WatchForClose(tcp::socket* socket, std::shared_ptr<bool> alive,
                                                std::shared_ptr<ResponderImpl> responder) {
  // While a stream is open the client sends nothing more; EOF, a reset or
  // unexpected bytes mean the client is done with it. Runs on the
  // connection's strand, as its destructor does, so `alive` is exact.
  for (;;) {
    auto [ec] = co_await socket->async_wait(tcp::socket::wait_read, kTuple);
    if (ec || !*alive) break;
    char byte;
    ssize_t n = ::recv(socket->native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    break;
  }
  responder->Close();
}

asio::awaitable<bool> Connection::WriteResponse(std::shared_ptr<ResponderImpl> responder,
                                                bool keep_alive, bool head_request) {
  bool streaming = false;
  for (;;) {
    auto items = responder->Take();
    if (items.empty()) {
      if (responder->Closed()) co_return false;
      responder->signal().expires_at(asio::steady_timer::time_point::max());
      co_await responder->signal().async_wait(kTuple);
      continue;
    }
    while (!items.empty()) {
      Item item = std::move(items.front());
      items.pop_front();
      switch (item.kind) {
        case Item::Kind::kFull: {
          std::string wire = ResponseHead(item.response, keep_alive);
          const std::string& body = item.response.body;
          const bool send_body = ResponseSendsBody(item.response, head_request);
          boost::system::error_code ec;
          if (!send_body || body.size() + wire.size() <= kCoalesceBytes) {
            // One TLS record and one send(2) for head and body.
            if (send_body) wire += body;
            std::tie(ec, std::ignore) =
                co_await asio::async_write(stream_, asio::buffer(wire), kTuple);
          } else {
            // A big body goes out as it is rather than copied behind its head.
            std::array<asio::const_buffer, 2> buffers{asio::buffer(wire), asio::buffer(body)};
            std::tie(ec, std::ignore) = co_await asio::async_write(stream_, buffers, kTuple);
          }
          responder->CloseWithLeftovers(std::move(items));
          co_return !ec && keep_alive;
        }
        case Item::Kind::kStart: {
          http::response<http::empty_body> res;
          res.result(static_cast<unsigned>(item.response.status));
          res.version(11);
          res.set(http::field::content_type, item.response.content_type);
          res.set(http::field::transfer_encoding, "chunked");
          for (auto& [k, v] : item.response.headers) res.set(k, v);
          res.keep_alive(false);
          http::response_serializer<http::empty_body> sr{res};
          auto [ec, n] = co_await http::async_write_header(stream_, sr, kTuple);
          if (ec) {
            responder->CloseWithLeftovers(std::move(items));
            co_return false;
          }
          streaming = true;
          asio::co_spawn(strand_, WatchForClose(&stream_.next_layer(), alive_, responder), asio::detached);
          break;
        }
        case Item::Kind::kChunk: {
          if (!streaming) break;
          boost::system::error_code ec;
          size_t payload = item.chunk->size();
          if (items.empty() || items.front().kind != Item::Kind::kChunk) {
            std::tie(ec, std::ignore) = co_await asio::async_write(
                stream_, http::make_chunk(asio::buffer(*item.chunk)), kTuple);
          } else {
            // Chunks queued together (a watch's events of one commit group)
            // go out in one write: one TLS record and one send(2) where
            // each would take its own.
            std::string framed;
            AppendChunk(*item.chunk, &framed);
            while (!items.empty() && items.front().kind == Item::Kind::kChunk &&
                   framed.size() < kCoalesceBytes) {
              payload += items.front().chunk->size();
              AppendChunk(*items.front().chunk, &framed);
              items.pop_front();
            }
            std::tie(ec, std::ignore) =
                co_await asio::async_write(stream_, asio::buffer(framed), kTuple);
          }
          responder->Written(payload);
          if (ec) {
            responder->CloseWithLeftovers(std::move(items));
            co_return false;
          }
          break;
        }
        case Item::Kind::kEnd: {
          if (streaming) {
            co_await asio::async_write(stream_, http::make_chunk_last(), kTuple);
          }
          responder->CloseWithLeftovers(std::move(items));
          co_return false;
        }
        case Item::Kind::kHijack: {
          // What the parser read past the request belongs to the new owner.
          auto data = buffer_.data();
          std::string leftover(static_cast<const char*>(data.data()), data.size());
          buffer_.consume(buffer_.size());
          auto conn = std::make_shared<HijackedConnection>(stream_, strand_, std::move(leftover), shared_from_this());
          hijacked_ = true;
          responder->CloseWithLeftovers(std::move(items));
          item.hijack(std::move(conn));
          co_return false;
        }
      }
    }
  }
}

}  // namespace

StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options, Handler handler) {
  auto server = std::make_unique<HttpServerImpl>(options, std::move(handler));
  Status st = server->Init();
  if (!st.ok()) return st;
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace kubepp::net
