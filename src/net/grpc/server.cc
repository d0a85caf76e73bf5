#include "net/grpc/server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "net/grpc/server_call.h"
#include "net/grpc/wire.h"
#include "net/grpc/worker_pool.h"

namespace kubepp::net::grpc {
namespace {

constexpr int kListenBacklog = 1024;

struct HostPort {
  std::string host;
  std::string port;
};

std::optional<HostPort> SplitHostPort(const std::string& text) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  HostPort out{text.substr(0, colon), text.substr(colon + 1)};
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  if (out.port.empty()) return std::nullopt;
  return out;
}

StatusOr<int> Listen(const std::string& host_port, int* port) {
  std::optional<HostPort> hp = SplitHostPort(host_port);
  if (!hp) return Status::BadRequest("grpc server: not host:port: " + host_port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(hp->host.empty() ? nullptr : hp->host.c_str(), hp->port.c_str(), &hints,
                         &found);
  if (rc != 0) {
    return Status::Unavailable("grpc server: cannot resolve " + host_port + ": " +
                               ::gai_strerror(rc));
  }
  std::string why = "no address";
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, kListenBacklog) != 0) {
      why = std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) return Status::Unavailable("grpc server: cannot listen on " + host_port + ": " + why);
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                     : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  return fd;
}

// grpc-go's wording for a path nobody serves.
std::string UnknownMethodMessage(std::string_view path, bool service_known) {
  std::string_view rest = path.substr(path.empty() ? 0 : 1);
  size_t slash = rest.find('/');
  std::string_view service = rest.substr(0, slash);
  if (!service_known || slash == std::string_view::npos) {
    return "unknown service " + std::string(service);
  }
  return "unknown method " + std::string(rest.substr(slash + 1)) + " for service " +
         std::string(service);
}

}  // namespace

Server::Server(ServerOptions options) : options_(std::move(options)) {}

Server::~Server() { Shutdown(std::chrono::milliseconds(0)); }

void Server::AddUnaryMethod(std::string path, UnaryHandler handler, Dispatch dispatch) {
  auto method = std::make_unique<Method>();
  method->unary = std::move(handler);
  method->on_connection_thread = dispatch == Dispatch::kConnectionThread;
  methods_[std::move(path)] = std::move(method);
}

void Server::AddStreamingMethod(std::string path, StreamFactory factory) {
  auto method = std::make_unique<Method>();
  method->streaming = std::move(factory);
  methods_[std::move(path)] = std::move(method);
}

StatusOr<int> Server::Start(const std::string& host_port) {
  int port = 0;
  StatusOr<int> fd = Listen(host_port, &port);
  if (!fd.ok()) return fd.status();
  listen_fd_ = *fd;
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  int threads = options_.worker_threads > 0
                    ? options_.worker_threads
                    : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  pool_ = std::make_unique<WorkerPool>(threads);
  acceptor_ = std::thread([this] { AcceptLoop(); });
  return port;
}

void Server::AcceptLoop() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents & POLLIN) return;  // Shutdown
    if (!(fds[0].revents & POLLIN)) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;  // the client gave up already, or out of descriptors for now
    // gRPC writes small frames (a response is HEADERS, DATA and trailers): no Nagle delay.
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    std::lock_guard lock(mu_);
    if (shutting_down_) {
      ::close(fd);
      return;
    }
    // Forget connections that have ended (their threads are done, so the join is quick).
    std::erase_if(connections_, [](const std::shared_ptr<http2::ServerConnection>& c) {
      if (!c->finished()) return false;
      c->Join();
      return true;
    });
    connections_.push_back(http2::ServerConnection::Start(fd, this, options_.connection));
  }
}

std::shared_ptr<http2::StreamObserver> Server::OnRequest(
    std::shared_ptr<http2::ServerStream> stream, http2::HeaderList headers) {
  const std::string* method = http2::FindHeader(headers, ":method");
  if (method == nullptr || *method != "POST") {
    stream->SendHeaders({{":status", "405"}}, /*end_stream=*/true);
    return nullptr;
  }
  const std::string* content_type = http2::FindHeader(headers, "content-type");
  if (content_type == nullptr || !content_type->starts_with("application/grpc")) {
    http2::HeaderList fields = {{":status", "415"},
                                {"grpc-status", std::to_string(int(StatusCode::kInternal))},
                                {"grpc-message", "invalid gRPC request content-type"}};
    stream->SendHeaders(std::move(fields), /*end_stream=*/true);
    return nullptr;
  }
  const std::string* encoding = http2::FindHeader(headers, "grpc-encoding");
  if (encoding != nullptr && *encoding != "identity") {
    ServerCall::RejectTrailersOnly(
        *stream, {StatusCode::kUnimplemented,
                  "grpc: Decompressor is not installed for grpc-encoding \"" + *encoding + "\""});
    return nullptr;
  }
  const std::string& path = *http2::FindHeader(headers, ":path");  // checked by the connection
  auto it = methods_.find(path);
  if (it == methods_.end()) {
    size_t slash = path.find('/', 1);
    std::string service = path.substr(0, slash == std::string::npos ? path.size() : slash + 1);
    auto near = methods_.lower_bound(service);
    bool service_known = near != methods_.end() && near->first.starts_with(service);
    ServerCall::RejectTrailersOnly(
        *stream, {StatusCode::kUnimplemented, UnknownMethodMessage(path, service_known)});
    return nullptr;
  }
  const Method* target = it->second.get();
  std::function<void(ServerCall*)> on_done;
  if (target->streaming) on_done = [this](ServerCall* call) { ForgetCall(call); };
  auto call = std::make_shared<ServerCall>(stream, target, pool_.get(),
                                           options_.max_receive_message, std::move(on_done));
  if (const std::string* timeout = http2::FindHeader(headers, "grpc-timeout")) {
    if (std::optional<std::chrono::nanoseconds> t = ParseTimeout(*timeout)) {
      stream->SetDeadline(std::chrono::steady_clock::now() +
                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(*t));
    }
  }
  if (target->streaming) {
    {
      std::lock_guard lock(calls_mu_);
      streaming_calls_[call.get()] = call;
    }
    call->StartStreaming();
  }
  return call;
}

void Server::ForgetCall(ServerCall* call) {
  std::lock_guard lock(calls_mu_);
  streaming_calls_.erase(call);
}

void Server::Shutdown(std::chrono::milliseconds grace) {
  {
    std::unique_lock lock(mu_);
    if (shutting_down_) {
      stopped_cv_.wait(lock, [this] { return stopped_; });
      return;
    }
    shutting_down_ = true;
  }
  if (acceptor_.joinable()) {
    uint64_t one = 1;
    ssize_t n = ::write(wake_fd_, &one, sizeof(one));
    (void)n;
    acceptor_.join();
  }
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
  listen_fd_ = wake_fd_ = -1;

  std::vector<std::shared_ptr<http2::ServerConnection>> connections;
  {
    std::lock_guard lock(mu_);
    connections.swap(connections_);
  }
  for (auto& c : connections) c->GoAway();
  // Streams (watches) never end by themselves: they end now, with a status clients retry on.
  std::vector<std::shared_ptr<ServerCall>> streams;
  {
    std::lock_guard lock(calls_mu_);
    for (auto& [raw, weak] : streaming_calls_) {
      if (auto call = weak.lock()) streams.push_back(std::move(call));
    }
  }
  for (auto& call : streams)
    call->Finish({StatusCode::kUnavailable, "grpc: the server is stopping"});
  streams.clear();
  auto deadline = std::chrono::steady_clock::now() + grace;
  for (auto& c : connections) {
    if (!c->WaitUntilFinished(deadline)) c->Close();
  }
  for (auto& c : connections) c->Join();
  connections.clear();
  pool_.reset();  // runs what is queued (answers to closed streams go nowhere), then joins

  std::lock_guard lock(mu_);
  stopped_ = true;
  stopped_cv_.notify_all();
}

void Server::Wait() {
  std::unique_lock lock(mu_);
  stopped_cv_.wait(lock, [this] { return stopped_; });
}

}  // namespace kubepp::net::grpc
