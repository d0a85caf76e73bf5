#include "net/websocket/handshake.h"

#include <gtest/gtest.h>

namespace kubepp::net::websocket {
namespace {

HttpRequest Upgrade(std::string key = "dGhlIHNhbXBsZSBub25jZQ==") {
  HttpRequest r;
  r.method = "GET";
  r.headers = {{"connection", "keep-alive, Upgrade"},
               {"upgrade", "WebSocket"},
               {"sec-websocket-version", "13"},
               {"sec-websocket-key", key},
               {"sec-websocket-protocol", "v5.channel.k8s.io, v4.channel.k8s.io"},
               {"sec-websocket-protocol", "base64.channel.k8s.io"}};
  return r;
}

TEST(Handshake, AcceptValueOfTheRfcExample) {
  // RFC 6455 section 1.3.
  EXPECT_EQ(AcceptValue("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(Handshake, RecognisesWebSocketUpgrades) {
  EXPECT_TRUE(IsWebSocketRequest(Upgrade()));
  HttpRequest spdy = Upgrade();
  spdy.headers[1].second = "SPDY/3.1";
  EXPECT_FALSE(IsWebSocketRequest(spdy));
  HttpRequest no_connection = Upgrade();
  no_connection.headers[0].second = "keep-alive";
  EXPECT_FALSE(IsWebSocketRequest(no_connection));
}

TEST(Handshake, OfferedProtocolsFromEveryHeader) {
  EXPECT_EQ(OfferedProtocols(Upgrade()),
            (std::vector<std::string>{"v5.channel.k8s.io", "v4.channel.k8s.io", "base64.channel.k8s.io"}));
  EXPECT_TRUE(Offers(Upgrade(), "v4.channel.k8s.io"));
  EXPECT_FALSE(Offers(Upgrade(), "V5.channel.k8s.io"));
  EXPECT_FALSE(Offers(Upgrade(), "SPDY/3.1+portforward.k8s.io"));
}

TEST(Handshake, AcceptResponseNamesTheProtocol) {
  auto answer = AcceptResponse(Upgrade(), "v5.channel.k8s.io");
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  EXPECT_EQ(*answer,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n");
  auto bare = AcceptResponse(Upgrade(), "");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->find("Sec-WebSocket-Protocol"), std::string::npos);
}

TEST(Handshake, RefusesMalformedHandshakes) {
  HttpRequest post = Upgrade();
  post.method = "POST";
  EXPECT_FALSE(AcceptResponse(post, "").ok());
  EXPECT_FALSE(AcceptResponse(Upgrade("short=="), "").ok());
  EXPECT_FALSE(AcceptResponse(Upgrade("dGhlIHNhbXBsZSBub25jZQ!!"), "").ok());
  HttpRequest old = Upgrade();
  old.headers[2].second = "8";
  EXPECT_FALSE(AcceptResponse(old, "").ok());
}

}  // namespace
}  // namespace kubepp::net::websocket
