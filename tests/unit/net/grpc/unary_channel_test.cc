// kubepp's unary gRPC channel against an independent peer: a grpc++ server with a
// grpc.health.v1 service, over a unix socket and TCP. Then against scripted HTTP/2 peers, for
// what a real server will not do on demand: GOAWAY before and after processing a call.
#include "net/grpc/unary_channel.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "health/v1/health.grpc.pb.h"
#include "net/grpc/wire.h"
#include "net/http2/hpack_encoder.h"
#include "unit/net/http2/scripted_peer.h"

namespace kubepp::net::grpc {
namespace {

using namespace std::chrono_literals;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

constexpr std::string_view kCheck = "/grpc.health.v1.Health/Check";

std::string CheckRequest(std::string_view service) {
  HealthCheckRequest request;
  request.set_service(std::string(service));
  return request.SerializeAsString();
}

HealthCheckResponse::ServingStatus StatusOf(const CallResult& r) {
  HealthCheckResponse response;
  EXPECT_TRUE(response.ParseFromString(r.response));
  return response.status();
}

// Services by name: "" and "payments" answer, "slow" waits for the caller to give up, anything
// else is NOT_FOUND with a message that needs percent-encoding on the wire.
class HealthService final : public ::grpc::health::v1::Health::Service {
 public:
  ::grpc::Status Check(::grpc::ServerContext* context, const HealthCheckRequest* request,
                       HealthCheckResponse* response) override {
    const std::string& service = request->service();
    if (service == "slow") {
      while (!context->IsCancelled()) std::this_thread::sleep_for(5ms);
      return ::grpc::Status::CANCELLED;
    }
    std::lock_guard lock(mu_);
    auto it = statuses_.find(service);
    if (it == statuses_.end()) {
      return ::grpc::Status(::grpc::StatusCode::NOT_FOUND,
                            "unknown service \"" + service + "\"\n100% sure");
    }
    response->set_status(it->second);
    return ::grpc::Status::OK;
  }
  void Set(const std::string& service, HealthCheckResponse::ServingStatus status) {
    std::lock_guard lock(mu_);
    statuses_[service] = status;
  }

 private:
  std::mutex mu_;
  std::map<std::string, HealthCheckResponse::ServingStatus> statuses_ = {
      {"", HealthCheckResponse::SERVING}};
};

class GrpcServer {
 public:
  explicit GrpcServer(const std::string& address) {
    ::grpc::ServerBuilder builder;
    builder.AddListeningPort(address, ::grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
  }
  ~GrpcServer() {
    if (server_) server_->Shutdown(std::chrono::system_clock::now() + 1s);
  }
  bool ok() const { return server_ != nullptr; }
  int port() const { return port_; }
  HealthService& health() { return health_; }

 private:
  int port_ = 0;
  HealthService health_;
  std::unique_ptr<::grpc::Server> server_;
};

class UnaryChannelInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kubepp-grpc-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    socket_ = dir_ + "/grpc.sock";
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Serve() {
    server_ = std::make_unique<GrpcServer>("unix://" + socket_);
    ASSERT_TRUE(server_->ok());
  }
  std::unique_ptr<UnaryChannel> Channel(std::string target = "") {
    auto parsed = ParseTarget(target.empty() ? "unix://" + socket_ : target);
    EXPECT_TRUE(parsed.ok());
    return std::make_unique<UnaryChannel>(std::move(*parsed), ChannelOptions{});
  }

  std::string dir_, socket_;
  std::unique_ptr<GrpcServer> server_;
};

TEST_F(UnaryChannelInteropTest, ChecksHealthOverAUnixSocket) {
  Serve();
  auto channel = Channel();
  CallResult r = channel->Call(kCheck, CheckRequest(""), 5s);
  ASSERT_TRUE(r.ok()) << static_cast<int>(r.code) << " " << r.message;
  EXPECT_EQ(StatusOf(r), HealthCheckResponse::SERVING);

  server_->health().Set("payments", HealthCheckResponse::NOT_SERVING);
  r = channel->Call(kCheck, CheckRequest("payments"), 5s);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(StatusOf(r), HealthCheckResponse::NOT_SERVING);

  CallResult unknown = channel->Call(kCheck, CheckRequest("nope"), 5s);
  EXPECT_EQ(unknown.code, StatusCode::kNotFound);
  EXPECT_EQ(unknown.message, "unknown service \"nope\"\n100% sure");
  CallResult unimplemented = channel->Call("/grpc.health.v1.Health/Nope", "", 5s);
  EXPECT_EQ(unimplemented.code, StatusCode::kUnimplemented);
  CallResult no_service = channel->Call("/no.Such/Service", "", 5s);
  EXPECT_EQ(no_service.code, StatusCode::kUnimplemented);
}

TEST_F(UnaryChannelInteropTest, ChecksHealthOverTcp) {
  server_ = std::make_unique<GrpcServer>("127.0.0.1:0");
  ASSERT_TRUE(server_->ok());
  auto channel = Channel("127.0.0.1:" + std::to_string(server_->port()));
  CallResult r = channel->Call(kCheck, CheckRequest(""), 5s);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(StatusOf(r), HealthCheckResponse::SERVING);
}

TEST_F(UnaryChannelInteropTest, ManyThreadsShareTheChannel) {
  Serve();
  auto channel = Channel();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        CallResult r = channel->Call(kCheck, CheckRequest(""), 10s);
        if (!r.ok() || StatusOf(r) != HealthCheckResponse::SERVING) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(UnaryChannelInteropTest, DeadlineExceededOnAStreamThatDoesNotEnd) {
  Serve();
  auto channel = Channel();
  auto start = std::chrono::steady_clock::now();
  CallResult r = channel->Call(kCheck, CheckRequest("slow"), 300ms);
  EXPECT_EQ(r.code, StatusCode::kDeadlineExceeded) << r.message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  // The connection is still good.
  EXPECT_TRUE(channel->Call(kCheck, CheckRequest(""), 5s).ok());
}

TEST_F(UnaryChannelInteropTest, NothingListeningFailsAtOnceWithoutWaitForReady) {
  auto channel = Channel();
  CallResult r = channel->Call(kCheck, "", 10s);
  EXPECT_EQ(r.code, StatusCode::kUnavailable);
  EXPECT_NE(r.message.find("dial unix " + socket_ + ": connect: no such file or directory"),
            std::string::npos)
      << r.message;
  CallResult waited = channel->Call(kCheck, "", 200ms, /*wait_for_ready=*/true);
  EXPECT_EQ(waited.code, StatusCode::kDeadlineExceeded) << waited.message;
}

TEST_F(UnaryChannelInteropTest, WaitForReadyWaitsForTheServerToAppear) {
  auto channel = Channel();
  auto call = std::async(std::launch::async,
                         [&] { return channel->Call(kCheck, CheckRequest(""), 20s, true); });
  Serve();
  CallResult r = call.get();
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(StatusOf(r), HealthCheckResponse::SERVING);
}

TEST_F(UnaryChannelInteropTest, ReconnectsAfterTheServerRestarts) {
  Serve();
  auto channel = Channel();
  ASSERT_TRUE(channel->Call(kCheck, CheckRequest(""), 5s).ok());
  server_.reset();
  std::filesystem::remove(socket_);
  CallResult down = channel->Call(kCheck, CheckRequest(""), 5s);
  EXPECT_EQ(down.code, StatusCode::kUnavailable) << down.message;
  Serve();
  CallResult up = channel->Call(kCheck, CheckRequest(""), 5s);
  EXPECT_TRUE(up.ok()) << up.message;
}

TEST_F(UnaryChannelInteropTest, RefusesToSendMessagesAboveTheLimit) {
  auto parsed = ParseTarget("unix://" + socket_);
  ASSERT_TRUE(parsed.ok());
  ChannelOptions options;
  options.max_send_message = 10;
  UnaryChannel channel(std::move(*parsed), options);
  CallResult r = channel.Call(kCheck, std::string(11, 'x'), 1s);
  EXPECT_EQ(r.code, StatusCode::kResourceExhausted);
}

TEST(ParseTarget, UnixAndTcpTargets) {
  EXPECT_EQ(ParseTarget("unix:///run/x.sock")->authority, "localhost");
  EXPECT_EQ(ParseTarget("unix:/run/x.sock")->authority, "localhost");
  EXPECT_EQ(ParseTarget("/run/x.sock")->authority, "localhost");
  EXPECT_EQ(ParseTarget("10.0.0.5:8080")->authority, "10.0.0.5:8080");
  EXPECT_EQ(ParseTarget("[fd00::5]:8080")->authority, "[fd00::5]:8080");
  EXPECT_FALSE(ParseTarget("unix://relative").ok());
  EXPECT_FALSE(ParseTarget("http://x:1").ok());
  EXPECT_FALSE(ParseTarget("host").ok());
  EXPECT_FALSE(ParseTarget("host:0").ok());
  EXPECT_FALSE(ParseTarget("host:http").ok());
}

// Scripted peers, one per connection the channel dials.
class UnaryChannelGoAwayTest : public ::testing::Test {
 protected:
  UnaryChannelGoAwayTest() : peers_(3) {
    Target target;
    target.authority = "scripted";
    target.dial = [this](std::chrono::steady_clock::time_point) -> StatusOr<int> {
      int n = dials_++;
      if (n >= static_cast<int>(peers_.size())) return Status::Unavailable("no more peers");
      return peers_[n].TakeClientFd();
    };
    channel_ = std::make_unique<UnaryChannel>(std::move(target), ChannelOptions{});
  }

  // Handshakes peer `n` and reads one request; returns its stream id.
  uint32_t AcceptCall(http2::testing::ScriptedPeer& peer, bool handshake) {
    if (handshake) {
      EXPECT_EQ(peer.ReadPreface(), http2::kClientPreface);
      peer.Send(http2::EncodeSettings({}));
    }
    auto headers = peer.NextOfType(http2::FrameType::kHeaders);
    EXPECT_TRUE(headers);
    if (!headers) return 0;
    http2::HeaderList fields = peer.DecodeHeaders(*headers);
    EXPECT_EQ(*http2::FindHeader(fields, ":authority"), "scripted");
    EXPECT_EQ(*http2::FindHeader(fields, "te"), "trailers");
    EXPECT_NE(http2::FindHeader(fields, "grpc-timeout"), nullptr);
    auto data = peer.NextOfType(http2::FrameType::kData);
    EXPECT_TRUE(data && data->has(http2::kFlagEndStream));
    return headers->stream_id;
  }

  void Answer(http2::testing::ScriptedPeer& peer, uint32_t stream, std::string_view message) {
    peer.SendHeaders(stream, {{":status", "200"}, {"content-type", "application/grpc"}}, false);
    peer.Send(http2::EncodeData(stream, FrameMessage(message), false));
    peer.SendHeaders(stream, {{"grpc-status", "0"}}, true);
  }

  std::future<CallResult> CallAsync() {
    return std::async(std::launch::async, [this] { return channel_->Call("/s/M", "req", 20s); });
  }

  std::vector<http2::testing::ScriptedPeer> peers_;
  std::atomic<int> dials_{0};
  std::unique_ptr<UnaryChannel> channel_;
};

TEST_F(UnaryChannelGoAwayTest, NewCallsUseANewConnectionAfterGoAway) {
  auto first = CallAsync();
  uint32_t stream = AcceptCall(peers_[0], true);
  peers_[0].Send(http2::EncodeGoAway(stream, http2::ErrorCode::kNoError));
  Answer(peers_[0], stream, "one");
  CallResult r1 = first.get();
  ASSERT_TRUE(r1.ok()) << r1.message;
  EXPECT_EQ(r1.response, "one");

  auto second = CallAsync();
  uint32_t stream2 = AcceptCall(peers_[1], true);
  EXPECT_EQ(stream2, 1u);  // a fresh connection starts again at stream 1
  Answer(peers_[1], stream2, "two");
  EXPECT_EQ(second.get().response, "two");
  EXPECT_EQ(dials_.load(), 2);
}

TEST_F(UnaryChannelGoAwayTest, ACallTheServerDidNotProcessIsRetriedOnANewConnection) {
  auto call = CallAsync();
  uint32_t stream = AcceptCall(peers_[0], true);
  peers_[0].Send(http2::EncodeGoAway(stream - 1, http2::ErrorCode::kNoError));
  uint32_t retried = AcceptCall(peers_[1], true);
  Answer(peers_[1], retried, "retried");
  CallResult r = call.get();
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.response, "retried");
}

TEST_F(UnaryChannelGoAwayTest, ABrokenConnectionFailsTheCallAndTheNextCallRedials) {
  auto call = CallAsync();
  AcceptCall(peers_[0], true);
  peers_[0].Close();
  CallResult r = call.get();
  EXPECT_EQ(r.code, StatusCode::kUnavailable) << r.message;
  auto next = CallAsync();
  uint32_t stream = AcceptCall(peers_[1], true);
  Answer(peers_[1], stream, "again");
  EXPECT_EQ(next.get().response, "again");
}

}  // namespace
}  // namespace kubepp::net::grpc
