#include "net/response_wire.h"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <sstream>

namespace kubepp::net {
namespace {

namespace http = boost::beast::http;

// What Beast's serializer writes for the response, built as the server built it before.
std::string BeastWire(const HttpResponse& r, bool keep_alive) {
  http::response<http::string_body> res;
  res.result(static_cast<unsigned>(r.status));
  res.version(11);
  res.set(http::field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) res.set(k, v);
  res.body() = r.body;
  res.keep_alive(keep_alive);
  res.prepare_payload();
  std::ostringstream out;
  out << res;
  return out.str();
}

TEST(ResponseWireTest, WritesWhatBeastWrites) {
  HttpResponse created{201,
                       "application/json",
                       {{"Audit-Id", "a1"}, {"Cache-Control", "no-cache, private"}},
                       R"({"kind":"Pod"})"};
  HttpResponse repeated{200,
                        "text/plain",
                        {{"Warning", "299 - \"one\""}, {"X-A", "1"}, {"warning", "299 - \"two\""}},
                        "ok"};
  HttpResponse retyped{
      422, "application/json", {{"content-type", "application/yaml"}}, "kind: Status\n"};
  HttpResponse empty{200, "application/json", {}, ""};
  HttpResponse unknown{299, "application/json", {}, "{}"};
  for (const HttpResponse* r : {&created, &repeated, &retyped, &empty, &unknown}) {
    for (bool keep_alive : {true, false}) {
      EXPECT_EQ(ResponseWire(*r, keep_alive), BeastWire(*r, keep_alive))
          << r->status << " " << keep_alive;
    }
  }
}

// As upstream's Go server sends them: no body and no Content-Length (Beast wrote
// "Content-Length: 0", and threw on a body).
TEST(ResponseWireTest, StatusesWithoutABodySendNone) {
  HttpResponse no_content{204, "application/json", {{"Audit-Id", "a"}}, ""};
  EXPECT_EQ(ResponseWire(no_content, true),
            "HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nAudit-Id: a\r\n\r\n");
  HttpResponse not_modified{304, "application/json", {}, "stale"};
  EXPECT_EQ(
      ResponseWire(not_modified, false),
      "HTTP/1.1 304 Not Modified\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
}

TEST(ResponseWireTest, TheBodysOwnLengthGoesOut) {
  HttpResponse r{200, "application/json", {{"Content-Length", "99"}}, "{}"};
  EXPECT_EQ(ResponseWire(r, true), BeastWire(r, true));
  EXPECT_EQ(ResponseWire(r, true),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
}

}  // namespace
}  // namespace kubepp::net
