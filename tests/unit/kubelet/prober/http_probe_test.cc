#include "kubelet/prober/http_probe.h"

#include <atomic>
#include <filesystem>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "net/http_server.h"
#include "net/pki.h"
#include "unit/kubelet/prober/local_servers.h"

namespace kubepp::kubelet::prober {
namespace {
namespace json = boost::json;
using testing::ClosedPort;
using testing::HttpTestServer;
using testing::LocalServer;

ProbeSpec HttpSpec(int port, std::string path) {
  ProbeSpec spec;
  spec.handler = ProbeSpec::Handler::kHttpGet;
  spec.http_port.number = port;
  spec.http_path = std::move(path);
  return spec;
}

HttpProbeRequest Request(int port, std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  ProbeSpec spec = HttpSpec(port, std::move(path));
  spec.http_headers = std::move(headers);
  auto req = NewHttpProbeRequest(spec, json::object{}, "127.0.0.1");
  EXPECT_TRUE(req.ok()) << req.status().ToString();
  return *req;
}

constexpr std::chrono::milliseconds kTimeout{2000};

TEST(HttpProbe, SuccessSendsUpstreamsHeaders) {
  HttpTestServer server([](const std::string&) { return HttpTestServer::Response(200, "ok"); });
  ProbeOutcome out = DoHttpProbe(Request(server.port(), "/healthz?full=1", {{"x-custom", "a"}, {"X-Custom", "b"}}),
                                 kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kSuccess);
  EXPECT_EQ(out.output, "ok");
  ASSERT_EQ(server.Requests().size(), 1u);
  const std::string head = server.Requests()[0];
  EXPECT_TRUE(head.starts_with("GET /healthz?full=1 HTTP/1.1\r\n")) << head;
  EXPECT_NE(head.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("User-Agent: kube-probe/1.32\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Accept: */*\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Custom: a\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Custom: b\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos) << head;
}

TEST(HttpProbe, HeadersOverrideTheDefaults) {
  HttpTestServer server([](const std::string&) { return HttpTestServer::Response(204, ""); });
  ProbeOutcome out = DoHttpProbe(
      Request(server.port(), "", {{"Host", "example.com"}, {"user-agent", "mine/1"}, {"Accept", ""}}), kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kSuccess);
  const std::string head = server.Requests().at(0);
  EXPECT_TRUE(head.starts_with("GET / HTTP/1.1\r\n")) << head;
  EXPECT_NE(head.find("Host: example.com\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("User-Agent: mine/1\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Accept:"), std::string::npos) << head;
  EXPECT_EQ(head.find("kube-probe"), std::string::npos) << head;
}

TEST(HttpProbe, ErrorStatusFailsWithoutTheBody) {
  HttpTestServer server([](const std::string&) { return HttpTestServer::Response(503, "secret details"); });
  ProbeOutcome out = DoHttpProbe(Request(server.port(), "/"), kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_EQ(out.output, "HTTP probe failed with statuscode: 503");
  EXPECT_TRUE(out.error.ok());
}

TEST(HttpProbe, FollowsRedirectsOnTheSameHost) {
  HttpTestServer server([](const std::string& path) {
    if (path == "/start") return HttpTestServer::Response(302, "", "Location: /next\r\n");
    if (path == "/next") return HttpTestServer::Response(301, "", "Location: up/final\r\n");
    return HttpTestServer::Response(path == "/up/final" ? 200 : 404, "done");
  });
  ProbeOutcome out = DoHttpProbe(Request(server.port(), "/start"), kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kSuccess) << out.output;
  EXPECT_EQ(server.Requests().size(), 3u);
}

TEST(HttpProbe, RedirectToAnotherHostIsAWarning) {
  int port = 0;
  HttpTestServer server([&port](const std::string&) {
    return HttpTestServer::Response(302, "moved", "Location: http://localhost:" + std::to_string(port) + "/x\r\n");
  });
  port = server.port();
  ProbeOutcome out = DoHttpProbe(Request(server.port(), "/"), kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kWarning);
  EXPECT_EQ(out.output, "Probe terminated redirects, Response body: moved");
  EXPECT_EQ(server.Requests().size(), 1u);
}

TEST(HttpProbe, RedirectLoopStopsAfterTenRequests) {
  HttpTestServer server([](const std::string&) { return HttpTestServer::Response(307, "", "Location: /loop\r\n"); });
  ProbeOutcome out = DoHttpProbe(Request(server.port(), "/loop"), kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_EQ(out.output,
            "Get \"http://127.0.0.1:" + std::to_string(server.port()) + "/loop\": stopped after 10 redirects");
  EXPECT_EQ(server.Requests().size(), 10u);
}

TEST(HttpProbe, ConnectionRefused) {
  int port = ClosedPort();
  ProbeOutcome out = DoHttpProbe(Request(port, "/healthz"), kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  std::string target = "127.0.0.1:" + std::to_string(port);
  EXPECT_EQ(out.output, "Get \"http://" + target + "/healthz\": dial tcp " + target + ": connect: connection refused");
}

TEST(HttpProbe, NoAnswerWithinTheTimeout) {
  // Accepts, reads, never answers; holds the connection until the client goes.
  LocalServer server([](int fd) {
    testing::ReadRequestHead(fd);
    pollfd p{fd, POLLIN, 0};
    poll(&p, 1, 5000);
  });
  ProbeOutcome out = DoHttpProbe(Request(server.port(), "/slow"), std::chrono::milliseconds(300));
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_EQ(out.output, "Get \"http://127.0.0.1:" + std::to_string(server.port()) +
                            "/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
}

TEST(HttpProbe, HttpsAnsweredInPlainHttpFailsWithGosText) {
  std::atomic<int> tls_attempts{0};
  LocalServer server(testing::PlainHttpMeetingTls(
      [](const std::string&) { return HttpTestServer::Response(200, "ok"); }, &tls_attempts));
  ProbeSpec spec = HttpSpec(server.port(), "/healthz");
  spec.http_scheme = "HTTPS";
  auto request = NewHttpProbeRequest(spec, json::object{}, "127.0.0.1");
  ASSERT_TRUE(request.ok());
  ProbeOutcome out = DoHttpProbe(*request, kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kFailure);
  EXPECT_EQ(out.output, "Get \"https://127.0.0.1:" + std::to_string(server.port()) +
                            "/healthz\": http: server gave HTTP response to HTTPS client");
  EXPECT_EQ(tls_attempts.load(), 1) << "a probe does not fall back to http";
}

TEST(HttpProbe, ReadsAtMostTenKiB) {
  std::string big(64 * 1024, 'x');
  HttpTestServer server([&](const std::string&) { return HttpTestServer::Response(200, big); });
  ProbeOutcome out = DoHttpProbe(Request(server.port(), "/"), kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kSuccess);
  EXPECT_LE(out.output.size(), 10u * 1024);
}

TEST(HttpProbe, PortByNameAndDefaults) {
  json::object container{{"ports", json::array{json::object{{"name", "http"}, {"containerPort", 8080}}}}};
  ProbeSpec spec = HttpSpec(0, "/h");
  spec.http_port = PortRef{true, 0, "http"};
  spec.http_scheme = "HTTPS";
  auto req = NewHttpProbeRequest(spec, container, "10.1.2.3");
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->Url(), "https://10.1.2.3:8080/h");
  spec.http_port = PortRef{true, 0, "9090"};
  EXPECT_EQ(NewHttpProbeRequest(spec, container, "10.1.2.3")->port, 9090);
  spec.http_port = PortRef{true, 0, "metrics"};
  EXPECT_EQ(NewHttpProbeRequest(spec, container, "10.1.2.3").status().message(),
            "strconv.Atoi: parsing \"metrics\": invalid syntax");
  spec.http_host = "fd00::1";
  spec.http_port = PortRef{false, 80, ""};
  spec.http_path = "";
  EXPECT_EQ(NewHttpProbeRequest(spec, container, "10.1.2.3")->Url(), "https://[fd00::1]:80");
}

TEST(HttpProbe, CanonicalHeaderKeys) {
  EXPECT_EQ(CanonicalHeaderKey("x-forwarded-for"), "X-Forwarded-For");
  EXPECT_EQ(CanonicalHeaderKey("ACCEPT"), "Accept");
  EXPECT_EQ(CanonicalHeaderKey("bad key"), "bad key");
}

// HTTPS without verification, against kubepp's own TLS server.
TEST(HttpProbe, HttpsIsNotVerified) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kubepp-probe-tls-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  net::PkiOptions pki_options;
  pki_options.dir = dir.string();
  auto pki = net::EnsurePki(pki_options);
  ASSERT_TRUE(pki.ok()) << pki.status().ToString();
  net::HttpServerOptions options;
  options.bind_address = "127.0.0.1";
  options.port = 0;
  options.cert_file = pki->serving_cert;
  options.key_file = pki->serving_key;
  options.threads = 1;
  auto server = net::HttpServer::Start(options, [](const net::HttpRequest& req, std::shared_ptr<net::Responder> r) {
    net::HttpResponse resp;
    resp.status = req.path == "/ok" ? 200 : 500;
    resp.content_type = "text/plain";
    resp.body = "tls " + req.path;
    r->Respond(std::move(resp));
  });
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ProbeSpec spec = HttpSpec((*server)->port(), "/ok");
  spec.http_scheme = "HTTPS";
  auto req = NewHttpProbeRequest(spec, json::object{}, "127.0.0.1");
  ProbeOutcome out = DoHttpProbe(*req, kTimeout);
  EXPECT_EQ(out.kind, ProbeOutcome::Kind::kSuccess) << out.output;
  EXPECT_EQ(out.output, "tls /ok");
  (*server)->Stop();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kubepp::kubelet::prober
