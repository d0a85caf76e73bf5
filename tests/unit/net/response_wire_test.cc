#include "net/response_wire.h"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <sstream>

namespace kubepp::net {
namespace {

namespace http = boost::beast::http;

// What Beast's serializer wrote for the response, built as the server built it before.
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

std::string Wire(const HttpResponse& r, bool keep_alive, bool head_request = false) {
  return ResponseHead(r, keep_alive) + (ResponseSendsBody(r, head_request) ? r.body : "");
}

TEST(ResponseWireTest, WritesWhatBeastWroteForHeadersThatDoNotRepeat) {
  HttpResponse created{201,
                       "application/json",
                       {{"Audit-Id", "a1"}, {"Cache-Control", "no-cache, private"}},
                       R"({"kind":"Pod"})"};
  HttpResponse text{200, "text/plain", {{"X-A", "1"}}, "ok"};
  HttpResponse empty{200, "application/json", {}, ""};
  HttpResponse unknown{299, "application/json", {}, "{}"};
  for (const HttpResponse* r : {&created, &text, &empty, &unknown}) {
    for (bool keep_alive : {true, false}) {
      EXPECT_EQ(Wire(*r, keep_alive), BeastWire(*r, keep_alive)) << r->status << " " << keep_alive;
    }
  }
}

// One Warning header per warning, as upstream sends them; Beast kept only the last.
TEST(ResponseWireTest, RepeatedHeadersAllGoOut) {
  HttpResponse r{
      200, "application/json", {{"Warning", "299 - \"one\""}, {"Warning", "299 - \"two\""}}, "{}"};
  EXPECT_EQ(Wire(r, true),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nWarning: 299 - \"one\"\r\n"
            "Warning: 299 - \"two\"\r\nContent-Length: 2\r\n\r\n{}");
}

TEST(ResponseWireTest, ContentTypeMayBeReplacedButContentLengthIsTheBodys) {
  HttpResponse r{422,
                 "application/json",
                 {{"content-type", "application/yaml"}, {"Content-Length", "99"}},
                 "a: b\n"};
  EXPECT_EQ(Wire(r, true),
            "HTTP/1.1 422 Unprocessable Entity\r\nContent-Type: "
            "application/yaml\r\nContent-Length: 5\r\n\r\na: b\n");
}

// As upstream's Go server sends them: no body and no Content-Length (Beast wrote
// "Content-Length: 0", and threw on a body).
TEST(ResponseWireTest, StatusesWithoutABodySendNone) {
  HttpResponse no_content{204, "application/json", {{"Audit-Id", "a"}}, ""};
  EXPECT_EQ(Wire(no_content, true),
            "HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nAudit-Id: a\r\n\r\n");
  HttpResponse not_modified{304, "application/json", {}, "stale"};
  EXPECT_EQ(
      Wire(not_modified, false),
      "HTTP/1.1 304 Not Modified\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
}

// A reply to HEAD is a GET reply's head: its Content-Length, no body (which a client that keeps
// the connection would read as the start of the next response).
TEST(ResponseWireTest, AReplyToHeadKeepsTheLengthButNotTheBody) {
  HttpResponse r{200, "application/json", {}, R"({"kind":"Pod"})"};
  EXPECT_EQ(Wire(r, true, /*head_request=*/true),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n");
}

}  // namespace
}  // namespace kubepp::net
