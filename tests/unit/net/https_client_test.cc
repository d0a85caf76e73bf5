// HttpsClient and WatchPool against a real net::HttpServer on loopback, with
// a throwaway CA from EnsurePki: mutual TLS, keep-alive reuse and reconnect,
// status codes as results, server verification, and line streaming (lines
// split across chunks, several lines per chunk, stop, cancel).
#include "net/https_client.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/http_server.h"
#include "net/pki.h"

namespace kubepp::net {
namespace {

using namespace std::chrono_literals;

// Polls `cond` until it holds or the deadline passes.
bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds deadline = 10s) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return cond();
}

std::string MakeTempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "https_client_test.XXXXXX").string();
  char* dir = ::mkdtemp(tmpl.data());
  return dir ? std::string(dir) : std::string();
}

class HttpsClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    auto pki = EnsurePki({dir_ + "/pki", {}});
    ASSERT_TRUE(pki.ok()) << pki.status().ToString();
    pki_ = *pki;
  }
  void TearDown() override {
    if (server_) server_->Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void StartServer(Handler handler, uint16_t port = 0) {
    HttpServerOptions o;
    o.bind_address = "127.0.0.1";
    o.port = port;
    o.cert_file = pki_.serving_cert;
    o.key_file = pki_.serving_key;
    o.client_ca_file = pki_.ca_cert;
    auto s = HttpServer::Start(o, std::move(handler));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
  }

  HttpsClientOptions ClientOptions() const {
    HttpsClientOptions o;
    o.host = "127.0.0.1";
    o.port = server_->port();
    o.ca_file = pki_.ca_cert;
    o.cert_file = pki_.admin_cert;
    o.key_file = pki_.admin_key;
    o.timeout = 10s;
    return o;
  }

  std::unique_ptr<HttpsClient> NewClient() {
    auto c = HttpsClient::Create(ClientOptions());
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }

  std::string dir_;
  PkiPaths pki_;
  std::unique_ptr<HttpServer> server_;
};

std::string HeaderOr(const HttpRequest& r, std::string_view name) {
  const std::string* v = r.Header(name);
  return v ? *v : "-";
}

TEST_F(HttpsClientTest, RequestCarriesMethodBodyHeadersAndClientIdentity) {
  StartServer([](HttpRequest& req, std::shared_ptr<Responder> out) {
    HttpResponse res;
    res.status = 201;
    res.content_type = "text/plain";
    res.headers.emplace_back("X-Echo", "yes");
    res.body = req.method + " " + req.target + " " + HeaderOr(req, "content-type") + " " +
               HeaderOr(req, "accept") + " " + req.peer.common_name + " " +
               (req.peer.verified ? "verified" : "anonymous") + " " + req.body;
    out->Respond(std::move(res));
  });
  auto client = NewClient();
  ASSERT_NE(client, nullptr);
  auto r = client->Request("POST", "/api/v1/namespaces/a/configmaps?dryRun=All", "application/json",
                           "{\"x\":1}", "application/json;as=Table;v=v1;g=meta.k8s.io");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->code, 201);
  EXPECT_EQ(r->body,
            "POST /api/v1/namespaces/a/configmaps?dryRun=All application/json "
            "application/json;as=Table;v=v1;g=meta.k8s.io kubernetes-admin verified {\"x\":1}");
  ASSERT_NE(r->Header("x-echo"), nullptr);
  EXPECT_EQ(*r->Header("x-echo"), "yes");
  ASSERT_NE(r->Header("content-type"), nullptr);
  EXPECT_EQ(*r->Header("content-type"), "text/plain");
}

TEST_F(HttpsClientTest, ErrorStatusCodesAreResultsNotFailures) {
  StartServer([](HttpRequest&, std::shared_ptr<Responder> out) {
    out->Respond({404, "application/json", {}, "{\"reason\":\"NotFound\"}"});
  });
  auto client = NewClient();
  ASSERT_NE(client, nullptr);
  auto r = client->Request("GET", "/api/v1/namespaces/a/pods/missing");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->code, 404);
  EXPECT_EQ(r->body, "{\"reason\":\"NotFound\"}");
}

TEST_F(HttpsClientTest, KeepAliveReusesOneConnection) {
  StartServer([](HttpRequest& req, std::shared_ptr<Responder> out) {
    out->Respond({200, "text/plain", {}, req.remote_address});
  });
  auto client = NewClient();
  ASSERT_NE(client, nullptr);
  auto first = client->Request("GET", "/a");
  auto second = client->Request("GET", "/b");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_FALSE(first->body.empty());
  EXPECT_EQ(first->body, second->body);
  // A second client is a second connection.
  auto other = NewClient();
  ASSERT_NE(other, nullptr);
  auto third = other->Request("GET", "/c");
  ASSERT_TRUE(third.ok());
  EXPECT_NE(third->body, first->body);
}

TEST_F(HttpsClientTest, ReconnectsWhenTheServerClosedTheIdleConnection) {
  auto handler = [](HttpRequest& req, std::shared_ptr<Responder> out) {
    out->Respond({200, "text/plain", {}, req.path});
  };
  StartServer(handler);
  auto client = NewClient();
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->Request("GET", "/before").ok());
  uint16_t port = server_->port();
  server_->Stop();  // closes the client's kept-alive connection
  server_.reset();
  StartServer(handler, port);
  auto r = client->Request("GET", "/after");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "/after");
}

TEST_F(HttpsClientTest, RefusesAServerNotSignedByTheConfiguredCa) {
  StartServer([](HttpRequest&, std::shared_ptr<Responder> out) { out->Respond({}); });
  auto other = EnsurePki({dir_ + "/other-pki", {}});
  ASSERT_TRUE(other.ok());
  HttpsClientOptions o = ClientOptions();
  o.ca_file = other->ca_cert;
  auto client = HttpsClient::Create(o);
  ASSERT_TRUE(client.ok());
  auto r = (*client)->Request("GET", "/");
  EXPECT_FALSE(r.ok());
}

TEST_F(HttpsClientTest, ChecksTheServerNameAgainstTheCertificate) {
  StartServer([](HttpRequest&, std::shared_ptr<Responder> out) {
    out->Respond({200, "text/plain", {}, "hi"});
  });
  HttpsClientOptions o = ClientOptions();
  o.server_name = "kubernetes.default.svc";  // one of the serving certificate's names
  auto named = HttpsClient::Create(o);
  ASSERT_TRUE(named.ok());
  auto r = (*named)->Request("GET", "/");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "hi");

  o.server_name = "elsewhere.example.com";
  auto other = HttpsClient::Create(o);
  ASSERT_TRUE(other.ok());
  auto refused = (*other)->Request("GET", "/");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("hostname mismatch"), std::string::npos)
      << refused.status().ToString();
}

TEST_F(HttpsClientTest, ReadsALargeStreamedBodyWhole) {
  // 6 MiB in pieces of uneven sizes, so TLS records, chunks and reads all
  // end at different places.
  std::string expected;
  std::vector<std::string> pieces;
  for (int i = 0; expected.size() < (6u << 20); ++i) {
    std::string piece(static_cast<size_t>(1 + (i * 7919) % 70000), static_cast<char>('a' + i % 26));
    expected += piece;
    pieces.push_back(std::move(piece));
  }
  StartServer([&pieces](HttpRequest&, std::shared_ptr<Responder> out) {
    out->StartStream(200, "application/octet-stream");
    for (const auto& piece : pieces) out->Write(piece);
    out->End();
  });
  auto client = NewClient();
  ASSERT_NE(client, nullptr);
  for (int round = 0; round < 2; ++round) {  // the second on the kept-alive connection
    auto r = client->Request("GET", "/big");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->code, 200);
    ASSERT_EQ(r->body.size(), expected.size());
    EXPECT_TRUE(r->body == expected);
  }
}

TEST_F(HttpsClientTest, TimesOutWhenTheServerDoesNotAnswer) {
  std::mutex mu;
  std::vector<std::shared_ptr<Responder>> held;  // answered only after the client gave up
  StartServer([&](HttpRequest&, std::shared_ptr<Responder> out) {
    std::lock_guard lock(mu);
    held.push_back(std::move(out));
  });
  HttpsClientOptions o = ClientOptions();
  o.timeout = 300ms;
  auto client = HttpsClient::Create(o);
  ASSERT_TRUE(client.ok());
  auto r = (*client)->Request("GET", "/slow");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), Reason::kTimeout) << r.status().ToString();
  std::lock_guard lock(mu);
  for (auto& out : held) out->Respond({200, "text/plain", {}, "late"});
}

TEST_F(HttpsClientTest, MissingCertificateFileFailsAtCreate) {
  StartServer([](HttpRequest&, std::shared_ptr<Responder> out) { out->Respond({}); });
  HttpsClientOptions o = ClientOptions();
  o.cert_file = dir_ + "/nope.crt";
  EXPECT_FALSE(HttpsClient::Create(o).ok());
}

// A stream whose chunk boundaries fall inside lines (one line spans three
// chunks) and between them.
void StreamFourLines(HttpRequest&, std::shared_ptr<Responder> out) {
  out->StartStream(200, "application/json");
  out->Write("{\"a\":1}\n{\"b\"");
  out->Write(":");
  out->Write("2}\n");
  out->Write("{\"c\":3}\n{\"d\":4}\n");
  out->End();
}

TEST_F(HttpsClientTest, WatchDeliversWholeLinesAcrossChunks) {
  StartServer(StreamFourLines);
  auto client = NewClient();
  ASSERT_NE(client, nullptr);
  std::vector<std::string> lines;
  auto code = client->Watch("/api/v1/pods?watch=1", [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  });
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, 200);
  EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}", "{\"d\":4}"}));
  // The client is still usable for requests afterwards.
  auto r = client->Request("GET", "/x");
  EXPECT_TRUE(r.ok());
}

// Chunks queued faster than the connection writes them go out several to a
// write (up to 64 KiB); each must still arrive whole and in order, also
// past that bound and with a chunk bigger than it.
TEST_F(HttpsClientTest, ManyQueuedChunksArriveWholeAndInOrder) {
  std::vector<std::string> sent;
  for (int i = 0; i < 3000; ++i) {
    size_t pad = i == 1500 ? 100 * 1024 : static_cast<size_t>(i % 97) * 13;
    sent.push_back("{\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(pad, 'x') + "\"}");
  }
  StartServer([&sent](HttpRequest&, std::shared_ptr<Responder> out) {
    out->StartStream(200, "application/json");
    for (const auto& line : sent) out->Write(line + "\n");
    out->End();
  });
  auto client = NewClient();
  ASSERT_NE(client, nullptr);
  std::vector<std::string> lines;
  auto code = client->Watch("/w", [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  });
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, 200);
  ASSERT_EQ(lines.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) ASSERT_EQ(lines[i], sent[i]) << "line " << i;
}

TEST_F(HttpsClientTest, WatchStopsWhenTheCallbackSaysSo) {
  StartServer(StreamFourLines);
  auto client = NewClient();
  ASSERT_NE(client, nullptr);
  int seen = 0;
  auto code = client->Watch("/w", [&](std::string_view) { return ++seen < 2; });
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(seen, 2);
}

TEST_F(HttpsClientTest, CancelEndsAWatchThatNeverEnds) {
  StartServer([](HttpRequest&, std::shared_ptr<Responder> out) {
    out->StartStream(200, "application/json");
    out->Write("{\"type\":\"ADDED\"}\n");
  });
  auto client = NewClient();
  ASSERT_NE(client, nullptr);
  std::atomic<int> seen{0};
  StatusOr<int> code = Status::Internal("not run");
  std::thread watcher([&] {
    code = client->Watch("/w", [&](std::string_view) {
      ++seen;
      return true;
    });
  });
  ASSERT_TRUE(WaitFor([&] { return seen.load() == 1; }));
  client->Cancel();
  watcher.join();
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, 200);
}

TEST_F(HttpsClientTest, WatchPoolRunsManyStreamsAndReportsEachOnce) {
  StartServer(StreamFourLines);
  auto pool = WatchPool::Create(ClientOptions(), 2);
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  constexpr int kWatches = 40;
  std::atomic<int> lines{0}, opened{0}, done_ok{0}, done_total{0};
  for (int i = 0; i < kWatches; ++i) {
    WatchPool::Callbacks cb;
    cb.on_open = [&](int code) {
      if (code == 200) ++opened;
    };
    cb.on_line = [&](std::string_view) {
      ++lines;
      return true;
    };
    cb.on_done = [&](Status st) {
      if (st.ok()) ++done_ok;
      ++done_total;
    };
    (*pool)->Start("/w" + std::to_string(i), std::move(cb));
  }
  ASSERT_TRUE(WaitFor([&] { return done_total.load() == kWatches; }));
  EXPECT_EQ(opened.load(), kWatches);
  EXPECT_EQ(done_ok.load(), kWatches);
  EXPECT_EQ(lines.load(), 4 * kWatches);
  (*pool)->Stop();
}

TEST_F(HttpsClientTest, WatchPoolCancelAndStopEndOpenStreams) {
  StartServer([](HttpRequest&, std::shared_ptr<Responder> out) {
    out->StartStream(200, "application/json");
    out->Write("{}\n");
  });
  auto pool = WatchPool::Create(ClientOptions(), 2);
  ASSERT_TRUE(pool.ok());
  std::atomic<int> lines{0}, done{0};
  std::vector<WatchPool::WatchId> ids;
  for (int i = 0; i < 10; ++i) {
    WatchPool::Callbacks cb;
    cb.on_line = [&](std::string_view) {
      ++lines;
      return true;
    };
    cb.on_done = [&](Status) { ++done; };
    ids.push_back((*pool)->Start("/w", std::move(cb)));
  }
  ASSERT_TRUE(WaitFor([&] { return lines.load() == 10; }));
  (*pool)->Cancel(ids[0]);
  ASSERT_TRUE(WaitFor([&] { return done.load() == 1; }));
  (*pool)->Stop();
  EXPECT_EQ(done.load(), 10);
}

TEST_F(HttpsClientTest, WatchPoolReportsConnectionFailures) {
  StartServer([](HttpRequest&, std::shared_ptr<Responder> out) { out->Respond({}); });
  HttpsClientOptions o = ClientOptions();
  server_->Stop();
  server_.reset();
  auto pool = WatchPool::Create(o, 1);
  ASSERT_TRUE(pool.ok());
  std::atomic<int> failed{0};
  WatchPool::Callbacks cb;
  cb.on_done = [&](Status st) {
    if (!st.ok()) ++failed;
  };
  (*pool)->Start("/w", std::move(cb));
  EXPECT_TRUE(WaitFor([&] { return failed.load() == 1; }));
  (*pool)->Stop();
}

}  // namespace
}  // namespace kubepp::net
