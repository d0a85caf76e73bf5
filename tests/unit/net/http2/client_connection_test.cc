// The HTTP/2 client connection against a scripted peer over a socketpair: the handshake, whole
// exchanges, flow control in both directions, PING, GOAWAY, RST_STREAM, deadlines, the peer's
// stream limit, and connection errors.
#include "net/http2/client_connection.h"

#include <gtest/gtest.h>

#include <future>
#include <map>
#include <string>

#include "unit/net/http2/scripted_peer.h"

namespace kubepp::net::http2 {
namespace {

using Clock = std::chrono::steady_clock;
using Outcome = Exchange::Outcome;
using testing::ScriptedPeer;

const HeaderList kRequest = {{":method", "POST"},
                             {":scheme", "http"},
                             {":path", "/svc/Method"},
                             {":authority", "localhost"}};
const HeaderList kOk = {{":status", "200"}, {"content-type", "application/grpc"}};

class ClientConnectionTest : public ::testing::Test {
 protected:
  // Starts the client and completes the handshake with `settings` from the peer.
  void Start(std::vector<Setting> settings = {}, ClientConnectionOptions options = {}) {
    options_ = options;
    conn_ = ClientConnection::Start(peer_.TakeClientFd(), options);
    ASSERT_EQ(peer_.ReadPreface(), kClientPreface);
    auto client_settings = peer_.Next();
    ASSERT_TRUE(client_settings);
    ASSERT_EQ(client_settings->type, FrameType::kSettings);
    client_settings_ = client_settings->settings;
    peer_.Send(EncodeSettings(settings));
    auto ack = peer_.NextOfType(FrameType::kSettings);
    ASSERT_TRUE(ack);
    EXPECT_TRUE(ack->has(kFlagAck));
  }

  // The default deadline only keeps a failing test from hanging.
  std::future<Exchange> RoundTripAsync(std::string body, Clock::time_point deadline = {}) {
    if (deadline == Clock::time_point()) deadline = Clock::now() + std::chrono::seconds(30);
    auto conn = conn_;
    return std::async(std::launch::async, [conn, body = std::move(body), deadline] {
      return conn->RoundTrip(kRequest, body, deadline);
    });
  }

  // Reads a whole request (HEADERS and its DATA) from the client; returns its stream id.
  uint32_t ReadRequest(std::string* body = nullptr) {
    auto headers = peer_.NextOfType(FrameType::kHeaders);
    EXPECT_TRUE(headers);
    if (!headers) return 0;
    EXPECT_EQ(peer_.DecodeHeaders(*headers), kRequest);
    bool end = headers->has(kFlagEndStream);
    while (!end) {
      auto data = peer_.NextOfType(FrameType::kData);
      EXPECT_TRUE(data);
      if (!data) break;
      if (body) *body += data->payload;
      end = data->has(kFlagEndStream);
    }
    return headers->stream_id;
  }

  void Respond(uint32_t stream, std::string_view body) {
    peer_.SendHeaders(stream, kOk, false);
    peer_.Send(EncodeData(stream, body, false));
    peer_.SendHeaders(stream, {{"grpc-status", "0"}}, true);
  }

  ScriptedPeer peer_;
  ClientConnectionOptions options_;
  std::shared_ptr<ClientConnection> conn_;
  std::vector<Setting> client_settings_;
};

TEST_F(ClientConnectionTest, HandshakeAdvertisesWindowsAndDisablesPush) {
  ClientConnectionOptions options;
  options.stream_window = 1 << 20;
  options.connection_window = 1 << 22;
  Start({}, options);
  bool push_off = false, window = false;
  for (const Setting& s : client_settings_) {
    if (s.id == kSettingEnablePush) push_off = s.value == 0;
    if (s.id == kSettingInitialWindowSize) window = s.value == (1u << 20);
  }
  EXPECT_TRUE(push_off);
  EXPECT_TRUE(window);
  // The connection window grows by WINDOW_UPDATE on stream 0 (it was sent before the ACK).
  bool grown = false;
  for (const Frame& f : peer_.skipped()) {
    if (f.type == FrameType::kWindowUpdate && f.stream_id == 0) {
      grown = f.window_increment == (1u << 22) - 65535;
    }
  }
  EXPECT_TRUE(grown);
  EXPECT_TRUE(conn_->accepting());
}

TEST_F(ClientConnectionTest, ExchangeWithBodyAndTrailers) {
  Start();
  auto call = RoundTripAsync("request-bytes");
  std::string body;
  uint32_t stream = ReadRequest(&body);
  EXPECT_EQ(stream, 1u);
  EXPECT_EQ(body, "request-bytes");
  peer_.SendHeaders(stream, kOk, false);
  peer_.Send(EncodeData(stream, "resp", false));
  peer_.Send(EncodeData(stream, "onse", false));
  peer_.SendHeaders(stream, {{"grpc-status", "0"}}, true);
  Exchange ex = call.get();
  EXPECT_EQ(ex.outcome, Outcome::kComplete) << ex.detail;
  EXPECT_EQ(ex.headers, kOk);
  EXPECT_EQ(ex.body, "response");
  EXPECT_EQ(ex.trailers, (HeaderList{{"grpc-status", "0"}}));
  EXPECT_EQ(conn_->active_streams(), 0u);

  // The next exchange takes the next odd stream id.
  auto second = RoundTripAsync("");
  uint32_t next = ReadRequest();
  EXPECT_EQ(next, 3u);
  peer_.SendHeaders(next, {{":status", "200"}, {"grpc-status", "5"}}, true);  // headers only
  Exchange ex2 = second.get();
  EXPECT_EQ(ex2.outcome, Outcome::kComplete);
  EXPECT_TRUE(ex2.trailers.empty());
  EXPECT_EQ(*FindHeader(ex2.headers, "grpc-status"), "5");
}

TEST_F(ClientConnectionTest, SendsNoMoreThanThePeersStreamWindow) {
  Start({{kSettingInitialWindowSize, 1000}});
  auto call = RoundTripAsync(std::string(5000, 'x'));
  auto headers = peer_.NextOfType(FrameType::kHeaders);
  ASSERT_TRUE(headers);
  size_t received = 0;
  while (received < 1000) {
    auto data = peer_.NextOfType(FrameType::kData);
    ASSERT_TRUE(data);
    received += data->payload.size();
  }
  EXPECT_EQ(received, 1000u);
  // Nothing more until the window opens.
  EXPECT_FALSE(peer_.NextOfType(FrameType::kData, std::chrono::milliseconds(200)));
  peer_.Send(EncodeWindowUpdate(1, 4000));
  bool end = false;
  while (!end) {
    auto data = peer_.NextOfType(FrameType::kData);
    ASSERT_TRUE(data);
    received += data->payload.size();
    end = data->has(kFlagEndStream);
  }
  EXPECT_EQ(received, 5000u);
  Respond(1, "ok");
  EXPECT_EQ(call.get().outcome, Outcome::kComplete);
}

TEST_F(ClientConnectionTest, SendsNoMoreThanTheConnectionWindowInFramesThePeerAccepts) {
  Start({{kSettingInitialWindowSize, 1 << 20}});
  auto call = RoundTripAsync(std::string(70000, 'x'));
  ASSERT_TRUE(peer_.NextOfType(FrameType::kHeaders));
  size_t received = 0;
  while (received < 65535) {
    auto data = peer_.NextOfType(FrameType::kData);
    ASSERT_TRUE(data);
    EXPECT_LE(data->payload.size(), kDefaultMaxFrameSize);
    received += data->payload.size();
  }
  EXPECT_EQ(received, 65535u);
  EXPECT_FALSE(peer_.NextOfType(FrameType::kData, std::chrono::milliseconds(200)));
  peer_.Send(EncodeWindowUpdate(0, 10000));
  auto last = peer_.NextOfType(FrameType::kData);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->payload.size(), 70000u - 65535u);
  EXPECT_TRUE(last->has(kFlagEndStream));
  Respond(1, "ok");
  EXPECT_EQ(call.get().outcome, Outcome::kComplete);
}

TEST_F(ClientConnectionTest, CreditsALargeResponseBackToThePeer) {
  ClientConnectionOptions options;
  options.stream_window = 100000;
  options.connection_window = 200000;
  Start({}, options);
  auto call = RoundTripAsync("");
  uint32_t stream = ReadRequest();
  peer_.SendHeaders(stream, kOk, false);
  // Send 3 MiB, never more than the client's windows allow; the client must keep opening them.
  const size_t total = 3 << 20;
  int64_t stream_window = options.stream_window, conn_window = options.connection_window;
  size_t sent = 0;
  while (sent < total) {
    if (stream_window <= 0 || conn_window <= 0) {
      auto update = peer_.NextOfType(FrameType::kWindowUpdate);
      ASSERT_TRUE(update) << "the client stopped crediting at " << sent;
      (update->stream_id == 0 ? conn_window : stream_window) += update->window_increment;
      continue;
    }
    size_t n = std::min<size_t>({total - sent, 16384, static_cast<size_t>(stream_window),
                                 static_cast<size_t>(conn_window)});
    peer_.Send(EncodeData(stream, std::string(n, static_cast<char>('a' + sent % 26)), false));
    sent += n;
    stream_window -= static_cast<int64_t>(n);
    conn_window -= static_cast<int64_t>(n);
  }
  peer_.SendHeaders(stream, {{"grpc-status", "0"}}, true);
  Exchange ex = call.get();
  ASSERT_EQ(ex.outcome, Outcome::kComplete) << ex.detail;
  EXPECT_EQ(ex.body.size(), total);
}

TEST_F(ClientConnectionTest, PeerOverrunningAStreamWindowResetsTheStream) {
  ClientConnectionOptions options;
  options.stream_window = 1000;
  Start({}, options);
  auto call = RoundTripAsync("");
  uint32_t stream = ReadRequest();
  peer_.SendHeaders(stream, kOk, false);
  peer_.Send(EncodeData(stream, std::string(1001, 'x'), false));
  auto rst = peer_.NextOfType(FrameType::kRstStream);
  ASSERT_TRUE(rst);
  EXPECT_EQ(rst->error_code, ErrorCode::kFlowControlError);
  Exchange ex = call.get();
  EXPECT_EQ(ex.outcome, Outcome::kReset);
  EXPECT_EQ(ex.error_code, ErrorCode::kFlowControlError);
  EXPECT_TRUE(conn_->accepting());  // a stream error; the connection lives on
}

TEST_F(ClientConnectionTest, WindowAbove2To31IsAConnectionError) {
  Start();
  auto call = RoundTripAsync("");
  ReadRequest();
  peer_.Send(EncodeWindowUpdate(0, 0x7fffffff));
  auto goaway = peer_.NextOfType(FrameType::kGoAway);
  ASSERT_TRUE(goaway);
  EXPECT_EQ(goaway->error_code, ErrorCode::kFlowControlError);
  EXPECT_EQ(call.get().outcome, Outcome::kConnectionLost);
  EXPECT_FALSE(conn_->accepting());
}

TEST_F(ClientConnectionTest, AnswersPings) {
  Start();
  peer_.Send(EncodePing("pingpong", false));
  auto ack = peer_.NextOfType(FrameType::kPing);
  ASSERT_TRUE(ack);
  EXPECT_TRUE(ack->has(kFlagAck));
  EXPECT_EQ(ack->payload, "pingpong");
}

TEST_F(ClientConnectionTest, GoAwayRefusesStreamsAboveTheLastOne) {
  Start();
  auto first = RoundTripAsync("");
  uint32_t one = ReadRequest();
  auto second = RoundTripAsync("");
  uint32_t three = ReadRequest();
  ASSERT_EQ(one, 1u);
  ASSERT_EQ(three, 3u);
  peer_.Send(EncodeGoAway(1, ErrorCode::kNoError, "shutting down"));
  Exchange refused = second.get();
  EXPECT_EQ(refused.outcome, Outcome::kRefused);
  EXPECT_NE(refused.detail.find("shutting down"), std::string::npos) << refused.detail;
  EXPECT_FALSE(conn_->accepting());
  // New exchanges are refused without reaching the peer; stream 1 still completes.
  EXPECT_EQ(conn_->RoundTrip(kRequest, "", Clock::time_point::max()).outcome, Outcome::kRefused);
  Respond(one, "done");
  Exchange done = first.get();
  EXPECT_EQ(done.outcome, Outcome::kComplete);
  EXPECT_EQ(done.body, "done");
}

TEST_F(ClientConnectionTest, ResetByThePeer) {
  Start();
  auto cancelled = RoundTripAsync("");
  peer_.Send(EncodeRstStream(ReadRequest(), ErrorCode::kInternalError));
  Exchange ex = cancelled.get();
  EXPECT_EQ(ex.outcome, Outcome::kReset);
  EXPECT_EQ(ex.error_code, ErrorCode::kInternalError);
  auto refused = RoundTripAsync("");
  peer_.Send(EncodeRstStream(ReadRequest(), ErrorCode::kRefusedStream));
  EXPECT_EQ(refused.get().outcome, Outcome::kRefused);
}

TEST_F(ClientConnectionTest, PeerClosingEndsCallsInFlight) {
  Start();
  auto call = RoundTripAsync("x");
  ReadRequest();
  peer_.Close();
  EXPECT_EQ(call.get().outcome, Outcome::kConnectionLost);
  EXPECT_FALSE(conn_->accepting());
}

TEST_F(ClientConnectionTest, DeadlineCancelsTheStream) {
  Start();
  auto call = RoundTripAsync("x", Clock::now() + std::chrono::milliseconds(100));
  uint32_t stream = ReadRequest();
  auto rst = peer_.NextOfType(FrameType::kRstStream);
  ASSERT_TRUE(rst);
  EXPECT_EQ(rst->stream_id, stream);
  EXPECT_EQ(rst->error_code, ErrorCode::kCancel);
  EXPECT_EQ(call.get().outcome, Outcome::kDeadlineExceeded);
  // A late answer on the cancelled stream is dropped; the connection still works.
  Respond(stream, "late");
  auto next = RoundTripAsync("");
  uint32_t s2 = ReadRequest();
  Respond(s2, "fresh");
  Exchange ex = next.get();
  EXPECT_EQ(ex.outcome, Outcome::kComplete);
  EXPECT_EQ(ex.body, "fresh");
}

TEST_F(ClientConnectionTest, WaitsForTheStreamLimit) {
  Start({{kSettingMaxConcurrentStreams, 1}});
  auto first = RoundTripAsync("");
  uint32_t one = ReadRequest();
  auto second = RoundTripAsync("");
  EXPECT_FALSE(peer_.NextOfType(FrameType::kHeaders, std::chrono::milliseconds(200)));
  Respond(one, "1");
  EXPECT_EQ(first.get().outcome, Outcome::kComplete);
  uint32_t three = ReadRequest();
  Respond(three, "3");
  EXPECT_EQ(second.get().body, "3");
}

TEST_F(ClientConnectionTest, MalformedFramesAreConnectionErrors) {
  Start();
  auto call = RoundTripAsync("");
  ReadRequest();
  peer_.Send(EncodeSettings({}).replace(8, 1, "\x01"));  // SETTINGS on stream 1
  auto goaway = peer_.NextOfType(FrameType::kGoAway);
  ASSERT_TRUE(goaway);
  EXPECT_EQ(goaway->error_code, ErrorCode::kProtocolError);
  EXPECT_EQ(call.get().outcome, Outcome::kConnectionLost);
}

TEST_F(ClientConnectionTest, UndecodableHeadersAreCompressionErrors) {
  Start();
  auto call = RoundTripAsync("");
  uint32_t stream = ReadRequest();
  peer_.Send(EncodeHeaders(stream, "\x80", true));  // index 0
  auto goaway = peer_.NextOfType(FrameType::kGoAway);
  ASSERT_TRUE(goaway);
  EXPECT_EQ(goaway->error_code, ErrorCode::kCompressionError);
  EXPECT_EQ(call.get().outcome, Outcome::kConnectionLost);
}

TEST_F(ClientConnectionTest, ResponseBodyLimit) {
  ClientConnectionOptions options;
  options.max_response_body = 100;
  Start({}, options);
  auto call = RoundTripAsync("");
  uint32_t stream = ReadRequest();
  peer_.SendHeaders(stream, kOk, false);
  peer_.Send(EncodeData(stream, std::string(101, 'x'), false));
  auto rst = peer_.NextOfType(FrameType::kRstStream);
  ASSERT_TRUE(rst);
  EXPECT_EQ(rst->error_code, ErrorCode::kCancel);
  EXPECT_EQ(call.get().outcome, Outcome::kTooLarge);
}

TEST_F(ClientConnectionTest, ManyThreadsShareOneConnection) {
  Start();
  constexpr int kCalls = 16;
  std::vector<std::future<Exchange>> calls;
  for (int i = 0; i < kCalls; ++i) calls.push_back(RoundTripAsync("req" + std::to_string(i)));
  // Frames of different streams interleave; answer each request once it is whole.
  std::map<uint32_t, std::string> bodies;
  int answered = 0;
  while (answered < kCalls) {
    auto frame = peer_.Next();
    ASSERT_TRUE(frame);
    if (frame->type != FrameType::kHeaders && frame->type != FrameType::kData) continue;
    bodies[frame->stream_id] += frame->type == FrameType::kData ? frame->payload : "";
    if (frame->has(kFlagEndStream)) {
      Respond(frame->stream_id, "echo:" + bodies[frame->stream_id]);
      ++answered;
    }
  }
  for (auto& call : calls) {
    Exchange ex = call.get();
    EXPECT_EQ(ex.outcome, Outcome::kComplete);
    EXPECT_TRUE(ex.body.starts_with("echo:req")) << ex.body;
  }
}

}  // namespace
}  // namespace kubepp::net::http2
