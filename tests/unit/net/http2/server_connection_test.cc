// kubepp's HTTP/2 server connection against a scripted client over a socketpair: the preface
// and SETTINGS, requests and responses, flow control both ways, resets, GOAWAY, limits, and
// malformed input.
#include "net/http2/server_connection.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "unit/net/http2/scripted_client.h"

namespace kubepp::net::http2 {
namespace {

using namespace std::chrono_literals;
using testing::ScriptedClient;

// What the application saw, with a way to wait for it.
struct Recorded {
  std::mutex mu;
  std::condition_variable changed;
  std::map<uint32_t, std::shared_ptr<ServerStream>> streams;
  std::map<uint32_t, HeaderList> headers;
  std::map<uint32_t, std::string> data;
  std::map<uint32_t, bool> complete;
  std::map<uint32_t, ErrorCode> closed;
  std::map<uint32_t, int> drained;
  std::map<uint32_t, int> deadlines;

  bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mu);
    return changed.wait_for(lock, timeout, done);
  }
  std::shared_ptr<ServerStream> Stream(uint32_t id) {
    std::lock_guard lock(mu);
    return streams.at(id);
  }
};

class RecordingObserver : public StreamObserver {
 public:
  RecordingObserver(Recorded* r, uint32_t id) : r_(r), id_(id) {}
  void OnData(std::string_view data, bool end_stream) override {
    std::lock_guard lock(r_->mu);
    r_->data[id_] += data;
    if (end_stream) r_->complete[id_] = true;
    r_->changed.notify_all();
  }
  void OnDrained() override {
    std::lock_guard lock(r_->mu);
    ++r_->drained[id_];
    r_->changed.notify_all();
  }
  void OnDeadline() override {
    std::lock_guard lock(r_->mu);
    ++r_->deadlines[id_];
    r_->changed.notify_all();
  }
  void OnClosed(ErrorCode code) override {
    std::lock_guard lock(r_->mu);
    r_->closed[id_] = code;
    r_->changed.notify_all();
  }

 private:
  Recorded* const r_;
  const uint32_t id_;
};

class RecordingHandler : public RequestHandler {
 public:
  explicit RecordingHandler(Recorded* r) : r_(r) {}
  std::shared_ptr<StreamObserver> OnRequest(std::shared_ptr<ServerStream> stream,
                                            HeaderList headers) override {
    std::lock_guard lock(r_->mu);
    uint32_t id = stream->id();
    r_->streams[id] = stream;
    r_->headers[id] = std::move(headers);
    r_->changed.notify_all();
    return std::make_shared<RecordingObserver>(r_, id);
  }

 private:
  Recorded* const r_;
};

class ServerConnectionTest : public ::testing::Test {
 protected:
  void Start(ServerConnectionOptions options = {}) {
    connection_ = ServerConnection::Start(client_.TakeServerFd(), &handler_, options);
  }
  void TearDown() override {
    if (connection_) {
      connection_->Close();
      connection_->Join();
    }
  }
  // The server's SETTINGS, read past.
  std::vector<Setting> ServerSettings() {
    std::optional<Frame> settings = client_.NextOfType(FrameType::kSettings);
    EXPECT_TRUE(settings);
    return settings ? settings->settings : std::vector<Setting>{};
  }
  std::optional<Frame> ExpectGoAway(ErrorCode code) {
    std::optional<Frame> goaway = client_.NextOfType(FrameType::kGoAway);
    EXPECT_TRUE(goaway);
    if (goaway) {
      EXPECT_EQ(goaway->error_code, code) << goaway->payload;
    }
    return goaway;
  }

  ScriptedClient client_;
  Recorded recorded_;
  RecordingHandler handler_{&recorded_};
  std::shared_ptr<ServerConnection> connection_;
};

TEST_F(ServerConnectionTest, AdvertisesItsSettingsAndAcknowledgesThePeers) {
  ServerConnectionOptions options;
  options.max_concurrent_streams = 7;
  options.stream_window = 100000;
  Start(options);
  client_.Hello({{kSettingMaxFrameSize, 20000}});
  std::vector<Setting> settings = ServerSettings();
  std::map<uint16_t, uint32_t> by_id;
  for (const Setting& s : settings) by_id[s.id] = s.value;
  EXPECT_EQ(by_id[kSettingMaxConcurrentStreams], 7u);
  EXPECT_EQ(by_id[kSettingInitialWindowSize], 100000u);
  std::optional<Frame> ack = client_.NextOfType(FrameType::kSettings);
  ASSERT_TRUE(ack);
  EXPECT_TRUE(ack->has(kFlagAck));
  client_.Send(EncodePing("12345678", /*ack=*/false));
  std::optional<Frame> pong = client_.NextOfType(FrameType::kPing);
  ASSERT_TRUE(pong);
  EXPECT_TRUE(pong->has(kFlagAck));
  EXPECT_EQ(pong->payload, "12345678");
}

TEST_F(ServerConnectionTest, AWrongPrefaceIsAProtocolError) {
  Start();
  client_.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ExpectGoAway(ErrorCode::kProtocolError);
  EXPECT_TRUE(client_.WaitForClose());
  EXPECT_TRUE(connection_->WaitUntilFinished(std::chrono::steady_clock::now() + 10s));
}

TEST_F(ServerConnectionTest, AFirstFrameOtherThanSettingsIsAProtocolError) {
  Start();
  client_.Send(kClientPreface);
  client_.Send(EncodePing("abcdefgh", false));
  ExpectGoAway(ErrorCode::kProtocolError);
  EXPECT_TRUE(client_.WaitForClose());
}

TEST_F(ServerConnectionTest, RequestAndResponse) {
  Start();
  client_.Hello();
  client_.SendHeaders(1, ScriptedClient::Request("/a/b"), false);
  client_.Send(EncodeData(1, "hello", false));
  client_.Send(EncodeData(1, " world", true));
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.complete[1]; }));
  EXPECT_EQ(recorded_.data[1], "hello world");
  EXPECT_EQ(*FindHeader(recorded_.headers[1], ":path"), "/a/b");

  auto stream = recorded_.Stream(1);
  EXPECT_TRUE(stream->SendHeaders({{":status", "200"}}, false));
  EXPECT_TRUE(stream->SendData("answer", false));
  EXPECT_TRUE(stream->SendHeaders({{"grpc-status", "0"}}, true));
  std::optional<Frame> headers = client_.NextOfType(FrameType::kHeaders);
  ASSERT_TRUE(headers);
  EXPECT_EQ(*FindHeader(client_.last_headers(), ":status"), "200");
  std::optional<Frame> data = client_.NextOfType(FrameType::kData);
  ASSERT_TRUE(data);
  EXPECT_EQ(data->payload, "answer");
  std::optional<Frame> trailers = client_.NextOfType(FrameType::kHeaders);
  ASSERT_TRUE(trailers);
  EXPECT_TRUE(trailers->has(kFlagEndStream));
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.closed.count(1) != 0; }));
  EXPECT_EQ(recorded_.closed[1], ErrorCode::kNoError);
  // The stream is over: later writes are refused.
  EXPECT_FALSE(stream->SendData("late", true));
}

TEST_F(ServerConnectionTest, HonoursThePeersStreamWindowAndFrameSize) {
  Start();
  client_.Hello({{kSettingInitialWindowSize, 10}});
  client_.SendHeaders(1, ScriptedClient::Request(), true);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.complete[1]; }));
  auto stream = recorded_.Stream(1);
  stream->SendHeaders({{":status", "200"}}, false);
  stream->SendData(std::string(25, 'x'), true);
  std::optional<Frame> first = client_.NextOfType(FrameType::kData);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->payload.size(), 10u);
  // The HEADERS may have drained on their own before the DATA was queued; the DATA, held by
  // the window, must not count as drained.
  int drained_before = 0;
  {
    std::lock_guard lock(recorded_.mu);
    drained_before = recorded_.drained[1];
  }
  EXPECT_LE(drained_before, 1);
  // Nothing more until the window opens.
  EXPECT_FALSE(client_.NextOfType(FrameType::kData, 200ms));
  {
    std::lock_guard lock(recorded_.mu);
    EXPECT_EQ(recorded_.drained[1], drained_before);
  }
  client_.Send(EncodeWindowUpdate(1, 100));
  std::optional<Frame> rest = client_.NextOfType(FrameType::kData);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->payload.size(), 15u);
  EXPECT_TRUE(rest->has(kFlagEndStream));
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.closed.count(1) != 0; }));
}

TEST_F(ServerConnectionTest, HonoursThePeersConnectionWindow) {
  Start();
  client_.Hello({{kSettingInitialWindowSize, 1 << 20}});
  client_.SendHeaders(1, ScriptedClient::Request(), true);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.complete[1]; }));
  auto stream = recorded_.Stream(1);
  stream->SendHeaders({{":status", "200"}}, false);
  stream->SendData(std::string(70000, 'x'), true);
  size_t received = 0;
  while (received < 65535) {
    std::optional<Frame> data = client_.NextOfType(FrameType::kData);
    ASSERT_TRUE(data);
    EXPECT_LE(data->payload.size(), kDefaultMaxFrameSize);
    received += data->payload.size();
  }
  EXPECT_EQ(received, 65535u);  // the connection's default window, no more
  EXPECT_FALSE(client_.NextOfType(FrameType::kData, 200ms));
  client_.Send(EncodeWindowUpdate(0, 10000));
  std::optional<Frame> rest = client_.NextOfType(FrameType::kData);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->payload.size(), 70000u - 65535u);
  EXPECT_TRUE(rest->has(kFlagEndStream));
}

TEST_F(ServerConnectionTest, CreditsConsumedDataBack) {
  ServerConnectionOptions options;
  options.stream_window = 65535;
  options.connection_window = 65535;
  Start(options);
  client_.Hello();
  client_.SendHeaders(1, ScriptedClient::Request(), false);
  client_.Send(EncodeData(1, std::string(16000, 'a'), false));
  client_.Send(EncodeData(1, std::string(16000, 'b'), false));
  client_.Send(EncodeData(1, std::string(16000, 'c'), false));
  // Past half of each window: both are credited back once consumed.
  std::map<uint32_t, uint32_t> credit;
  while (credit.size() < 2) {
    std::optional<Frame> update = client_.NextOfType(FrameType::kWindowUpdate);
    ASSERT_TRUE(update);
    credit[update->stream_id] += update->window_increment;
  }
  EXPECT_EQ(credit[0], 48000u);
  EXPECT_EQ(credit[1], 48000u);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.data[1].size() == 48000; }));
}

TEST_F(ServerConnectionTest, OverrunningTheStreamWindowResetsTheStream) {
  // A window this small is only for the test: it is less than a client may send before it has
  // read the server's SETTINGS.
  ServerConnectionOptions options;
  options.stream_window = 1000;
  Start(options);
  client_.Hello();
  client_.SendHeaders(1, ScriptedClient::Request(), false);
  client_.Send(EncodeData(1, std::string(1500, 'x'), false));
  std::optional<Frame> reset = client_.NextOfType(FrameType::kRstStream);
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->stream_id, 1u);
  EXPECT_EQ(reset->error_code, ErrorCode::kFlowControlError);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.closed.count(1) != 0; }));
  EXPECT_EQ(recorded_.closed[1], ErrorCode::kFlowControlError);
}

TEST_F(ServerConnectionTest, RstStreamFromTheClientEndsTheStream) {
  Start();
  client_.Hello();
  client_.SendHeaders(1, ScriptedClient::Request(), false);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.streams.count(1) != 0; }));
  client_.Send(EncodeRstStream(1, ErrorCode::kCancel));
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.closed.count(1) != 0; }));
  EXPECT_EQ(recorded_.closed[1], ErrorCode::kCancel);
  EXPECT_FALSE(recorded_.Stream(1)->SendData("gone", false));
  EXPECT_EQ(connection_->active_streams(), 0u);
}

TEST_F(ServerConnectionTest, GoAwayRefusesNewStreamsAndFinishesOpenOnes) {
  Start();
  client_.Hello();
  client_.SendHeaders(1, ScriptedClient::Request(), true);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.complete[1]; }));
  connection_->GoAway();
  std::optional<Frame> goaway = ExpectGoAway(ErrorCode::kNoError);
  ASSERT_TRUE(goaway);
  EXPECT_EQ(goaway->last_stream_id, 1u);
  client_.SendHeaders(3, ScriptedClient::Request(), true);
  std::optional<Frame> refused = client_.NextOfType(FrameType::kRstStream);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->stream_id, 3u);
  EXPECT_EQ(refused->error_code, ErrorCode::kRefusedStream);
  EXPECT_FALSE(connection_->finished());
  // The open stream still completes; then the connection closes by itself.
  recorded_.Stream(1)->SendHeaders({{":status", "200"}}, true);
  std::optional<Frame> response = client_.NextOfType(FrameType::kHeaders);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->stream_id, 1u);
  EXPECT_TRUE(client_.WaitForClose());
  EXPECT_TRUE(connection_->WaitUntilFinished(std::chrono::steady_clock::now() + 10s));
}

TEST_F(ServerConnectionTest, CloseEndsOpenStreams) {
  Start();
  client_.Hello();
  client_.SendHeaders(1, ScriptedClient::Request(), false);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.streams.count(1) != 0; }));
  connection_->Close();
  connection_->Join();
  std::lock_guard lock(recorded_.mu);
  EXPECT_EQ(recorded_.closed[1], ErrorCode::kCancel);
}

TEST_F(ServerConnectionTest, StreamsAboveTheLimitAreRefused) {
  ServerConnectionOptions options;
  options.max_concurrent_streams = 1;
  Start(options);
  client_.Hello();
  client_.SendHeaders(1, ScriptedClient::Request(), false);
  client_.SendHeaders(3, ScriptedClient::Request(), false);
  std::optional<Frame> refused = client_.NextOfType(FrameType::kRstStream);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->stream_id, 3u);
  EXPECT_EQ(refused->error_code, ErrorCode::kRefusedStream);
}

TEST_F(ServerConnectionTest, MalformedRequestHeadersResetTheStream) {
  Start();
  client_.Hello();
  HeaderList upper = ScriptedClient::Request();
  upper.push_back({"X-Upper", "1"});
  client_.SendHeaders(1, upper, true);
  HeaderList no_path = {{":method", "POST"}, {":scheme", "http"}};
  client_.SendHeaders(3, no_path, true);
  for (uint32_t id : {1u, 3u}) {
    std::optional<Frame> reset = client_.NextOfType(FrameType::kRstStream);
    ASSERT_TRUE(reset);
    EXPECT_EQ(reset->stream_id, id);
    EXPECT_EQ(reset->error_code, ErrorCode::kProtocolError);
  }
  EXPECT_TRUE(recorded_.streams.empty());
}

TEST_F(ServerConnectionTest, AnOversizedHeaderListIsAnswered431) {
  ServerConnectionOptions options;
  options.max_header_list_size = 1024;
  Start(options);
  client_.Hello();
  HeaderList big = ScriptedClient::Request();
  big.push_back({"x-big", std::string(1500, 'x')});
  client_.SendHeaders(1, big, true);
  std::optional<Frame> headers = client_.NextOfType(FrameType::kHeaders);
  ASSERT_TRUE(headers);
  EXPECT_EQ(*FindHeader(client_.last_headers(), ":status"), "431");
  // The connection lives on.
  client_.SendHeaders(3, ScriptedClient::Request(), true);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.complete[3]; }));
}

TEST_F(ServerConnectionTest, DataOnAnIdleStreamIsAProtocolError) {
  Start();
  client_.Hello();
  client_.Send(EncodeData(5, "x", false));
  ExpectGoAway(ErrorCode::kProtocolError);
  EXPECT_TRUE(client_.WaitForClose());
}

TEST_F(ServerConnectionTest, AnEvenStreamIdIsAProtocolError) {
  Start();
  client_.Hello();
  client_.SendHeaders(2, ScriptedClient::Request(), true);
  ExpectGoAway(ErrorCode::kProtocolError);
}

TEST_F(ServerConnectionTest, GarbageHpackIsACompressionError) {
  Start();
  client_.Hello();
  client_.Send(EncodeHeaders(1, "\xff\xff\xff\xff", true));
  ExpectGoAway(ErrorCode::kCompressionError);
  EXPECT_TRUE(client_.WaitForClose());
}

TEST_F(ServerConnectionTest, OpenStreamsEndWhenTheConnectionBreaks) {
  Start();
  client_.Hello();
  client_.SendHeaders(1, ScriptedClient::Request(), false);
  client_.Send(EncodeData(1, "x", false));
  client_.Send(std::string("\x00\x00\x03\x08\x00\x00\x00\x00\x00", 9) +
               "abc");  // 3-byte WINDOW_UPDATE
  ExpectGoAway(ErrorCode::kFrameSizeError);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.closed.count(1) != 0; }));
  EXPECT_EQ(recorded_.closed[1], ErrorCode::kCancel);
}

TEST_F(ServerConnectionTest, DeadlineReachesTheObserver) {
  Start();
  client_.Hello();
  client_.SendHeaders(1, ScriptedClient::Request(), false);
  ASSERT_TRUE(recorded_.WaitFor([&] { return recorded_.streams.count(1) != 0; }));
  recorded_.Stream(1)->SetDeadline(std::chrono::steady_clock::now() + 20ms);
  EXPECT_TRUE(recorded_.WaitFor([&] { return recorded_.deadlines[1] == 1; }));
}

}  // namespace
}  // namespace kubepp::net::http2
