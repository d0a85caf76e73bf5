// The apiserver's subresources answered by kubelets: upstream's validation
// and error answers (driven through ApiHandler without sockets), and the
// relays themselves against a fake kubelet on loopback — logs streamed and
// their errors turned into Status objects, exec relayed through the kubelet
// to a fake runtime streaming server, nodes/proxy.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <condition_variable>
#include <mutex>

#include "api_test_harness.h"
#include "apiserver/kubelet_connection.h"
#include "apiserver/kubelet_locations.h"
#include "apiserver/kubelet_proxy.h"
#include "fakes/raw_peers.h"
#include "net/http_server.h"
#include "net/https_client.h"
#include "net/pki.h"
#include "net/reverse_proxy.h"

namespace kubepp::apiserver {
namespace {

using namespace std::chrono_literals;
using kubepp::testing::FakeUpgradeBackend;
using kubepp::testing::TlsTestClient;
using testing::ApiTestHarness;

std::string PodJson(const std::string& name, const std::string& node, const std::string& containers_json) {
  std::string spec = "{\"containers\":" + containers_json;
  if (!node.empty()) spec += ",\"nodeName\":\"" + node + "\"";
  spec += "}";
  return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name + R"("},"spec":)" + spec + "}";
}

const char kTwoContainers[] =
    R"([{"name":"app","image":"busybox"},{"name":"sidecar","image":"busybox"}])";
const char kOneContainer[] = R"([{"name":"app","image":"busybox"}])";
const char kDefaultNamespace[] = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"default"}})";
// Pods run as their namespace's "default" ServiceAccount, which must exist.
const char kDefaultServiceAccount[] = R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})";

std::string NodeJson(const std::string& name, const std::string& address, int port) {
  std::string addresses = address.empty() ? "[]" : R"([{"type":"Hostname","address":"h"},{"type":"InternalIP","address":")" + address + R"("}])";
  return R"({"apiVersion":"v1","kind":"Node","metadata":{"name":")" + name + R"("},"status":{"addresses":)" +
         addresses + R"(,"daemonEndpoints":{"kubeletEndpoint":{"Port":)" + std::to_string(port) + "}}}}";
}

// The first IPv4 address of an interface that is up and not loopback, if any.
std::string NonLoopbackAddress() {
  ifaddrs* addrs = nullptr;
  if (getifaddrs(&addrs) != 0) return "";
  std::string found;
  for (ifaddrs* a = addrs; a && found.empty(); a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || (a->ifa_flags & IFF_LOOPBACK) || !(a->ifa_flags & IFF_UP)) {
      continue;
    }
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, buf, sizeof buf);
    found = buf;
  }
  freeifaddrs(addrs);
  return found;
}

class KubeletProxyValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto proxy = KubeletProxy::Create({});
    ASSERT_TRUE(proxy.ok());
    h_.handler().SetKubeletProxy(std::move(*proxy));
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces", kDefaultNamespace).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/default/serviceaccounts", kDefaultServiceAccount).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/default/pods", PodJson("multi", "node-a", kTwoContainers)).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/default/pods", PodJson("pending", "", kOneContainer)).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/default/pods", PodJson("orphan", "node-gone", kOneContainer)).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/default/pods", PodJson("blind", "node-b", kOneContainer)).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/default/pods", PodJson("local", "node-a", kOneContainer)).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/nodes", NodeJson("node-a", "127.0.0.1", 1)).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/nodes", NodeJson("node-b", "", 0)).status, 201);
  }
  std::string Message(const testing::Response& r) {
    return r.body.is_object() && r.body.as_object().contains("message")
               ? std::string(r.body.at("message").as_string())
               : "";
  }
  ApiTestHarness h_;
};

TEST_F(KubeletProxyValidationTest, LogRequestsAreCheckedAsUpstreamChecksThem) {
  auto which = h_.Do("GET", "/api/v1/namespaces/default/pods/multi/log");
  EXPECT_EQ(which.status, 400);
  EXPECT_EQ(Message(which), "a container name must be specified for pod multi, choose one of: [app sidecar]");
  auto invalid = h_.Do("GET", "/api/v1/namespaces/default/pods/multi/log?container=db");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(Message(invalid), "container db is not valid for pod multi");
  auto missing = h_.Do("GET", "/api/v1/namespaces/default/pods/nope/log");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Message(missing), "pods \"nope\" not found");
  EXPECT_EQ(missing.body.at("details").at("kind").as_string(), "pods");
  auto negative = h_.Do("GET", "/api/v1/namespaces/default/pods/multi/log?container=app&tailLines=-1");
  EXPECT_EQ(negative.status, 422);
  EXPECT_EQ(Message(negative),
            "PodLogOptions \"multi\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0");
  EXPECT_EQ(negative.body.at("details").at("kind").as_string(), "PodLogOptions");
  auto garbled = h_.Do("GET", "/api/v1/namespaces/default/pods/multi/log?limitBytes=x");
  EXPECT_EQ(garbled.status, 400);
  EXPECT_EQ(Message(garbled), "strconv.ParseInt: parsing \"x\": invalid syntax");
  // Not scheduled yet: nothing to show, and no error.
  auto pending = h_.Do("GET", "/api/v1/namespaces/default/pods/pending/log");
  EXPECT_EQ(pending.status, 200);
  auto orphan = h_.Do("GET", "/api/v1/namespaces/default/pods/orphan/log");
  EXPECT_EQ(orphan.status, 404);
  EXPECT_EQ(Message(orphan), "nodes \"node-gone\" not found");
  auto blind = h_.Do("GET", "/api/v1/namespaces/default/pods/blind/log");
  EXPECT_EQ(blind.status, 500);
  EXPECT_EQ(Message(blind), "no preferred addresses found; known addresses: []");
  EXPECT_EQ(h_.Do("POST", "/api/v1/namespaces/default/pods/local/log").status, 405);
}

TEST_F(KubeletProxyValidationTest, StreamRequestsAreCheckedAsUpstreamChecksThem) {
  auto pending = h_.Do("POST", "/api/v1/namespaces/default/pods/pending/exec?command=ls&stdout=true");
  EXPECT_EQ(pending.status, 400);
  EXPECT_EQ(Message(pending), "pod pending does not have a host assigned");
  auto which = h_.Do("POST", "/api/v1/namespaces/default/pods/multi/attach?stdout=true");
  EXPECT_EQ(Message(which), "a container name must be specified for pod multi, choose one of: [app sidecar]");
  auto no_upgrade = h_.Do("POST", "/api/v1/namespaces/default/pods/local/exec?command=ls&stdout=true");
  EXPECT_EQ(no_upgrade.status, 400);
  EXPECT_EQ(Message(no_upgrade), "Upgrade request required");
  auto ports = h_.Do("POST", "/api/v1/namespaces/default/pods/local/portforward?ports=http");
  EXPECT_EQ(ports.status, 400);
  EXPECT_EQ(Message(ports), "cannot convert to []int32: strconv.ParseUint: parsing \"http\": invalid syntax");
  auto pf_pending = h_.Do("POST", "/api/v1/namespaces/default/pods/pending/portforward?ports=80");
  EXPECT_EQ(Message(pf_pending), "pod pending does not have a host assigned");
}

TEST_F(KubeletProxyValidationTest, NodeProxyRefusesBadNamesAndLoopback) {
  EXPECT_EQ(Message(h_.Do("GET", "/api/v1/nodes/a:b:c:d/proxy/healthz")), "invalid node request \"a:b:c:d\"");
  EXPECT_EQ(Message(h_.Do("GET", "/api/v1/nodes/ftp:node-a:1/proxy/healthz")), "invalid node request \"ftp:node-a:1\"");
  EXPECT_EQ(Message(h_.Do("GET", "/api/v1/nodes/nope/proxy/healthz")), "nodes \"nope\" not found");
  auto loopback = h_.Do("GET", "/api/v1/nodes/node-a/proxy/healthz");
  EXPECT_EQ(loopback.status, 400);
  EXPECT_EQ(Message(loopback), "address not allowed");
}

TEST(KubeletConnectionTest, PrefersInternalIpThenExternalThenHostname) {
  auto node = [](const char* addresses, const char* extra = "") {
    return boost::json::parse(std::string(R"({"metadata":{"name":"n")") + extra +
                              R"(},"status":{"addresses":)" + addresses + "}}")
        .as_object();
  };
  auto a = KubeletEndpointFor(node(R"([{"type":"Hostname","address":"n1"},{"type":"ExternalIP","address":"1.2.3.4"},{"type":"InternalIP","address":"10.0.0.1"}])"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "10.0.0.1");
  EXPECT_EQ(a->port, 10250);
  auto b = KubeletEndpointFor(node(R"([{"type":"Hostname","address":"n1"},{"type":"ExternalIP","address":"1.2.3.4"}])"));
  EXPECT_EQ(b->host, "1.2.3.4");
  auto c = KubeletEndpointFor(node(R"([{"type":"InternalDNS","address":"n1.internal"}])",
                                   R"(,"labels":{"kubernetes.io/hostname":"from-label"})"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host, "from-label");
  auto d = KubeletEndpointFor(node(R"([{"type":"InternalDNS","address":"n1.internal"}])"));
  EXPECT_EQ(d.status().message(), "no preferred addresses found; known addresses: [{InternalDNS n1.internal}]");
  EXPECT_FALSE(CheckProxyableHost("127.0.0.1").ok());
  EXPECT_FALSE(CheckProxyableHost("169.254.1.1").ok());
  EXPECT_FALSE(CheckProxyableHost("::1").ok());
  EXPECT_FALSE(CheckProxyableHost("fe80::1").ok());
  EXPECT_TRUE(CheckProxyableHost("10.1.2.3").ok());
  EXPECT_TRUE(CheckProxyableHost("2001:db8::1").ok());
}

TEST(KubeletAnswerStatusTest, TranslatesAsGenericHttpResponseChecker) {
  auto bad = KubeletAnswerStatus(400, "container \"a\" in pod \"p\" is waiting to start: ContainerCreating", "pods/log", "p");
  EXPECT_EQ(bad.status.reason(), Reason::kBadRequest);
  EXPECT_EQ(bad.status.message(), "container \"a\" in pod \"p\" is waiting to start: ContainerCreating");
  auto missing = KubeletAnswerStatus(404, "pod \"p\" does not exist", "pods/log", "p");
  EXPECT_EQ(missing.status.message(), "the server could not find the requested resource ( pods/log p)");
  EXPECT_EQ(missing.details.kind, "pods/log");
  auto internal = KubeletAnswerStatus(500, "boom", "pods/log", "p");
  EXPECT_EQ(internal.status.message(), "Internal error occurred: boom");
  auto forbidden = KubeletAnswerStatus(403, "Forbidden (user=x, verb=get, resource=nodes, subresource(s)=[proxy])\n",
                                       "pods/log", "p");
  EXPECT_EQ(forbidden.status.reason(), Reason::kForbidden);
  auto bad_gateway = KubeletAnswerStatus(502, "upstream", "pods/log", "p");
  EXPECT_EQ(bad_gateway.status.message(),
            "an error on the server (\"upstream\") has prevented the request from succeeding ( pods/log p)");
}

// A kubelet stand-in: /containerLogs streams what the test writes, /exec is
// relayed to a fake runtime, /healthz answers "ok".
class FakeKubelet {
 public:
  FakeKubelet(const net::PkiPaths& pki, uint16_t runtime_port, const std::string& bind = "127.0.0.1")
      : runtime_port_(runtime_port) {
    auto proxy = net::ReverseProxy::Create({});
    EXPECT_TRUE(proxy.ok());
    runtime_proxy_ = std::move(*proxy);
    net::HttpServerOptions o;
    o.bind_address = bind;
    o.port = 0;
    o.cert_file = pki.serving_cert;
    o.key_file = pki.serving_key;
    o.client_ca_file = pki.ca_cert;
    auto s = net::HttpServer::Start(o, [this](net::HttpRequest& req, std::shared_ptr<net::Responder> out) {
      Serve(req, std::move(out));
    });
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
  }
  ~FakeKubelet() { server_->Stop(); }
  uint16_t port() const { return server_->port(); }
  void Write(std::string s) {
    std::shared_ptr<net::Responder> out;
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, 10s, [&] { return follower_ != nullptr; });
      out = follower_;
    }
    if (out) out->Write(std::move(s));
  }
  void EndFollow() {
    std::lock_guard lock(mu_);
    if (follower_) follower_->End();
  }
  std::vector<std::string> targets() {
    std::lock_guard lock(mu_);
    return targets_;
  }
  std::vector<std::string> callers() {
    std::lock_guard lock(mu_);
    return callers_;
  }

 private:
  void Serve(net::HttpRequest& req, std::shared_ptr<net::Responder> out) {
    {
      std::lock_guard lock(mu_);
      targets_.push_back(req.method + " " + req.target);
      callers_.push_back(req.peer.common_name);
    }
    if (req.path.rfind("/containerLogs/default/web/app", 0) == 0) {
      if (req.query.find("previous=true") != std::string::npos) {
        return out->Respond({400, "text/plain", {}, "previous terminated container \"app\" in pod \"web\" not found"});
      }
      out->StartStream(200, "text/plain; charset=utf-8");
      if (req.query.find("follow=true") == std::string::npos) {
        out->Write("line one\nline two\n");
        return out->End();
      }
      std::lock_guard lock(mu_);
      follower_ = out;
      cv_.notify_all();
      return;
    }
    if (req.path.rfind("/containerLogs/", 0) == 0) return out->Respond({404, "text/plain", {}, "pod does not exist"});
    if (req.path.rfind("/exec/", 0) == 0) {
      net::ProxyRequest p;
      p.method = req.method;
      p.backend.host = "127.0.0.1";
      p.backend.port = runtime_port_;
      p.backend.target = "/exec/T0ken";
      p.upgrade = true;
      p.headers = net::ForwardedHeaders(req, true);
      net::ProxyHooks hooks;
      hooks.on_failure = [](net::ProxyFailure, const Status& st) {
        return net::HttpResponse{500, "text/plain", {}, st.message()};
      };
      return runtime_proxy_->Forward(std::move(p), std::move(out), std::move(hooks));
    }
    if (req.path == "/healthz") return out->Respond({200, "text/plain", {}, "ok"});
    out->Respond({404, "text/plain", {}, "404 page not found\n"});
  }

  uint16_t runtime_port_;
  std::unique_ptr<net::ReverseProxy> runtime_proxy_;
  std::unique_ptr<net::HttpServer> server_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<net::Responder> follower_;  // guarded by mu_
  std::vector<std::string> targets_, callers_;  // guarded by mu_
};

class KubeletProxyRelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kubelet_proxy_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto pki = net::EnsurePki({dir_ + "/pki", {}});
    ASSERT_TRUE(pki.ok());
    pki_ = *pki;
    KubeletClientConfig client;
    client.cert_file = pki_.kubelet_client_cert;
    client.key_file = pki_.kubelet_client_key;
    auto proxy = KubeletProxy::Create(client);
    ASSERT_TRUE(proxy.ok());
    h_.handler().SetKubeletProxy(std::move(*proxy));
    net::HttpServerOptions o;
    o.bind_address = "127.0.0.1";
    o.port = 0;
    o.cert_file = pki_.serving_cert;
    o.key_file = pki_.serving_key;
    o.client_ca_file = pki_.ca_cert;
    auto front = net::HttpServer::Start(o, [this](net::HttpRequest& req, std::shared_ptr<net::Responder> out) {
      RequestInfo info = ParseRequestInfo(req.method, req.path, false);
      h_.handler().Handle(info, h_.user(), req, std::move(out));
    });
    ASSERT_TRUE(front.ok());
    front_ = std::move(*front);
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces", kDefaultNamespace).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/default/serviceaccounts", kDefaultServiceAccount).status, 201);
  }
  void TearDown() override {
    front_->Stop();
    kubelet_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void StartKubelet(uint16_t runtime_port, const std::string& address = "127.0.0.1") {
    kubelet_ = std::make_unique<FakeKubelet>(pki_, runtime_port, address == "127.0.0.1" ? address : "0.0.0.0");
    ASSERT_EQ(h_.Do("POST", "/api/v1/nodes", NodeJson("node-1", address, kubelet_->port())).status, 201);
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/default/pods", PodJson("web", "node-1", kOneContainer)).status, 201);
  }
  std::unique_ptr<net::HttpsClient> Client() {
    net::HttpsClientOptions o;
    o.host = "127.0.0.1";
    o.port = front_->port();
    o.ca_file = pki_.ca_cert;
    o.cert_file = pki_.admin_cert;
    o.key_file = pki_.admin_key;
    auto c = net::HttpsClient::Create(o);
    EXPECT_TRUE(c.ok());
    return std::move(*c);
  }

  std::string dir_;
  net::PkiPaths pki_;
  ApiTestHarness h_;
  std::unique_ptr<net::HttpServer> front_;
  std::unique_ptr<FakeKubelet> kubelet_;
};

TEST_F(KubeletProxyRelayTest, LogsComeFromTheKubeletAndItsErrorsBecomeStatuses) {
  StartKubelet(1);
  auto logs = Client()->Request("GET", "/api/v1/namespaces/default/pods/web/log?tailLines=5&timestamps=true", "", "",
                                "application/json, */*");
  ASSERT_TRUE(logs.ok()) << logs.status().ToString();
  EXPECT_EQ(logs->code, 200);
  EXPECT_EQ(logs->body, "line one\nline two\n");
  ASSERT_FALSE(kubelet_->targets().empty());
  EXPECT_EQ(kubelet_->targets()[0], "GET /containerLogs/default/web/app?tailLines=5&timestamps=true");
  EXPECT_EQ(kubelet_->callers()[0], "kube-apiserver-kubelet-client");

  auto previous = Client()->Request("GET", "/api/v1/namespaces/default/pods/web/log?previous=true");
  ASSERT_TRUE(previous.ok());
  EXPECT_EQ(previous->code, 400);
  auto status = boost::json::parse(previous->body).as_object();
  EXPECT_EQ(status["reason"].as_string(), "BadRequest");
  EXPECT_EQ(status["message"].as_string(), "previous terminated container \"app\" in pod \"web\" not found");
}

TEST_F(KubeletProxyRelayTest, FollowedLogsStreamAsTheKubeletWritesThem) {
  StartKubelet(1);
  auto client = Client();
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> lines;
  std::thread kubelet_side([&] {
    kubelet_->Write("first\n");
    std::unique_lock lock(mu);
    cv.wait_for(lock, 10s, [&] { return lines.size() == 1; });
    lock.unlock();
    kubelet_->Write("second\n");
    kubelet_->EndFollow();
  });
  auto code = client->Watch("/api/v1/namespaces/default/pods/web/log?follow=true", [&](std::string_view line) {
    std::lock_guard lock(mu);
    lines.emplace_back(line);
    cv.notify_all();
    return true;
  });
  kubelet_side.join();
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, 200);
  EXPECT_EQ(lines, (std::vector<std::string>{"first", "second"}));
}

TEST_F(KubeletProxyRelayTest, AnUnreachableKubeletIsReportedAsGoReportsIt) {
  uint16_t dead;
  {
    FakeUpgradeBackend gone("", false);
    dead = gone.port();
  }
  ASSERT_EQ(h_.Do("POST", "/api/v1/nodes", NodeJson("node-1", "127.0.0.1", dead)).status, 201);
  ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/default/pods", PodJson("web", "node-1", kOneContainer)).status, 201);
  auto logs = Client()->Request("GET", "/api/v1/namespaces/default/pods/web/log");
  ASSERT_TRUE(logs.ok());
  EXPECT_EQ(logs->code, 500);
  auto status = boost::json::parse(logs->body).as_object();
  EXPECT_FALSE(status.contains("reason"));
  EXPECT_EQ(status["message"].as_string(), "Get \"https://127.0.0.1:" + std::to_string(dead) +
                                               "/containerLogs/default/web/app\": dial tcp 127.0.0.1:" +
                                               std::to_string(dead) + ": connect: connection refused");
}

TEST_F(KubeletProxyRelayTest, ExecIsRelayedThroughTheKubeletToTheRuntime) {
  FakeUpgradeBackend runtime("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n",
                             /*echo=*/true);
  StartKubelet(runtime.port());
  TlsTestClient client;
  ASSERT_TRUE(client.Connect(front_->port(), pki_.admin_cert, pki_.admin_key));
  ASSERT_TRUE(client.Write(
      "POST /api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=date&stdin=true&stdout=true"
      "&tty=true HTTP/1.1\r\nHost: api\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
      "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n\r\n"));
  std::string head = client.ReadUntilContains("\r\n\r\n");
  EXPECT_EQ(head.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u) << head;
  client.ClearReceived();
  ASSERT_TRUE(client.Write("two hops"));
  EXPECT_EQ(client.ReadUntilContains("TWO HOPS"), "TWO HOPS");
  ASSERT_FALSE(kubelet_->targets().empty());
  EXPECT_EQ(kubelet_->targets()[0], "POST /exec/default/web/app?command=sh&command=-c&command=date&input=1&output=1&tty=1");
  ASSERT_TRUE(runtime.WaitFor([&] { return !runtime.heads_locked().empty(); }));
  EXPECT_NE(runtime.heads()[0].find("x-stream-protocol-version: v4.channel.k8s.io"), std::string::npos);
  client.Close();
  EXPECT_TRUE(runtime.WaitFor([&] { return runtime.closed_locked() == 1; }));
}

TEST_F(KubeletProxyRelayTest, NodeProxyReachesTheKubelet) {
  std::string address = NonLoopbackAddress();
  if (address.empty()) GTEST_SKIP() << "no non-loopback address to register the node with";
  StartKubelet(1, address);
  auto healthz = Client()->Request("GET", "/api/v1/nodes/node-1/proxy/healthz?verbose=1");
  ASSERT_TRUE(healthz.ok()) << healthz.status().ToString();
  EXPECT_EQ(healthz->code, 200);
  EXPECT_EQ(healthz->body, "ok");
  EXPECT_EQ(kubelet_->targets().back(), "GET /healthz?verbose=1");
  auto missing = Client()->Request("GET", "/api/v1/nodes/node-1/proxy/nothing/here/");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->code, 404);  // the kubelet's own answer, relayed as it is
  EXPECT_EQ(missing->body, "404 page not found\n");
  EXPECT_EQ(kubelet_->targets().back(), "GET /nothing/here/");
}

}  // namespace
}  // namespace kubepp::apiserver
