#include "net/stream_translator/tunnel_bridge.h"

#include <gtest/gtest.h>

namespace kubepp::net::stream_translator {
namespace {

constexpr uint32_t kMask = 0x0a0b0c0d;

std::vector<websocket::Event> Messages(const std::string& bytes) {
  websocket::MessageReader reader(1 << 24, false);
  reader.Feed(bytes);
  std::vector<websocket::Event> out;
  websocket::Event e;
  while (reader.Next(&e) == websocket::MessageReader::Result::kEvent) out.push_back(e);
  return out;
}

TEST(TunnelBridge, UnwrapsAndWrapsBytes) {
  TunnelBridge bridge;
  bridge.FromClient(websocket::EncodeFrame(websocket::Opcode::kBinary, "\x80\x03", true, kMask) +
                    websocket::EncodeFrame(websocket::Opcode::kBinary, "\x00\x01", false, kMask).substr(0, 3));
  EXPECT_EQ(bridge.TakeForBackend(), "\x80\x03");
  bridge.FromBackend("spdy bytes");
  auto out = Messages(bridge.TakeForClient());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].opcode, websocket::Opcode::kBinary);
  EXPECT_EQ(out[0].payload, "spdy bytes");
}

TEST(TunnelBridge, BackendEndClosesNormallyAndWaitsForTheClient) {
  TunnelBridge bridge;
  bridge.BackendEnded();
  auto out = Messages(bridge.TakeForClient());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, websocket::Event::Kind::kClose);
  EXPECT_EQ(out[0].close_code, websocket::kCloseNormal);
  EXPECT_EQ(bridge.state(), Bridge::State::kAwaitingClientClose);
  bridge.FromClient(websocket::EncodeClose(websocket::kCloseNormal, "", kMask));
  EXPECT_EQ(bridge.state(), Bridge::State::kDone);
  EXPECT_TRUE(bridge.TakeForClient().empty()) << "the close was already sent";
}

TEST(TunnelBridge, ClientCloseAndPings) {
  TunnelBridge bridge;
  bridge.FromClient(websocket::EncodeFrame(websocket::Opcode::kPing, "x", true, kMask) +
                    websocket::EncodeClose(websocket::kCloseNormal, "", kMask));
  auto out = Messages(bridge.TakeForClient());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, websocket::Event::Kind::kPong);
  EXPECT_EQ(out[1].kind, websocket::Event::Kind::kClose);
  EXPECT_EQ(bridge.state(), Bridge::State::kDone);
}

TEST(TunnelBridge, LargeBackendWritesBecomeSeveralMessages) {
  TunnelBridge bridge;
  std::string big(100000, 'b');
  bridge.FromBackend(big);
  auto out = Messages(bridge.TakeForClient());
  ASSERT_GT(out.size(), 1u);
  std::string joined;
  for (auto& e : out) joined += e.payload;
  EXPECT_EQ(joined, big);
}

}  // namespace
}  // namespace kubepp::net::stream_translator
