#include "net/stream_translator/exec_bridge.h"

#include <gtest/gtest.h>

namespace kubepp::net::stream_translator {
namespace {

constexpr uint32_t kMask = 0x01020304;

// Plays kubectl (WebSocket v5) and the container runtime (SPDY server)
// around one bridge.
struct Peers {
  void Start(ExecStreams streams) {
    bridge_ = std::make_unique<ExecBridge>(streams);
    Exchange();
  }

  // Moves what the bridge wrote to each side into the fakes.
  void Exchange() {
    runtime_in_.Feed(bridge_->TakeForBackend());
    spdy::Frame f;
    spdy::FrameReader::Result r;
    while ((r = runtime_in_.Next(&f)) == spdy::FrameReader::Result::kFrame) runtime_got_.push_back(f);
    ASSERT_NE(r, spdy::FrameReader::Result::kError) << runtime_in_.error();
    client_in_.Feed(bridge_->TakeForClient());
    websocket::Event e;
    while (client_in_.Next(&e) == websocket::MessageReader::Result::kEvent) client_got_.push_back(e);
  }

  void ClientSends(std::string_view message) {
    bridge_->FromClient(websocket::EncodeFrame(websocket::Opcode::kBinary, message, true, kMask));
    Exchange();
  }

  void RuntimeSends(const std::string& bytes) {
    bridge_->FromBackend(bytes);
    Exchange();
  }

  // The stream ids of the SYN_STREAMs, by streamtype.
  std::map<std::string, uint32_t> OpenedStreams() {
    std::map<std::string, uint32_t> out;
    for (const auto& f : runtime_got_) {
      if (f.type != spdy::FrameType::kSynStream) continue;
      const std::string* type = spdy::FindHeader(f.headers, "streamtype");
      if (type) out[*type] = f.stream_id;
    }
    return out;
  }

  void ReplyAll() {
    std::string bytes;
    for (const auto& [type, id] : OpenedStreams()) bytes += runtime_out_.SynReply(id, {});
    RuntimeSends(bytes);
  }

  // Data the runtime got on stream `id`, and whether it was finished.
  std::pair<std::string, bool> StreamData(uint32_t id) {
    std::string data;
    bool fin = false;
    for (const auto& f : runtime_got_) {
      if (f.type == spdy::FrameType::kData && f.stream_id == id) {
        data += f.data;
        fin = fin || f.fin();
      }
    }
    return {data, fin};
  }

  // The client's messages on `channel`, concatenated (without the channel byte).
  std::string ClientChannel(uint8_t channel) {
    std::string out;
    for (const auto& e : client_got_) {
      if (e.kind == websocket::Event::Kind::kMessage && !e.payload.empty() &&
          static_cast<uint8_t>(e.payload[0]) == channel) {
        out += e.payload.substr(1);
      }
    }
    return out;
  }

  std::unique_ptr<ExecBridge> bridge_;
  spdy::FrameReader runtime_in_;
  spdy::FrameWriter runtime_out_;
  std::vector<spdy::Frame> runtime_got_;
  websocket::MessageReader client_in_{1 << 24, /*require_mask=*/false};
  std::vector<websocket::Event> client_got_;
};

class ExecBridgeTest : public ::testing::Test, public Peers {};

TEST_F(ExecBridgeTest, OpensTheStreamsTheQueryAsksFor) {
  Start({.input = true, .output = true, .error = true, .tty = false});
  auto streams = OpenedStreams();
  EXPECT_EQ(streams, (std::map<std::string, uint32_t>{{"error", 1}, {"stdin", 3}, {"stdout", 5}, {"stderr", 7}}));
  // The client learns the session is open: an empty stdout message.
  ASSERT_EQ(client_got_.size(), 1u);
  EXPECT_EQ(client_got_[0].payload, std::string(1, '\x01'));

  Peers tty;
  tty.Start({.input = true, .output = true, .error = true, .tty = true});
  EXPECT_EQ(tty.OpenedStreams(), (std::map<std::string, uint32_t>{{"error", 1}, {"stdin", 3}, {"stdout", 5}, {"resize", 7}}));

  Peers quiet;
  quiet.Start({.input = false, .output = false, .error = true, .tty = false});
  ASSERT_EQ(quiet.client_got_.size(), 1u);
  EXPECT_EQ(quiet.client_got_[0].payload, std::string(1, '\x02'));
}

TEST_F(ExecBridgeTest, HoldsStdinUntilTheRuntimeRepliesThenFinishesIt) {
  Start({.input = true, .output = true, .error = true, .tty = false});
  ClientSends(std::string("\x00" "hello ", 7));
  ClientSends(std::string("\xff\x00", 2));  // v5: stdin is over
  EXPECT_EQ(StreamData(3), std::make_pair(std::string(), false)) << "nothing before the reply";
  EXPECT_FALSE(bridge_->AllStreamsReplied());
  ReplyAll();
  EXPECT_TRUE(bridge_->AllStreamsReplied());
  EXPECT_EQ(StreamData(3), std::make_pair(std::string("hello "), true));
  ClientSends(std::string("\x00" "late", 5));
  EXPECT_EQ(StreamData(3).first, "hello ") << "nothing after the close";
}

TEST_F(ExecBridgeTest, OutputGoesToItsChannelAndTheStatusEndsTheSession) {
  Start({.input = false, .output = true, .error = true, .tty = false});
  ReplyAll();
  RuntimeSends(runtime_out_.Data(3, "out") + runtime_out_.Data(5, "err") + runtime_out_.Data(3, "put", true));
  EXPECT_EQ(ClientChannel(1), "output");
  EXPECT_EQ(ClientChannel(2), "err");
  EXPECT_EQ(bridge_->state(), Bridge::State::kRunning);
  const std::string exit3 =
      R"({"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}})";
  RuntimeSends(runtime_out_.Data(1, exit3.substr(0, 20)) + runtime_out_.Data(1, exit3.substr(20), true));
  EXPECT_EQ(ClientChannel(3), "") << "the status waits for stderr";
  RuntimeSends(runtime_out_.Data(5, "", true));
  EXPECT_EQ(ClientChannel(3), exit3);
  ASSERT_FALSE(client_got_.empty());
  EXPECT_EQ(client_got_.back().kind, websocket::Event::Kind::kClose);
  EXPECT_EQ(client_got_.back().close_code, websocket::kCloseNormal);
  EXPECT_EQ(runtime_got_.back().type, spdy::FrameType::kGoAway);
  EXPECT_EQ(bridge_->state(), Bridge::State::kAwaitingClientClose);
  bridge_->FromClient(websocket::EncodeClose(websocket::kCloseNormal, "", kMask));
  EXPECT_EQ(bridge_->state(), Bridge::State::kDone);
}

TEST_F(ExecBridgeTest, SuccessWhenTheRuntimeSendsNoStatus) {
  Start({.input = false, .output = true, .error = false, .tty = false});
  ReplyAll();
  RuntimeSends(runtime_out_.Data(1, "", true) + runtime_out_.RstStream(3, spdy::kCancel));
  EXPECT_EQ(ClientChannel(3), SuccessStatusJson());
}

TEST_F(ExecBridgeTest, ALostBackendIsAnInternalError) {
  Start({.input = false, .output = true, .error = false, .tty = false});
  ReplyAll();
  RuntimeSends(runtime_out_.Data(3, "partial"));
  bridge_->BackendEnded();
  Exchange();
  EXPECT_EQ(ClientChannel(1), "partial");
  EXPECT_NE(ClientChannel(3).find(R"("reason":"InternalError")"), std::string::npos) << ClientChannel(3);
  EXPECT_EQ(bridge_->state(), Bridge::State::kAwaitingClientClose);
}

TEST_F(ExecBridgeTest, GarbageFromTheBackendIsAnInternalError) {
  Start({.input = false, .output = true, .error = false, .tty = false});
  RuntimeSends(std::string("\x80\x02\x00\x01\x00\x00\x00\x00", 8));
  EXPECT_NE(ClientChannel(3).find("InternalError"), std::string::npos);
}

TEST_F(ExecBridgeTest, ResizeAndPingsAndRuntimeStreams) {
  Start({.input = true, .output = true, .error = false, .tty = true});
  ReplyAll();
  auto streams = OpenedStreams();
  ClientSends(std::string("\x04") + R"({"Width":80,"Height":24})");
  EXPECT_EQ(StreamData(streams["resize"]).first, R"({"Width":80,"Height":24})");
  bridge_->FromClient(websocket::EncodeFrame(websocket::Opcode::kPing, "hb", true, kMask));
  Exchange();
  EXPECT_EQ(client_got_.back().kind, websocket::Event::Kind::kPong);
  EXPECT_EQ(client_got_.back().payload, "hb");
  RuntimeSends(runtime_out_.Ping(2) + runtime_out_.SynStream(2, {}));
  ASSERT_GE(runtime_got_.size(), 2u);
  EXPECT_EQ(runtime_got_[runtime_got_.size() - 2].type, spdy::FrameType::kPing);
  EXPECT_EQ(runtime_got_.back().type, spdy::FrameType::kRstStream);
  EXPECT_EQ(runtime_got_.back().status, uint32_t{spdy::kRefusedStream});
}

TEST_F(ExecBridgeTest, AClientThatClosesOrMisbehavesEndsAtOnce) {
  Start({.input = true, .output = true, .error = false, .tty = false});
  bridge_->FromClient(websocket::EncodeClose(websocket::kCloseGoingAway, "", kMask));
  Exchange();
  EXPECT_EQ(bridge_->state(), Bridge::State::kDone);
  EXPECT_EQ(client_got_.back().close_code, websocket::kCloseGoingAway);

  Peers unmasked;
  unmasked.Start({.input = true, .output = true, .error = false, .tty = false});
  unmasked.bridge_->FromClient(websocket::EncodeFrame(websocket::Opcode::kBinary, "x"));
  unmasked.Exchange();
  EXPECT_EQ(unmasked.bridge_->state(), Bridge::State::kDone);
  EXPECT_EQ(unmasked.client_got_.back().close_code, websocket::kCloseProtocolError);
}

TEST_F(ExecBridgeTest, LargeStdinIsCutIntoFrames) {
  Start({.input = true, .output = true, .error = false, .tty = false});
  ReplyAll();
  std::string big(200000, 'q');
  ClientSends(std::string("\x00", 1) + big);
  EXPECT_EQ(StreamData(3).first, big);
  size_t frames = 0;
  for (const auto& f : runtime_got_) frames += f.type == spdy::FrameType::kData && f.stream_id == 3;
  EXPECT_GT(frames, 1u);
}

}  // namespace
}  // namespace kubepp::net::stream_translator
