// The kubelet's HTTPS API against real clients on loopback: who may call it,
// /healthz and /pods, container logs (options, upstream's error answers,
// following a growing file until the container stops or the client leaves),
// and exec/attach/port-forward proxied to a fake runtime streaming server.
#include "kubelet/server/kubelet_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <boost/json/parse.hpp>

#include "fakes/raw_peers.h"
#include "kubelet/server/auth.h"
#include "kubelet/server/serving_cert.h"
#include "net/https_client.h"
#include "net/pki.h"

namespace kubepp::kubelet::server {
namespace {

using namespace std::chrono_literals;
using testing::FakeUpgradeBackend;
using testing::TlsTestClient;

bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds deadline = 10s) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return cond();
}

client::ObjectPtr MakePod(const std::string& ns, const std::string& name, const std::string& uid) {
  auto v = boost::json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"namespace":")" + ns +
                              R"(","name":")" + name + R"(","uid":")" + uid +
                              R"("},"spec":{"initContainers":[{"name":"setup"}],"containers":[{"name":"app"},{"name":"sidecar"}]}})");
  return client::MakeObject(v.as_object());
}

std::string Entry(const std::string& text) { return "2024-03-01T10:00:00.5Z stdout F " + text + "\n"; }

class KubeletServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kubelet_server_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto pki = net::EnsurePki({dir_ + "/pki", {}});
    ASSERT_TRUE(pki.ok()) << pki.status().ToString();
    pki_ = *pki;
    log_path_ = dir_ + "/app.log";
    std::ofstream(log_path_) << Entry("one") << Entry("two") << Entry("three");
    pods_ = {MakePod("default", "web", "uid-1")};
  }
  void TearDown() override {
    if (server_) server_->Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void Start(bool ca_signed = true) {
    auto cert = WriteServingCert(dir_ + "/kubelet-pki", "node-1", {"127.0.0.1"}, ca_signed ? &pki_ : nullptr);
    ASSERT_TRUE(cert.ok()) << cert.status().ToString();
    KubeletServerOptions o;
    o.bind_address = "127.0.0.1";
    o.port = 0;
    o.cert_file = cert->cert_file;
    o.key_file = cert->key_file;
    o.client_ca_file = pki_.ca_cert;
    KubeletServerHooks hooks;
    hooks.list_pods = [this] { return pods_; };
    hooks.get_pod = [this](std::string_view ns, std::string_view name) -> client::ObjectPtr {
      for (const auto& p : pods_) {
        if (client::NamespaceOf(*p) == ns && client::NameOf(*p) == name) return p;
      }
      return nullptr;
    };
    hooks.resolve_log = [this](const ContainerLogRequest& r) -> StatusOr<ContainerLogTarget> {
      {
        std::lock_guard lock(mu_);
        log_requests_.push_back(r);
      }
      if (r.previous) return Status::BadRequest("previous terminated container \"app\" in pod \"web\" not found");
      auto token = std::make_shared<int>(0);
      {
        std::lock_guard lock(mu_);
        running_token_ = token;
      }
      return ContainerLogTarget{log_path_, [this, token] { return running_.load(); }};
    };
    hooks.resolve_stream = [this](const StreamRequest& r) -> StatusOr<std::string> {
      std::lock_guard lock(mu_);
      stream_requests_.push_back(r);
      return stream_url_;
    };
    auto s = KubeletServer::Start(o, std::move(hooks));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
  }

  // A client of the kubelet API as `cert` (the apiserver's by default).
  std::unique_ptr<net::HttpsClient> Client(const std::string& cert = "", const std::string& key = "") {
    net::HttpsClientOptions o;
    o.host = "127.0.0.1";
    o.port = server_->port();
    o.cert_file = cert.empty() ? pki_.kubelet_client_cert : cert;
    o.key_file = key.empty() ? pki_.kubelet_client_key : key;
    o.timeout = 10s;
    auto c = net::HttpsClient::Create(o);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return std::move(*c);
  }

  net::HttpResult Get(const std::string& path) {
    auto r = Client()->Request("GET", path);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : net::HttpResult{};
  }

  std::string dir_, log_path_;
  net::PkiPaths pki_;
  std::vector<client::ObjectPtr> pods_;
  std::atomic<bool> running_{true};
  std::mutex mu_;
  std::vector<ContainerLogRequest> log_requests_;  // guarded by mu_
  std::weak_ptr<int> running_token_;               // guarded by mu_; alive while a log stream is
  std::vector<StreamRequest> stream_requests_;     // guarded by mu_
  std::string stream_url_;                         // guarded by mu_
  std::unique_ptr<KubeletServer> server_;
};

TEST_F(KubeletServerTest, OnlyTheApiserverAndMastersGetIn) {
  Start();
  EXPECT_EQ(Get("/healthz").body, "ok");
  auto admin = Client(pki_.admin_cert, pki_.admin_key)->Request("GET", "/healthz");
  ASSERT_TRUE(admin.ok());
  EXPECT_EQ(admin->code, 200);

  auto jane = net::IssueClientCert(pki_, "jane", {"dev"});
  ASSERT_TRUE(jane.ok());
  std::ofstream(dir_ + "/jane.crt") << jane->cert_pem;
  std::ofstream(dir_ + "/jane.key") << jane->key_pem;
  auto refused = Client(dir_ + "/jane.crt", dir_ + "/jane.key")->Request("GET", "/pods");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->code, 403);
  EXPECT_EQ(refused->body, "Forbidden (user=jane, verb=get, resource=nodes, subresource(s)=[proxy])\n");

  TlsTestClient anonymous;
  ASSERT_TRUE(anonymous.Connect(server_->port()));
  ASSERT_TRUE(anonymous.Write("GET /pods HTTP/1.1\r\nHost: k\r\n\r\n"));
  std::string got = anonymous.ReadUntilContains("Unauthorized");
  EXPECT_EQ(got.rfind("HTTP/1.1 401", 0), 0u) << got;
}

TEST_F(KubeletServerTest, AuthorizationAttributesFollowUpstream) {
  EXPECT_EQ(RequestVerb("POST"), "create");
  EXPECT_EQ(NodeSubresource("/stats/summary"), "stats");
  EXPECT_EQ(NodeSubresource("/metrics/cadvisor"), "metrics");
  EXPECT_EQ(NodeSubresource("/logs/syslog"), "log");
  EXPECT_EQ(NodeSubresource("/exec/a/b/c"), "proxy");
  EXPECT_EQ(NodeSubresource("/statsfoo"), "proxy");
}

TEST_F(KubeletServerTest, ServesItsPodsAndHealth) {
  Start();
  auto pods = Get("/pods");
  EXPECT_EQ(pods.code, 200);
  auto list = boost::json::parse(pods.body).as_object();
  EXPECT_EQ(list["kind"].as_string(), "PodList");
  ASSERT_EQ(list["items"].as_array().size(), 1u);
  EXPECT_EQ(list["items"].as_array()[0].at("metadata").at("name").as_string(), "web");
  EXPECT_EQ(Get("/nope").code, 404);
  EXPECT_EQ(Get("/stats/summary").code, 404);
  auto post = Client()->Request("POST", "/pods");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->code, 405);
}

TEST_F(KubeletServerTest, ContainerLogsWithOptions) {
  Start();
  auto all = Get("/containerLogs/default/web/app");
  EXPECT_EQ(all.code, 200);
  EXPECT_EQ(all.body, "one\ntwo\nthree\n");
  EXPECT_EQ(Get("/containerLogs/default/web/app?tailLines=1").body, "three\n");
  EXPECT_EQ(Get("/containerLogs/default/web/app?tail=2").body, "two\nthree\n");
  EXPECT_EQ(Get("/containerLogs/default/web/app?tail=all&tailLines=1").body, "one\ntwo\nthree\n");
  EXPECT_EQ(Get("/containerLogs/default/web/app?limitBytes=5").body, "one\nt");
  EXPECT_EQ(Get("/containerLogs/default/web/app?timestamps=true&tailLines=1").body,
            "2024-03-01T10:00:00.500000000Z three\n");
  EXPECT_EQ(Get("/containerLogs/default/web/app?sinceTime=2024-03-01T10:00:01Z").body, "");
  // Init containers have logs too.
  EXPECT_EQ(Get("/containerLogs/default/web/setup").code, 200);
  std::lock_guard lock(mu_);
  ASSERT_FALSE(log_requests_.empty());
  EXPECT_EQ(log_requests_.back().container, "setup");
  EXPECT_EQ(client::NameOf(*log_requests_.back().pod), "web");
}

TEST_F(KubeletServerTest, ContainerLogErrorsAreUpstreams) {
  Start();
  auto missing_pod = Get("/containerLogs/default/nope/app");
  EXPECT_EQ(missing_pod.code, 404);
  EXPECT_EQ(missing_pod.body, "pod \"nope\" does not exist");
  auto missing_container = Get("/containerLogs/default/web/db");
  EXPECT_EQ(missing_container.code, 404);
  EXPECT_EQ(missing_container.body, "container \"db\" not found in pod \"web\"");
  auto previous = Get("/containerLogs/default/web/app?previous=true");
  EXPECT_EQ(previous.code, 400);
  EXPECT_EQ(previous.body, "previous terminated container \"app\" in pod \"web\" not found");
  auto invalid = Get("/containerLogs/default/web/app?tailLines=-1");
  EXPECT_EQ(invalid.code, 422);
  EXPECT_EQ(invalid.body, "{\"message\": \"Invalid request.\"}");
  auto undecodable = Get("/containerLogs/default/web/app?limitBytes=lots");
  EXPECT_EQ(undecodable.code, 400);
  EXPECT_EQ(undecodable.body, "{\"message\": \"Unable to decode query.\"}");
  std::filesystem::remove(log_path_);
  auto gone = Get("/containerLogs/default/web/app");
  EXPECT_EQ(gone.code, 400);
  EXPECT_NE(gone.body.find("failed to try resolving symlinks in path"), std::string::npos) << gone.body;
}

TEST_F(KubeletServerTest, FollowStreamsUntilTheContainerStops) {
  Start();
  auto client = Client();
  std::mutex mu;
  std::vector<std::string> lines;
  std::thread appender([&] {
    ASSERT_TRUE(WaitFor([&] {
      std::lock_guard lock(mu);
      return lines.size() == 1;
    }));
    std::ofstream(log_path_, std::ios::app) << Entry("four") << std::flush;
    ASSERT_TRUE(WaitFor([&] {
      std::lock_guard lock(mu);
      return lines.size() == 2;
    }));
    std::ofstream(log_path_, std::ios::app) << Entry("five") << std::flush;
    running_ = false;
  });
  auto code = client->Watch("/containerLogs/default/web/app?follow=true&tailLines=1", [&](std::string_view line) {
    std::lock_guard lock(mu);
    lines.emplace_back(line);
    return true;
  });
  appender.join();
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, 200);
  EXPECT_EQ(lines, (std::vector<std::string>{"three", "four", "five"}));
}

TEST_F(KubeletServerTest, AClientLeavingEndsTheLogStream) {
  Start();
  TlsTestClient client;
  ASSERT_TRUE(client.Connect(server_->port(), pki_.kubelet_client_cert, pki_.kubelet_client_key));
  ASSERT_TRUE(client.Write("GET /containerLogs/default/web/app?follow=true HTTP/1.1\r\nHost: k\r\n\r\n"));
  client.ReadUntilContains("three\n");
  ASSERT_TRUE(WaitFor([&] {
    std::lock_guard lock(mu_);
    return !running_token_.expired();
  }));
  client.Close();
  // The reader let go of the container's running check: its thread ended.
  EXPECT_TRUE(WaitFor([&] {
    std::lock_guard lock(mu_);
    return running_token_.expired();
  }));
}

const char kExecUpgrade[] =
    "POST /exec/default/web/app?command=sh&command=-c&command=echo+hi&input=1&output=1&tty=1&error=1 HTTP/1.1\r\n"
    "Host: node-1:10250\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
    "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n\r\n";

TEST_F(KubeletServerTest, ExecIsProxiedToTheRuntimesStreamingServer) {
  FakeUpgradeBackend runtime("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n",
                             /*echo=*/true);
  {
    std::lock_guard lock(mu_);
    stream_url_ = "http://127.0.0.1:" + std::to_string(runtime.port()) + "/exec/S3ss10n";
  }
  Start();
  TlsTestClient client;
  ASSERT_TRUE(client.Connect(server_->port(), pki_.kubelet_client_cert, pki_.kubelet_client_key));
  ASSERT_TRUE(client.Write(kExecUpgrade));
  std::string head = client.ReadUntilContains("\r\n\r\n");
  EXPECT_EQ(head.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u) << head;
  client.ClearReceived();
  ASSERT_TRUE(client.Write("frame"));
  EXPECT_EQ(client.ReadUntilContains("FRAME"), "FRAME");

  ASSERT_TRUE(runtime.WaitFor([&] { return !runtime.heads_locked().empty(); }));
  std::string seen = runtime.heads()[0];
  EXPECT_EQ(seen.rfind("POST /exec/S3ss10n HTTP/1.1\r\n", 0), 0u) << seen;
  EXPECT_NE(seen.find("x-stream-protocol-version: v4.channel.k8s.io"), std::string::npos) << seen;
  std::lock_guard lock(mu_);
  ASSERT_EQ(stream_requests_.size(), 1u);
  const StreamRequest& r = stream_requests_[0];
  EXPECT_EQ(r.kind, StreamRequest::Kind::kExec);
  EXPECT_EQ(r.container, "app");
  EXPECT_EQ(r.command, (std::vector<std::string>{"sh", "-c", "echo hi"}));
  EXPECT_TRUE(r.input);
  EXPECT_TRUE(r.output);
  EXPECT_TRUE(r.tty);
  EXPECT_FALSE(r.error);  // a terminal has no separate stderr
}

TEST_F(KubeletServerTest, StreamingRequestErrors) {
  Start();
  auto exchange = [&](const std::string& request) {
    TlsTestClient c;
    EXPECT_TRUE(c.Connect(server_->port(), pki_.kubelet_client_cert, pki_.kubelet_client_key));
    EXPECT_TRUE(c.Write(request));
    return c.ReadResponse();
  };
  const std::string upgrade = " HTTP/1.1\r\nHost: k\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n";
  std::string none = exchange("POST /exec/default/web/app?command=ls" + upgrade);
  EXPECT_EQ(none.rfind("HTTP/1.1 400", 0), 0u) << none;
  EXPECT_NE(none.find("\r\n\r\nyou must specify at least 1 of stdin, stdout, stderr"), std::string::npos) << none;
  std::string no_pod = exchange("POST /exec/default/nope/app?output=1" + upgrade);
  EXPECT_EQ(no_pod.rfind("HTTP/1.1 404", 0), 0u) << no_pod;
  EXPECT_NE(no_pod.find("\r\n\r\npod does not exist"), std::string::npos) << no_pod;
  std::string plain = exchange("POST /attach/default/web/app?output=1 HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(plain.rfind("HTTP/1.1 500", 0), 0u) << plain;
  EXPECT_NE(plain.find("\r\n\r\nUpgrade request required"), std::string::npos) << plain;
  std::string wrong_uid = exchange("POST /portForward/default/web/uid-2" + upgrade);
  EXPECT_NE(wrong_uid.find("\r\n\r\npod not found"), std::string::npos) << wrong_uid;
  std::string ws = exchange("GET /portForward/default/web HTTP/1.1\r\nHost: k\r\nConnection: Upgrade\r\n"
                            "Upgrade: websocket\r\n\r\n");
  EXPECT_NE(ws.find("\r\n\r\nquery parameter \"port\" is required"), std::string::npos) << ws;
  {
    std::lock_guard lock(mu_);
    stream_url_ = "not a url";
  }
  std::string bad_url = exchange("POST /portForward/default/web/uid-1" + upgrade);
  EXPECT_EQ(bad_url.rfind("HTTP/1.1 500", 0), 0u) << bad_url;
  std::lock_guard lock(mu_);
  ASSERT_EQ(stream_requests_.size(), 1u);  // only the last request got as far as the runtime
  EXPECT_EQ(stream_requests_[0].kind, StreamRequest::Kind::kPortForward);
}

TEST_F(KubeletServerTest, AnUnreachableRuntimeIsAnErrorDialingBackend) {
  uint16_t dead;
  {
    FakeUpgradeBackend gone("", false);
    dead = gone.port();
  }
  {
    std::lock_guard lock(mu_);
    stream_url_ = "http://127.0.0.1:" + std::to_string(dead) + "/attach/x";
  }
  Start();
  TlsTestClient c;
  ASSERT_TRUE(c.Connect(server_->port(), pki_.kubelet_client_cert, pki_.kubelet_client_key));
  ASSERT_TRUE(c.Write("POST /attach/default/web/app?output=1 HTTP/1.1\r\nHost: k\r\nConnection: Upgrade\r\n"
                      "Upgrade: SPDY/3.1\r\n\r\n"));
  c.ReadUntilClosed();
  EXPECT_EQ(c.received().rfind("HTTP/1.1 500", 0), 0u) << c.received();
  EXPECT_NE(c.received().find("error dialing backend: dial tcp 127.0.0.1:" + std::to_string(dead) +
                              ": connect: connection refused"),
            std::string::npos)
      << c.received();
}

TEST_F(KubeletServerTest, ASelfSignedKubeletServesToo) {
  Start(/*ca_signed=*/false);
  EXPECT_EQ(Get("/healthz").body, "ok");
}

}  // namespace
}  // namespace kubepp::kubelet::server
