// HTTP/1.1 by hand on taken-over connections.
#include "net/raw_http.h"

#include <gtest/gtest.h>

namespace kubepp::net {
namespace {

TEST(RawHttp, StatusCodeOfAResponseHead) {
  EXPECT_EQ(StatusCodeOf("HTTP/1.1 101 Switching Protocols\r\n\r\n"), 101);
  EXPECT_EQ(StatusCodeOf("HTTP/1.1 404 Not Found\r\n"), 404);
  EXPECT_EQ(StatusCodeOf("HTTP/1.1 1x1 Odd\r\n"), -1);
  EXPECT_EQ(StatusCodeOf("SPDY/3 200 OK\r\n"), -1);
  EXPECT_EQ(StatusCodeOf("HTTP/1.1"), -1);
}

TEST(RawHttp, HeaderValuesAreFoundWhateverTheirCase) {
  const char head[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: SPDY/3.1\r\n"
                      "X-Stream-Protocol-Version:  v4.channel.k8s.io \r\n\r\n";
  EXPECT_EQ(HeaderValueOf(head, "x-stream-protocol-version"), "v4.channel.k8s.io");
  EXPECT_EQ(HeaderValueOf(head, "upgrade"), "SPDY/3.1");
  EXPECT_EQ(HeaderValueOf(head, "content-length"), "");
}

TEST(RawHttp, AResponseIsWrittenWhole) {
  HttpResponse r;
  r.status = 503;
  r.content_type = "text/plain";
  r.headers.emplace_back("Retry-After", "1");
  r.body = "busy";
  EXPECT_EQ(SerializeResponse(r),
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nRetry-After: 1\r\n"
            "Content-Length: 4\r\nConnection: close\r\n\r\nbusy");
  EXPECT_EQ(LowerAscii("Content-Length"), "content-length");
}

}  // namespace
}  // namespace kubepp::net
