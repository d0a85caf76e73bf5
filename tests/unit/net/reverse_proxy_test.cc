// ReverseProxy behind a real net::HttpServer: Upgrade requests relayed to a
// fake streaming backend (101 then bytes both ways, error answers verbatim,
// invalid answers and unreachable backends reported), and plain requests
// relayed as streams (each piece flushed, errors translated or passed on, a
// departing client ending the backend request, client certificates towards
// TLS backends).
#include "net/reverse_proxy.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "fakes/raw_peers.h"
#include "net/http_server.h"
#include "net/https_client.h"
#include "net/pki.h"

namespace kubepp::net {
namespace {

using namespace std::chrono_literals;
using testing::FakeUpgradeBackend;
using testing::TlsTestClient;

const char kUpgradeRequest[] =
    "POST /exec/ns/pod/c?command=sh&input=1 HTTP/1.1\r\n"
    "Host: front\r\n"
    "Connection: Upgrade\r\n"
    "Upgrade: SPDY/3.1\r\n"
    "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

ProxyHooks TestHooks() {
  ProxyHooks hooks;
  hooks.on_failure = [](ProxyFailure kind, const Status& st) {
    HttpResponse r;
    r.status = kind == ProxyFailure::kUnreachable ? 503 : 500;
    r.content_type = "text/plain";
    r.body = "proxy failure: " + st.message();
    return r;
  };
  return hooks;
}

// A TLS backend that streams pieces the test releases one at a time.
class StreamingBackend {
 public:
  void Release(std::string piece) {
    std::shared_ptr<Responder> out;
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, 10s, [&] { return out_ != nullptr; });
      out = out_;
    }
    if (out) out->Write(std::move(piece));
  }
  void End() {
    std::lock_guard lock(mu_);
    if (out_) out_->End();
  }
  Handler handler() {
    return [this](HttpRequest& req, std::shared_ptr<Responder> out) {
      {
        std::lock_guard lock(mu_);
        request_target_ = req.target;
        peer_ = req.peer;
        out_ = out;
      }
      out->OnClose([this] {
        std::lock_guard lock(mu_);
        closed_ = true;
        cv_.notify_all();
      });
      out->StartStream(200, "text/plain", {{"X-Backend", "yes"}});
      cv_.notify_all();
    };
  }
  bool WaitClosed() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, 10s, [&] { return closed_; });
  }
  std::string target() {
    std::lock_guard lock(mu_);
    return request_target_;
  }
  PeerIdentity peer() {
    std::lock_guard lock(mu_);
    return peer_;
  }

  // Lets go of the response while its server's io_context still exists.
  void Drop() {
    std::lock_guard lock(mu_);
    out_.reset();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<Responder> out_;
  std::string request_target_;
  PeerIdentity peer_;
  bool closed_ = false;
};

class ReverseProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "reverse_proxy_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto pki = EnsurePki({dir_ + "/pki", {}});
    ASSERT_TRUE(pki.ok()) << pki.status().ToString();
    pki_ = *pki;
  }
  void TearDown() override {
    if (front_) front_->Stop();
    if (backend_server_) backend_server_->Stop();
    stream_.Drop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::unique_ptr<HttpServer> StartServer(Handler handler) {
    HttpServerOptions o;
    o.bind_address = "127.0.0.1";
    o.port = 0;
    o.cert_file = pki_.serving_cert;
    o.key_file = pki_.serving_key;
    o.client_ca_file = pki_.ca_cert;
    auto s = HttpServer::Start(o, std::move(handler));
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }

  // The front server proxies every request to `backend` with `hooks`.
  void StartFront(BackendUrl backend, ProxyHooks hooks, BackendTls tls = {}) {
    auto proxy = ReverseProxy::Create(tls);
    ASSERT_TRUE(proxy.ok()) << proxy.status().ToString();
    proxy_ = std::move(*proxy);
    proxy_->SetDialTimeout(5s);
    front_ = StartServer([this, backend, hooks](HttpRequest& req, std::shared_ptr<Responder> out) {
      ProxyRequest p;
      p.method = req.method;
      p.backend = backend;
      p.upgrade = IsUpgradeRequest(req);
      p.headers = ForwardedHeaders(req, p.upgrade);
      p.body = req.body;
      proxy_->Forward(std::move(p), std::move(out), hooks);
    });
    ASSERT_NE(front_, nullptr);
  }

  BackendUrl Url(uint16_t port, bool tls, std::string target) {
    BackendUrl u;
    u.tls = tls;
    u.host = "127.0.0.1";
    u.port = port;
    u.target = std::move(target);
    return u;
  }

  HttpsClientOptions FrontClientOptions() const {
    HttpsClientOptions o;
    o.host = "127.0.0.1";
    o.port = front_->port();
    o.ca_file = pki_.ca_cert;
    o.cert_file = pki_.admin_cert;
    o.key_file = pki_.admin_key;
    o.timeout = 10s;
    return o;
  }

  std::string dir_;
  PkiPaths pki_;
  // Outlives the servers (TearDown stops them first): their callbacks use it.
  StreamingBackend stream_;
  std::unique_ptr<ReverseProxy> proxy_;
  std::unique_ptr<HttpServer> front_;
  std::unique_ptr<HttpServer> backend_server_;
};

TEST_F(ReverseProxyTest, UpgradeRelaysTheSwitchThenBytesBothWays) {
  FakeUpgradeBackend backend(
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
      "X-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\nearly-frame",
      /*echo=*/true);
  StartFront(Url(backend.port(), false, "/exec/Tok3n?x=1"), TestHooks());

  TlsTestClient client;
  ASSERT_TRUE(client.Connect(front_->port(), pki_.admin_cert, pki_.admin_key));
  ASSERT_TRUE(client.Write(kUpgradeRequest));
  std::string got = client.ReadUntilContains("early-frame");
  EXPECT_EQ(got.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u) << got;
  EXPECT_NE(got.find("X-Stream-Protocol-Version: v4.channel.k8s.io"), std::string::npos) << got;

  // The backend saw the upgrade with the client's protocol headers, aimed at its own URL.
  ASSERT_TRUE(backend.WaitFor([&] { return !backend.heads_locked().empty(); }));
  std::string head = backend.heads()[0];
  EXPECT_EQ(head.rfind("POST /exec/Tok3n?x=1 HTTP/1.1\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("Host: 127.0.0.1:" + std::to_string(backend.port()) + "\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("connection: Upgrade\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("upgrade: SPDY/3.1\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("x-stream-protocol-version: v4.channel.k8s.io\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("x-forwarded-for: 127.0.0.1\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Host: front"), std::string::npos) << head;

  // Bytes flow both ways, in order, for as long as both sides stay.
  client.ClearReceived();
  ASSERT_TRUE(client.Write("hello "));
  EXPECT_EQ(client.ReadUntilContains("HELLO "), "HELLO ");
  ASSERT_TRUE(client.Write("again"));
  EXPECT_EQ(client.ReadUntilContains("AGAIN"), "HELLO AGAIN");

  // The client leaving closes the backend connection.
  client.Close();
  EXPECT_TRUE(backend.WaitFor([&] { return backend.closed_locked() == 1; }));
  EXPECT_EQ(backend.body(), "hello again");
}

TEST_F(ReverseProxyTest, UpgradeRefusedByTheBackendReachesTheClientVerbatim) {
  const std::string refusal =
      "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 52\r\n\r\n"
      "you must specify at least 1 of stdin, stdout, stderr";
  FakeUpgradeBackend backend(refusal, /*echo=*/false);
  StartFront(Url(backend.port(), false, "/exec/x"), TestHooks());
  TlsTestClient client;
  ASSERT_TRUE(client.Connect(front_->port(), pki_.admin_cert, pki_.admin_key));
  ASSERT_TRUE(client.Write(kUpgradeRequest));
  EXPECT_EQ(client.ReadUntilContains("stderr"), refusal);
}

TEST_F(ReverseProxyTest, UpgradeAnsweredWithoutSwitchingIsAFailure) {
  FakeUpgradeBackend backend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", /*echo=*/false);
  StartFront(Url(backend.port(), false, "/exec/x"), TestHooks());
  TlsTestClient client;
  ASSERT_TRUE(client.Connect(front_->port(), pki_.admin_cert, pki_.admin_key));
  ASSERT_TRUE(client.Write(kUpgradeRequest));
  ASSERT_TRUE(client.ReadUntilClosed());
  const std::string& got = client.received();
  EXPECT_EQ(got.rfind("HTTP/1.1 500 Internal Server Error\r\n", 0), 0u) << got;
  EXPECT_NE(got.find("\r\n\r\nproxy failure: invalid upgrade response: status code 200"), std::string::npos) << got;
}

TEST_F(ReverseProxyTest, UnreachableBackendIsReportedAsGoWordsIt) {
  // A port nobody listens on: bind one, note it, close it.
  uint16_t dead_port;
  {
    FakeUpgradeBackend gone("", false);
    dead_port = gone.port();
  }
  StartFront(Url(dead_port, false, "/exec/x"), TestHooks());
  TlsTestClient client;
  ASSERT_TRUE(client.Connect(front_->port(), pki_.admin_cert, pki_.admin_key));
  ASSERT_TRUE(client.Write(kUpgradeRequest));
  ASSERT_TRUE(client.ReadUntilClosed());
  const std::string& got = client.received();
  EXPECT_EQ(got.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u) << got;
  EXPECT_NE(got.find("proxy failure: dial tcp 127.0.0.1:" + std::to_string(dead_port) +
                     ": connect: connection refused"),
            std::string::npos)
      << got;
}

TEST_F(ReverseProxyTest, PlainRequestsStreamEachPieceAsItArrives) {
  StreamingBackend& stream = stream_;
  backend_server_ = StartServer(stream.handler());
  ASSERT_NE(backend_server_, nullptr);
  BackendTls tls;
  tls.cert_file = pki_.kubelet_client_cert;
  tls.key_file = pki_.kubelet_client_key;
  StartFront(Url(backend_server_->port(), true, "/containerLogs/ns/pod/c?follow=true"), TestHooks(), tls);

  auto client = HttpsClient::Create(FrontClientOptions());
  ASSERT_TRUE(client.ok());
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> lines;
  std::thread releaser([&] {
    stream.Release("first line\n");
    // The second piece is only released once the first reached the client.
    {
      std::unique_lock lock(mu);
      cv.wait_for(lock, 10s, [&] { return !lines.empty(); });
    }
    stream.Release("second ");
    stream.Release("line\n");
    stream.End();
  });
  auto code = (*client)->Watch("/logs", [&](std::string_view line) {
    std::lock_guard lock(mu);
    lines.emplace_back(line);
    cv.notify_all();
    return true;
  });
  releaser.join();
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, 200);
  EXPECT_EQ(lines, (std::vector<std::string>{"first line", "second line"}));
  // The backend got the proxy's own URL and its client certificate.
  EXPECT_EQ(stream.target(), "/containerLogs/ns/pod/c?follow=true");
  EXPECT_TRUE(stream.peer().verified);
  EXPECT_EQ(stream.peer().common_name, "kube-apiserver-kubelet-client");
}

TEST_F(ReverseProxyTest, AClientThatLeavesEndsTheBackendRequest) {
  StreamingBackend& stream = stream_;
  backend_server_ = StartServer(stream.handler());
  ASSERT_NE(backend_server_, nullptr);
  StartFront(Url(backend_server_->port(), true, "/follow"), TestHooks());
  TlsTestClient client;
  ASSERT_TRUE(client.Connect(front_->port(), pki_.admin_cert, pki_.admin_key));
  ASSERT_TRUE(client.Write("GET /x HTTP/1.1\r\nHost: front\r\n\r\n"));
  stream.Release("tick\n");
  std::string got = client.ReadUntilContains("tick\n");
  EXPECT_EQ(got.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << got;
  EXPECT_NE(got.find("X-Backend: yes\r\n"), std::string::npos) << got;
  EXPECT_NE(got.find("Transfer-Encoding: chunked\r\n"), std::string::npos) << got;
  client.Close();
  EXPECT_TRUE(stream.WaitClosed());
}

TEST_F(ReverseProxyTest, ErrorAnswersAreTranslatedOrPassedOn) {
  backend_server_ = StartServer([](HttpRequest& req, std::shared_ptr<Responder> out) {
    HttpResponse r;
    r.status = req.path == "/missing" ? 404 : 400;
    r.content_type = "text/plain";
    r.body = "container \"c\" in pod \"p\" is waiting to start: ContainerCreating";
    out->Respond(std::move(r));
  });
  ASSERT_NE(backend_server_, nullptr);
  ProxyHooks hooks = TestHooks();
  hooks.on_error_answer = [](int code, const std::string& body) -> std::optional<HttpResponse> {
    if (code == 404) return std::nullopt;  // passed on as it is
    return HttpResponse{code, "application/json", {}, "{\"message\":\"" + std::to_string(code) + ": " + body + "\"}"};
  };
  const uint16_t port = backend_server_->port();
  auto proxy = ReverseProxy::Create({});
  ASSERT_TRUE(proxy.ok());
  proxy_ = std::move(*proxy);
  front_ = StartServer([this, port, hooks](HttpRequest& req, std::shared_ptr<Responder> out) {
    ProxyRequest p;
    p.backend = Url(port, true, req.path);
    p.headers = ForwardedHeaders(req, false);
    proxy_->Forward(std::move(p), std::move(out), hooks);
  });
  auto client = HttpsClient::Create(FrontClientOptions());
  ASSERT_TRUE(client.ok());
  auto translated = (*client)->Request("GET", "/bad");
  ASSERT_TRUE(translated.ok()) << translated.status().ToString();
  EXPECT_EQ(translated->code, 400);
  EXPECT_EQ(translated->body, "{\"message\":\"400: container \"c\" in pod \"p\" is waiting to start: ContainerCreating\"}");
  ASSERT_NE(translated->Header("content-type"), nullptr);
  EXPECT_EQ(*translated->Header("content-type"), "application/json");

  auto client2 = HttpsClient::Create(FrontClientOptions());
  ASSERT_TRUE(client2.ok());
  auto passed = (*client2)->Request("GET", "/missing");
  ASSERT_TRUE(passed.ok()) << passed.status().ToString();
  EXPECT_EQ(passed->code, 404);
  EXPECT_EQ(passed->body, "container \"c\" in pod \"p\" is waiting to start: ContainerCreating");
}

TEST(ForwardedHeadersTest, DropsHopByHopHeadersUnlessUpgrading) {
  HttpRequest req;
  req.remote_address = "10.1.2.3:5555";
  req.headers = {{"host", "api"},           {"authorization", "Bearer x"}, {"connection", "keep-alive, x-private"},
                 {"keep-alive", "300"},     {"x-private", "1"},            {"accept", "*/*"},
                 {"x-forwarded-for", "1.1.1.1"}, {"content-length", "0"}, {"upgrade", "SPDY/3.1"}};
  Headers plain = ForwardedHeaders(req, false);
  EXPECT_EQ(plain, (Headers{{"accept", "*/*"}, {"x-forwarded-for", "1.1.1.1, 10.1.2.3"}}));
  Headers upgrade = ForwardedHeaders(req, true);
  EXPECT_EQ(upgrade, (Headers{{"connection", "keep-alive, x-private"},
                              {"keep-alive", "300"},
                              {"x-private", "1"},
                              {"accept", "*/*"},
                              {"upgrade", "SPDY/3.1"},
                              {"x-forwarded-for", "1.1.1.1, 10.1.2.3"}}));
  EXPECT_FALSE(IsUpgradeRequest(req));
  req.headers.push_back({"connection", "Upgrade"});
  EXPECT_TRUE(IsUpgradeRequest(req));
}

TEST(BackendUrlTest, ParsesWhatRuntimesAndKubeletsHandOut) {
  auto u = ParseBackendUrl("http://127.0.0.1:38417/exec/Xj4f2");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 38417);
  EXPECT_EQ(u->target, "/exec/Xj4f2");
  auto v = ParseBackendUrl("https://[fd00::5]/containerLogs/a/b/c?follow=true");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->tls);
  EXPECT_EQ(v->host, "fd00::5");
  EXPECT_EQ(v->port, 443);
  EXPECT_EQ(v->HostPort(), "[fd00::5]:443");
  EXPECT_EQ(v->ToString(), "https://[fd00::5]:443/containerLogs/a/b/c?follow=true");
  auto w = ParseBackendUrl("http://node-1:10250?x=1");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->target, "/?x=1");
  EXPECT_FALSE(ParseBackendUrl("ftp://x/").ok());
  EXPECT_FALSE(ParseBackendUrl("http://:80/").ok());
  EXPECT_FALSE(ParseBackendUrl("http://x:99999/").ok());
  EXPECT_FALSE(ParseBackendUrl("127.0.0.1:80").ok());
}

}  // namespace
}  // namespace kubepp::net
