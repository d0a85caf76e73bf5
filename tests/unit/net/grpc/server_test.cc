// kubepp's gRPC server seen from the wire: requests written as a gRPC client writes them
// (through kubepp's HTTP/2 client connection), answers checked header by header. The etcd API
// tests drive the same server with grpc++ and etcdctl; these cover what those clients never
// send: a server-side deadline, compressed messages, many connections at once.
#include "net/grpc/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "net/grpc/dial.h"
#include "net/grpc/wire.h"
#include "net/http2/client_connection.h"

namespace kubepp::net::grpc {
namespace {

using Clock = std::chrono::steady_clock;

std::string HeaderOf(const http2::HeaderList& headers, std::string_view name) {
  const std::string* v = http2::FindHeader(headers, name);
  return v ? *v : "";
}

// The request headers of a gRPC call to `path`, as a gRPC client sends them.
http2::HeaderList Request(std::string path, http2::HeaderList extra = {}) {
  http2::HeaderList h = {{":method", "POST"},
                         {":scheme", "http"},
                         {":path", std::move(path)},
                         {":authority", "test"},
                         {"content-type", "application/grpc"},
                         {"te", "trailers"}};
  for (auto& f : extra) h.push_back(std::move(f));
  return h;
}

std::shared_ptr<http2::ClientConnection> ConnectTo(int port) {
  auto fd = DialTcp("127.0.0.1", port, Clock::now() + std::chrono::seconds(5));
  EXPECT_TRUE(fd.ok());
  return fd.ok() ? http2::ClientConnection::Start(*fd) : nullptr;
}

class GrpcServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.AddUnaryMethod("/test.Svc/Echo",
                           [](std::string request, std::shared_ptr<UnaryCall> call) {
                             call->Reply(std::move(request));
                           });
    server_.AddUnaryMethod("/test.Svc/Never", [this](std::string, std::shared_ptr<UnaryCall> call) {
      std::lock_guard lock(mu_);
      unanswered_.push_back(std::move(call));  // answered by nobody: only a deadline ends it
    });
    auto port = server_.Start("127.0.0.1:0");
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
  }
  void TearDown() override {
    server_.Shutdown(std::chrono::milliseconds(200));
    std::lock_guard lock(mu_);
    unanswered_.clear();
  }

  std::shared_ptr<http2::ClientConnection> Connect() { return ConnectTo(port_); }

  Server server_{ServerOptions{}};
  int port_ = 0;
  std::mutex mu_;
  std::vector<std::shared_ptr<UnaryCall>> unanswered_;
};

TEST_F(GrpcServerTest, AnswersAUnaryCallWithTrailers) {
  auto conn = Connect();
  http2::Exchange ex = conn->RoundTrip(Request("/test.Svc/Echo"), FrameMessage("hello"),
                                       Clock::now() + std::chrono::seconds(5));
  ASSERT_EQ(ex.outcome, http2::Exchange::Outcome::kComplete) << ex.detail;
  EXPECT_EQ(HeaderOf(ex.headers, ":status"), "200");
  EXPECT_EQ(HeaderOf(ex.headers, "content-type"), "application/grpc");
  EXPECT_EQ(ex.body, FrameMessage("hello"));
  EXPECT_EQ(HeaderOf(ex.trailers, "grpc-status"), "0");
}

// A large answer goes out as its prefix and then the message itself, cut into frames by the
// windows: the client reads back exactly one framed message.
TEST_F(GrpcServerTest, AnswersALargeMessageWholeAsOneMessage) {
  std::string message(300 * 1024 + 7, '\0');
  for (size_t i = 0; i < message.size(); ++i) message[i] = static_cast<char>('a' + i % 23);
  auto conn = Connect();
  http2::Exchange ex = conn->RoundTrip(Request("/test.Svc/Echo"), FrameMessage(message),
                                       Clock::now() + std::chrono::seconds(5));
  ASSERT_EQ(ex.outcome, http2::Exchange::Outcome::kComplete) << ex.detail;
  EXPECT_EQ(HeaderOf(ex.trailers, "grpc-status"), "0");
  ASSERT_EQ(ex.body.size(), message.size() + 5);
  EXPECT_TRUE(ex.body == FrameMessage(message));
}

// A handler registered for the connection's thread runs where its request
// ended: it answers while every worker is busy with a handler that waits.
TEST(GrpcServerDispatchTest, AConnectionThreadHandlerNeedsNoWorker) {
  ServerOptions options;
  options.worker_threads = 1;
  Server server(options);
  std::mutex mu;
  std::condition_variable cv;
  bool holding = false, release = false;
  server.AddUnaryMethod("/test.Svc/Hold",
                        [&](std::string request, std::shared_ptr<UnaryCall> call) {
                          std::unique_lock lock(mu);
                          holding = true;
                          cv.notify_all();
                          cv.wait(lock, [&] { return release; });
                          call->Reply(std::move(request));
                        });
  server.AddUnaryMethod(
      "/test.Svc/Here",
      [](std::string request, std::shared_ptr<UnaryCall> call) { call->Reply(std::move(request)); },
      Server::Dispatch::kConnectionThread);
  auto port = server.Start("127.0.0.1:0");
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  auto held_conn = ConnectTo(*port), conn = ConnectTo(*port);
  ASSERT_NE(held_conn, nullptr);
  ASSERT_NE(conn, nullptr);
  http2::Exchange held;
  std::thread holder([&] {
    held = held_conn->RoundTrip(Request("/test.Svc/Hold"), FrameMessage("held"),
                                Clock::now() + std::chrono::seconds(20));
  });
  {
    std::unique_lock lock(mu);
    // Not an ASSERT: the holder thread must be released and joined either way.
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return holding; }));
  }
  http2::Exchange here = conn->RoundTrip(Request("/test.Svc/Here"), FrameMessage("here"),
                                         Clock::now() + std::chrono::seconds(5));
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  holder.join();
  ASSERT_EQ(here.outcome, http2::Exchange::Outcome::kComplete) << here.detail;
  EXPECT_EQ(here.body, FrameMessage("here"));
  EXPECT_EQ(HeaderOf(here.trailers, "grpc-status"), "0");
  ASSERT_EQ(held.outcome, http2::Exchange::Outcome::kComplete) << held.detail;
  EXPECT_EQ(held.body, FrameMessage("held"));
  server.Shutdown(std::chrono::milliseconds(200));
}

TEST_F(GrpcServerTest, ACallPastItsGrpcTimeoutEndsDeadlineExceeded) {
  auto conn = Connect();
  auto start = Clock::now();
  http2::Exchange ex = conn->RoundTrip(
      Request("/test.Svc/Never", {{"grpc-timeout", EncodeTimeout(std::chrono::milliseconds(150))}}),
      FrameMessage("x"), start + std::chrono::seconds(10));
  ASSERT_EQ(ex.outcome, http2::Exchange::Outcome::kComplete) << ex.detail;
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(150));
  // The server's answer, not this side's: grpc-go's code and words.
  const http2::HeaderList& status = ex.trailers.empty() ? ex.headers : ex.trailers;
  EXPECT_EQ(HeaderOf(status, "grpc-status"), "4");
  EXPECT_EQ(PercentDecode(HeaderOf(status, "grpc-message")), "context deadline exceeded");
  // The handler's late answer goes nowhere and breaks nothing.
  {
    std::lock_guard lock(mu_);
    ASSERT_EQ(unanswered_.size(), 1u);
    unanswered_[0]->Reply("too late");
  }
  http2::Exchange next = conn->RoundTrip(Request("/test.Svc/Echo"), FrameMessage("again"),
                                         Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(next.body, FrameMessage("again"));
}

TEST_F(GrpcServerTest, ACompressedRequestIsUnimplementedAsGrpcGoSays) {
  auto conn = Connect();
  std::string compressed = FrameMessage("not really gzip");
  compressed[0] = 1;  // the compressed flag
  http2::Exchange ex = conn->RoundTrip(Request("/test.Svc/Echo", {{"grpc-encoding", "gzip"}}),
                                       compressed, Clock::now() + std::chrono::seconds(5));
  ASSERT_EQ(ex.outcome, http2::Exchange::Outcome::kComplete) << ex.detail;
  const http2::HeaderList& status = ex.trailers.empty() ? ex.headers : ex.trailers;
  EXPECT_EQ(HeaderOf(status, "grpc-status"), "12");
  EXPECT_EQ(PercentDecode(HeaderOf(status, "grpc-message")),
            "grpc: Decompressor is not installed for grpc-encoding \"gzip\"");
}

TEST_F(GrpcServerTest, ACompressedFlagWithoutAnEncodingIsInternal) {
  auto conn = Connect();
  std::string flagged = FrameMessage("x");
  flagged[0] = 1;
  http2::Exchange ex =
      conn->RoundTrip(Request("/test.Svc/Echo"), flagged, Clock::now() + std::chrono::seconds(5));
  ASSERT_EQ(ex.outcome, http2::Exchange::Outcome::kComplete) << ex.detail;
  const http2::HeaderList& status = ex.trailers.empty() ? ex.headers : ex.trailers;
  EXPECT_EQ(HeaderOf(status, "grpc-status"), "13");
}

// Many more connections than loop threads, each with calls in flight at once: every call gets
// its own answer.
TEST_F(GrpcServerTest, ServesManyConnectionsConcurrently) {
  constexpr int kConnections = 48, kCallsEach = 20;
  std::vector<std::shared_ptr<http2::ClientConnection>> conns;
  for (int i = 0; i < kConnections; ++i) conns.push_back(Connect());
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kConnections; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < kCallsEach; ++k) {
        std::string message = std::to_string(i) + "/" + std::to_string(k);
        http2::Exchange ex = conns[static_cast<size_t>(i)]->RoundTrip(
            Request("/test.Svc/Echo"), FrameMessage(message),
            Clock::now() + std::chrono::seconds(20));
        if (ex.body == FrameMessage(message) && HeaderOf(ex.trailers, "grpc-status") == "0")
          ++answered;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(answered.load(), kConnections * kCallsEach);
}

}  // namespace
}  // namespace kubepp::net::grpc
