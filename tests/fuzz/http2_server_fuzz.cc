// Fuzzes kubepp's HTTP/2 server connection with what a client sends (an etcd client, etcdctl,
// or anyone who reaches the port): the preface, frames in any order, header blocks, DATA,
// resets. The input goes over a socketpair in pieces whose sizes its first byte picks; every
// request is answered (headers, data, trailers) so that the response path runs too. The server
// must neither crash nor hang: it answers or closes, and the connection always ends.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "net/http2/server_connection.h"

namespace {

using kubepp::net::http2::ErrorCode;
using kubepp::net::http2::HeaderList;
using kubepp::net::http2::RequestHandler;
using kubepp::net::http2::ServerConnection;
using kubepp::net::http2::ServerConnectionOptions;
using kubepp::net::http2::ServerStream;
using kubepp::net::http2::StreamObserver;

// Answers once the request is complete; bytes of the body beyond a few are ignored.
class Answering : public StreamObserver {
 public:
  explicit Answering(std::shared_ptr<ServerStream> stream) : stream_(std::move(stream)) {}
  void OnData(std::string_view data, bool end_stream) override {
    received_ += data.size();
    if (!end_stream) return;
    stream_->SendHeaders({{":status", "200"}}, false);
    stream_->SendData(std::string(received_ % 40000, 'r'), false);
    stream_->SendHeaders({{"grpc-status", "0"}}, true);
  }
  void OnClosed(ErrorCode) override {}

 private:
  const std::shared_ptr<ServerStream> stream_;
  size_t received_ = 0;
};

class Handler : public RequestHandler {
 public:
  std::shared_ptr<StreamObserver> OnRequest(std::shared_ptr<ServerStream> stream,
                                            HeaderList headers) override {
    if (headers.size() % 3 == 0) {  // some requests are refused before their body
      stream->Reset(ErrorCode::kRefusedStream);
      return nullptr;
    }
    return std::make_shared<Answering>(std::move(stream));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 97;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return 0;
  Handler handler;
  ServerConnectionOptions options;
  options.max_concurrent_streams = 8;
  options.max_header_list_size = 4096;
  auto connection = ServerConnection::Start(fds[1], &handler, options);
  const int client = fds[0];
  // The client writes everything, then half-closes and reads until the server is done. The
  // socket buffers may fill while the server answers: reads and writes alternate, never block.
  char sink[65536];
  while (!input.empty()) {
    size_t n = std::min(piece, input.size());
    ssize_t w = ::send(client, input.data(), n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) input.remove_prefix(static_cast<size_t>(w));
    if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) break;  // the server closed
    while (::recv(client, sink, sizeof(sink), MSG_DONTWAIT) > 0) {
    }
    if (w <= 0 && connection->finished()) break;
  }
  // End of input: the server sees EOF and ends the connection; what it still writes is drained
  // so that it never waits on a full socket.
  ::shutdown(client, SHUT_WR);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!connection->WaitUntilFinished(std::chrono::steady_clock::now() +
                                        std::chrono::milliseconds(1))) {
    while (::recv(client, sink, sizeof(sink), MSG_DONTWAIT) > 0) {
    }
    if (std::chrono::steady_clock::now() > deadline) {
      std::fprintf(stderr, "the server connection did not end after EOF\n");
      std::abort();
    }
  }
  connection->Close();
  connection->Join();
  ::close(client);
  return 0;
}
