#include "apiserver/apiserver.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <thread>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/codec/codec.h"
#include "api/openapi/openapi.h"
#include "api/resources/catalog.h"
#include "apiserver/api_handler.h"
#include "apiserver/authn/service_account_tokens.h"
#include "apiserver/discovery.h"
#include "apiserver/kubelet_proxy.h"
#include "apiserver/metricsapi/kubelet_scraper.h"
#include "apiserver/metricsapi/metrics_api.h"
#include "apiserver/metricsapi/metrics_collector.h"
#include "apiserver/metricsapi/metrics_storage.h"
#include "apiserver/object_meta.h"
#include "apiserver/request_info.h"
#include "apiserver/status_json.h"
#include "apiserver/version.h"
#include "base/log.h"
#include "base/metrics.h"
#include "net/http_server.h"
#include "net/pki.h"
#include "serviceaccount/keys.h"

namespace kubepp::apiserver {
namespace {

metrics::Family& RequestCounter() {
  static auto& f = metrics::Registry::Global().Counter(
      "apiserver_request_total", "Requests served, by verb, group, resource, subresource and HTTP code.",
      {"verb", "group", "resource", "subresource", "code"});
  return f;
}

metrics::Family& RequestLatency() {
  static auto& f = metrics::Registry::Global().Histogram(
      "apiserver_request_duration_seconds", "Time to the response's first byte, by verb, group and resource.",
      {"verb", "group", "resource"},
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60});
  return f;
}

metrics::Family& InflightGauge() {
  static auto& f = metrics::Registry::Global().Gauge(
      "apiserver_current_inflight_requests", "Requests being served now, by kind (readOnly, mutating).",
      {"request_kind"});
  return f;
}

// Wraps a Responder to count the request when its response starts.
class MeteredResponder final : public net::Responder {
 public:
  MeteredResponder(std::shared_ptr<net::Responder> inner, RequestInfo info, bool mutating)
      : inner_(std::move(inner)), info_(std::move(info)), mutating_(mutating),
        start_(std::chrono::steady_clock::now()) {
    InflightGauge().Add({mutating_ ? "mutating" : "readOnly"}, 1);
  }
  ~MeteredResponder() override {
    if (!counted_) Count(0);
  }

  // net::Responder:
  void Respond(net::HttpResponse response) override {
    Count(response.status);
    inner_->Respond(std::move(response));
  }
  void StartStream(int status, std::string content_type, net::Headers headers) override {
    Count(status);
    inner_->StartStream(status, std::move(content_type), std::move(headers));
  }
  void WriteShared(std::shared_ptr<const std::string> chunk) override { inner_->WriteShared(std::move(chunk)); }
  void End() override { inner_->End(); }
  void EndAfter(std::chrono::milliseconds d) override { inner_->EndAfter(d); }
  bool Closed() const override { return inner_->Closed(); }
  void OnClose(std::function<void()> fn) override { inner_->OnClose(std::move(fn)); }
  // A proxied exchange's code is the backend's: not counted here.
  void Hijack(std::function<void(std::shared_ptr<net::HijackedConnection>)> fn) override {
    inner_->Hijack(std::move(fn));
  }
  size_t PendingBytes() const override { return inner_->PendingBytes(); }
  void OnDrained(size_t below, std::function<void()> fn) override { inner_->OnDrained(below, std::move(fn)); }

 private:
  void Count(int code) {
    if (counted_.exchange(true)) return;
    InflightGauge().Add({mutating_ ? "mutating" : "readOnly"}, -1);
    std::string verb = info_.verb.empty() ? "OTHER" : info_.verb;
    for (auto& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    RequestCounter().Add({verb, info_.group, info_.resource, info_.subresource, std::to_string(code)});
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    RequestLatency().Observe({verb, info_.group, info_.resource}, seconds);
  }

  std::shared_ptr<net::Responder> inner_;
  RequestInfo info_;
  bool mutating_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<bool> counted_{false};
};

void RespondText(net::Responder& out, int code, std::string body, std::string type = "text/plain; charset=utf-8") {
  net::HttpResponse resp;
  resp.status = code;
  resp.content_type = std::move(type);
  resp.body = std::move(body);
  out.Respond(std::move(resp));
}

void RespondStatusJson(net::Responder& out, const Status& st) {
  net::HttpResponse resp;
  resp.status = st.http_code();
  resp.body = StatusJson(st);
  out.Respond(std::move(resp));
}

class ApiServerImpl final : public ApiServer {
 public:
  explicit ApiServerImpl(ApiServerOptions options) : options_(std::move(options)) {}
  ~ApiServerImpl() override { Stop(); }

  Status Init() {
    std::error_code ec;
    std::filesystem::create_directories(options_.data_dir, ec);
    if (ec) return Status::Unavailable("creating data dir " + options_.data_dir + ": " + ec.message());
    ::chmod(options_.data_dir.c_str(), 0700);

    net::PkiOptions pki_options;
    pki_options.dir = options_.data_dir + "/pki";
    if (options_.bind_address != "0.0.0.0" && options_.bind_address != "::") {
      pki_options.extra_sans.push_back(options_.bind_address);
    }
    auto pki = net::EnsurePki(pki_options);
    if (!pki.ok()) return pki.status();
    pki_ = *pki;

    store::EmbeddedOptions store_options;
    store_options.dir = options_.data_dir + "/store";
    store_options.fsync = options_.fsync;
    store_options.compress_values = options_.compress_store_values;
    store_options.commit_linger_us = options_.store_commit_linger_us;
    auto store = store::OpenEmbedded(store_options);
    if (!store.ok()) return store.status();
    store_ = std::move(*store);
    if (Status st = InitServiceAccountTokens(); !st.ok()) return st;
    handler_ = std::make_unique<ApiHandler>(store_.get(), tokens_.get());
    KubeletClientConfig kubelet_client;
    kubelet_client.cert_file = pki_.kubelet_client_cert;
    kubelet_client.key_file = pki_.kubelet_client_key;
    auto kubelet_proxy = KubeletProxy::Create(kubelet_client);
    if (!kubelet_proxy.ok()) return kubelet_proxy.status();
    handler_->SetKubeletProxy(std::move(*kubelet_proxy));

    metrics::Registry::Global().AddCollector([this](std::string& out) { Collect(out); });

    net::HttpServerOptions http;
    http.bind_address = options_.bind_address;
    http.port = options_.secure_port;
    http.cert_file = pki_.serving_cert;
    http.key_file = pki_.serving_key;
    http.client_ca_file = pki_.ca_cert;
    http.threads = options_.threads;
    Status st;
    auto server = net::HttpServer::Start(http, [this](net::HttpRequest& req, std::shared_ptr<net::Responder> out) {
      Serve(req, std::move(out));
    });
    if (!server.ok()) return server.status();
    http_ = std::move(*server);

    std::string host = options_.bind_address == "0.0.0.0" || options_.bind_address == "::" ? "127.0.0.1"
                                                                                          : options_.bind_address;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    std::string url = "https://" + host + ":" + std::to_string(http_->port());
    st = net::WriteKubeconfig(kubeconfig_path(), url, net::ReadFileOrEmpty(pki_.ca_cert),
                              net::ReadFileOrEmpty(pki_.admin_cert), net::ReadFileOrEmpty(pki_.admin_key));
    if (!st.ok()) return st;
    st = Bootstrap();
    if (!st.ok()) return st;
    StartResourceMetrics();
    ticker_ = std::thread([this] { Tick(); });
    ready_ = true;
    KLOG(INFO) << "apiserver serving on " << url << "; kubeconfig " << kubeconfig_path();
    return Status::Ok();
  }

  uint16_t port() const override { return http_ ? http_->port() : 0; }
  std::string kubeconfig_path() const override { return options_.data_dir + "/admin.kubeconfig"; }

  void SetComponentHealth(const std::string& name, HealthCheck check) override {
    handler_->SetComponentHealth(name, std::move(check));
  }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    ready_ = false;
    {
      std::lock_guard lock(tick_mu_);
      tick_stop_ = true;
    }
    tick_cv_.notify_all();
    if (ticker_.joinable()) ticker_.join();
    if (metrics_collector_) metrics_collector_->Stop();
    if (http_) http_->Stop();
    handler_.reset();
    tokens_.reset();
    if (store_) store_->Close();
  }

 private:
  Status InitServiceAccountTokens() {
    authn::ServiceAccountTokenOptions sa;
    sa.issuers = options_.service_account_issuers;
    sa.api_audiences = options_.api_audiences;
    sa.signing_key_file = options_.service_account_signing_key_file;
    if (sa.signing_key_file.empty()) {
      auto files = serviceaccount::EnsureSigningKeyFiles(options_.data_dir + "/pki");
      if (!files.ok()) return files.status();
      sa.signing_key_file = files->private_key;
    }
    sa.key_files = options_.service_account_key_files;
    sa.max_expiration_seconds = options_.service_account_max_token_expiration_seconds;
    sa.extend_expiration = options_.service_account_extend_token_expiration;
    auto tokens = authn::ServiceAccountTokens::Create(std::move(sa), store_.get());
    if (!tokens.ok()) return tokens.status();
    tokens_ = std::move(*tokens);
    return Status::Ok();
  }

  Status CreateIfMissing(const char* resource, boost::json::object obj, const char* group = "",
                         const char* version = "v1") {
    const auto* r = api::Catalog::Get().Find(group, version, resource);
    if (!r) return Status::Internal(std::string("catalog has no ") + resource);
    std::string ns = MetaString(obj, "namespace");
    if (handler_->registry().Get(*r, ns, MetaString(obj, "name")).ok()) return Status::Ok();
    std::promise<Status> done;
    auto result = done.get_future();
    handler_->registry().Create(*r, std::move(obj), {}, [&done](StatusOr<WriteResult> w) {
      done.set_value(w.ok() || w.status().IsAlreadyExists() ? Status::Ok() : w.status());
    });
    return result.get();
  }

  // metrics.k8s.io: the kubelets' /metrics/resource scraped every 15 s with
  // the apiserver's kubelet client identity.
  void StartResourceMetrics() {
    metrics_storage_ = std::make_unique<metricsapi::MetricsStorage>();
    metricsapi::HttpsScraperOptions scraper_options;
    scraper_options.client_cert_file = pki_.kubelet_client_cert;
    scraper_options.client_key_file = pki_.kubelet_client_key;
    scraper_options.timeout = std::chrono::seconds(5);
    kubelet_scraper_ = metricsapi::NewHttpsKubeletScraper(scraper_options);
    metrics_api_ = std::make_unique<metricsapi::MetricsApi>(handler_->registry(), *metrics_storage_);
    metrics_collector_ = std::make_unique<metricsapi::MetricsCollector>(
        [this] { return ListNodes(); }, *kubelet_scraper_, *metrics_storage_, Clock::Real());
    metrics_collector_->Start();
  }

  std::vector<boost::json::object> ListNodes() {
    std::vector<boost::json::object> out;
    const auto* nodes = api::Catalog::Get().Find("", "v1", "nodes");
    auto listed = handler_->registry().List(*nodes, ListOptions{});
    if (!listed.ok()) return out;
    for (const Record& record : listed->items) {
      if (auto node = api::DecodeStored(record.stored, record.revision); node.ok()) out.push_back(std::move(*node));
    }
    return out;
  }

  // The address other components reach this apiserver at: the first
  // non-loopback IPv4 address of the host, else loopback.
  std::string AdvertiseAddress() const {
    if (options_.bind_address != "0.0.0.0" && options_.bind_address != "::") return options_.bind_address;
    std::string found = "127.0.0.1";
    ifaddrs* addrs = nullptr;
    if (getifaddrs(&addrs) != 0) return found;
    for (ifaddrs* a = addrs; a; a = a->ifa_next) {
      if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || (a->ifa_flags & IFF_LOOPBACK)) continue;
      char buf[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, buf, sizeof(buf));
      found = buf;
      break;
    }
    freeifaddrs(addrs);
    return found;
  }

  // The `kubernetes` Service (10.96.0.1:443) and its Endpoints, as upstream's
  // apiserver keeps them in the default namespace.
  Status BootstrapKubernetesService() {
    const int64_t port = http_->port();
    auto parsed = api::ParseJson(
        R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"kubernetes","namespace":"default",)"
        R"("labels":{"component":"apiserver","provider":"kubernetes"}},"spec":{"type":"ClusterIP",)"
        R"("clusterIP":"10.96.0.1","sessionAffinity":"None","ports":[{"name":"https","port":443,"protocol":"TCP"}]}})");
    if (!parsed.ok()) return parsed.status();
    auto svc = parsed->as_object();
    svc["spec"].as_object()["ports"].as_array()[0].as_object()["targetPort"] = port;
    Status st = CreateIfMissing("services", std::move(svc));
    if (!st.ok()) return st;
    auto eps = api::ParseJson(R"({"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"kubernetes",)"
                              R"("namespace":"default","labels":{"endpointslice.kubernetes.io/skip-mirror":"true"}},)"
                              R"("subsets":[{"addresses":[{"ip":""}],"ports":[{"name":"https","protocol":"TCP"}]}]})");
    if (!eps.ok()) return eps.status();
    auto& subset = eps->as_object()["subsets"].as_array()[0].as_object();
    subset["addresses"].as_array()[0].as_object()["ip"] = AdvertiseAddress();
    subset["ports"].as_array()[0].as_object()["port"] = port;
    return CreateIfMissing("endpoints", std::move(eps->as_object()));
  }

  // The namespaces every cluster starts with.
  Status Bootstrap() {
    const auto* ns = api::Catalog::Get().Find("", "v1", "namespaces");
    if (!ns) return Status::Internal("catalog has no namespaces");
    for (const char* name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
      if (handler_->registry().Get(*ns, "", name).ok()) continue;
      boost::json::object obj;
      obj["apiVersion"] = "v1";
      obj["kind"] = "Namespace";
      boost::json::object meta;
      meta["name"] = name;
      boost::json::object labels;
      labels["kubernetes.io/metadata.name"] = name;
      meta["labels"] = std::move(labels);
      obj["metadata"] = std::move(meta);
      std::promise<Status> done;
      auto result = done.get_future();
      handler_->registry().Create(*ns, std::move(obj), {}, [&done](StatusOr<WriteResult> r) {
        done.set_value(r.ok() || r.status().IsAlreadyExists() ? Status::Ok() : r.status());
      });
      Status st = result.get();
      if (!st.ok()) return st;
    }
    if (Status st = BootstrapPriorityClasses(); !st.ok()) return st;
    return BootstrapKubernetesService();
  }

  // The two PriorityClasses upstream's apiserver keeps for system pods.
  Status BootstrapPriorityClasses() {
    struct Class {
      const char* name;
      int64_t value;
      const char* description;
    };
    for (const Class& c : {Class{"system-node-critical", 2000001000,
                                 "Used for system critical pods that must not be moved from their current node."},
                           Class{"system-cluster-critical", 2000000000,
                                 "Used for system critical pods that must run in the cluster, but can be moved to "
                                 "another node if necessary."}}) {
      boost::json::object pc{{"apiVersion", "scheduling.k8s.io/v1"},
                             {"kind", "PriorityClass"},
                             {"metadata", boost::json::object{{"name", c.name}}},
                             {"value", c.value},
                             {"globalDefault", false},
                             {"description", c.description},
                             {"preemptionPolicy", "PreemptLowerPriority"}};
      if (Status st = CreateIfMissing("priorityclasses", std::move(pc), "scheduling.k8s.io"); !st.ok()) return st;
    }
    return Status::Ok();
  }

  void Tick() {
    std::unique_lock lock(tick_mu_);
    while (!tick_stop_) {
      tick_cv_.wait_for(lock, std::chrono::seconds(60), [this] { return tick_stop_; });
      if (tick_stop_) break;
      lock.unlock();
      handler_->SendBookmarks();
      lock.lock();
    }
  }

  void Collect(std::string& out) {
    out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
           "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes " +
           std::to_string(metrics::ProcessResidentBytes()) + "\n";
    out += "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
           "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total " +
           std::to_string(metrics::ProcessCpuSeconds()) + "\n";
    if (store_) {
      auto stats = store_->Stats();
      out += "# HELP apiserver_storage_size_bytes Size of the storage database in bytes.\n"
             "# TYPE apiserver_storage_size_bytes gauge\napiserver_storage_size_bytes " +
             std::to_string(stats.db_size_bytes) + "\n";
      out += "# HELP apiserver_storage_objects Number of stored objects.\n"
             "# TYPE apiserver_storage_objects gauge\napiserver_storage_objects " + std::to_string(stats.keys) + "\n";
      out +=
          "# HELP kubepp_store_commit_groups_total Write groups the store made durable, at most "
          "one fsync each.\n"
          "# TYPE kubepp_store_commit_groups_total counter\nkubepp_store_commit_groups_total " +
          std::to_string(stats.commit_groups) + "\n";
      out +=
          "# HELP kubepp_store_committed_writes_total Writes those groups carried.\n"
          "# TYPE kubepp_store_committed_writes_total "
          "counter\nkubepp_store_committed_writes_total " +
          std::to_string(stats.committed_writes) + "\n";
      out +=
          "# HELP kubepp_store_commit_lingers_total Groups whose commit waited for more writes to "
          "join.\n"
          "# TYPE kubepp_store_commit_lingers_total counter\nkubepp_store_commit_lingers_total " +
          std::to_string(stats.commit_lingers) + "\n";
    }
    if (handler_) {
      out += "# HELP apiserver_registered_watchers Number of open watches.\n"
             "# TYPE apiserver_registered_watchers gauge\napiserver_registered_watchers " +
             std::to_string(handler_->open_watches()) + "\n";
    }
  }

  void Health(const net::HttpRequest& req, std::string_view path, net::Responder& out) {
    std::vector<std::pair<std::string, bool>> checks = {{"ping", true}, {"log", true}};
    bool store_ok = store_ && store_->CurrentRevision() >= 0;
    checks.emplace_back("etcd", store_ok);
    if (path.rfind("/readyz", 0) == 0) checks.emplace_back("informer-sync", ready_.load());
    bool all = true;
    for (auto& [n, ok] : checks) all = all && ok;
    auto query = ParseQuery(req.query);
    std::string base = std::string(path.substr(0, path.find('/', 1)));
    if (path.size() > base.size()) {
      std::string check(path.substr(base.size() + 1));
      for (auto& [n, ok] : checks) {
        if (n == check) return RespondText(out, ok ? 200 : 500, ok ? "ok" : "internal server error");
      }
      return RespondText(out, 404, "404 page not found\n");
    }
    if (query.count("verbose")) {
      std::string body;
      for (auto& [n, ok] : checks) body += std::string(ok ? "[+]" : "[-]") + n + (ok ? " ok\n" : " failed: reason withheld\n");
      body += base.substr(1) + (all ? " check passed\n" : " check failed\n");
      return RespondText(out, all ? 200 : 500, body);
    }
    RespondText(out, all ? 200 : 500, all ? "ok" : base.substr(1) + " check failed");
  }

  void Serve(net::HttpRequest& req, std::shared_ptr<net::Responder> out) {
    std::string_view path = req.path;
    const bool is_health = path.rfind("/healthz", 0) == 0 || path.rfind("/livez", 0) == 0 ||
                           path.rfind("/readyz", 0) == 0;
    // Health and version are public, as upstream's system:public-info-viewer makes them.
    if (is_health) return Health(req, path, *out);
    if (path == "/version" || path == "/version/") {
      const auto& v = Version();
      boost::json::object o;
      o["major"] = v.major;
      o["minor"] = v.minor;
      o["gitVersion"] = v.git_version;
      o["gitCommit"] = v.git_commit;
      o["gitTreeState"] = v.git_tree_state;
      o["buildDate"] = v.build_date;
      o["goVersion"] = v.go_version;
      o["compiler"] = v.compiler;
      o["platform"] = v.platform;
      return RespondText(*out, 200, boost::json::serialize(o), "application/json");
    }
    auto user = handler_->authenticator().Authenticate(req);
    if (!user.ok()) {
      VLOG(4) << "unauthorized " << req.method << " " << path << " from " << req.remote_address << ": "
              << user.status().message();
      return RespondStatusJson(*out, Status::Unauthorized("Unauthorized"));
    }
    // Authorization: every authenticated user may do everything (upstream's
    // --authorization-mode=AlwaysAllow); kubepp has no RBAC authorizer yet, so
    // service accounts are as powerful as the admin.
    if (req.read_error == net::HttpRequest::ReadError::kBodyTooLarge) {
      return RespondStatusJson(*out, Status::TooLarge("Request entity too large: limit is 3145728"));
    }
    if (req.read_error == net::HttpRequest::ReadError::kMalformed) {
      return RespondStatusJson(*out, Status::BadRequest("the request body could not be read"));
    }
    if (path == "/.well-known/openid-configuration") {
      net::HttpResponse resp;
      resp.content_type = "application/json";
      resp.headers.emplace_back("Cache-Control", "public, max-age=3600");
      resp.body = tokens_->OpenIdConfiguration("https://" + AdvertiseAddress() + ":" + std::to_string(port()) +
                                               "/openid/v1/jwks");
      return out->Respond(std::move(resp));
    }
    if (path == "/openid/v1/jwks") {
      net::HttpResponse resp;
      resp.content_type = "application/jwk-set+json";
      resp.headers.emplace_back("Cache-Control", "public, max-age=3600");
      resp.body = tokens_->Jwks();
      return out->Respond(std::move(resp));
    }
    if (path == "/metrics") return RespondText(*out, 200, metrics::Registry::Global().Render(), "text/plain; version=0.0.4");
    if (path == "/openapi/v2" || path == "/swagger.json") {
      // kubectl 1.27 and 1.28 ask for the protobuf form; newer ones for JSON.
      const std::string* accept = req.Header("accept");
      auto doc = api::OpenApiV2For(accept ? *accept : "");
      return RespondText(*out, 200, *doc.body, std::string(doc.content_type));
    }
    if (path == "/openapi/v3" || path == "/openapi/v3/") return RespondText(*out, 200, api::OpenApiV3Index(), "application/json");
    if (path.rfind("/openapi/v3/", 0) == 0) {
      const std::string* doc = api::OpenApiV3Document(path.substr(std::string_view("/openapi/v3/").size()));
      if (!doc) return RespondText(*out, 404, "404 page not found\n");
      return RespondText(*out, 200, *doc, "application/json");
    }
    auto query = ParseQuery(req.query);
    auto watch_it = query.find("watch");
    bool watch = watch_it != query.end() && IsTrue(watch_it->second);
    RequestInfo info = ParseRequestInfo(req.method, path, watch);
    if (!info.is_resource_request) {
      if (req.method != "GET" && req.method != "HEAD") {
        return RespondStatusJson(*out, Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
      }
      std::string content_type;
      const std::string* accept = req.Header("accept");
      const std::string* doc = DiscoveryDocument(path, accept ? *accept : "", &content_type);
      if (doc) return RespondText(*out, 200, *doc, content_type);
      if (path == "/") {
        return RespondText(*out, 200, "{\"paths\":[\"/api\",\"/api/v1\",\"/apis\",\"/healthz\",\"/livez\",\"/metrics\",\"/openapi/v2\",\"/openapi/v3\",\"/readyz\",\"/version\"]}", "application/json");
      }
      return RespondStatusJson(*out, Status::NotFound("the server could not find the requested resource"));
    }
    const bool mutating = info.verb != "get" && info.verb != "list" && info.verb != "watch";
    auto metered = std::make_shared<MeteredResponder>(std::move(out), info, mutating);
    if (info.group == metricsapi::kMetricsGroup) return metrics_api_->Handle(info, req, metered);
    handler_->Handle(info, *user, req, metered);
  }

  ApiServerOptions options_;
  net::PkiPaths pki_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<authn::ServiceAccountTokens> tokens_;
  std::unique_ptr<ApiHandler> handler_;
  std::unique_ptr<metricsapi::MetricsStorage> metrics_storage_;
  std::unique_ptr<metricsapi::KubeletScraper> kubelet_scraper_;
  std::unique_ptr<metricsapi::MetricsApi> metrics_api_;
  std::unique_ptr<metricsapi::MetricsCollector> metrics_collector_;
  std::unique_ptr<net::HttpServer> http_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopped_{false};
  std::thread ticker_;
  std::mutex tick_mu_;
  std::condition_variable tick_cv_;
  bool tick_stop_ = false;  // guarded by tick_mu_
};

}  // namespace

StatusOr<std::unique_ptr<ApiServer>> ApiServer::Start(const ApiServerOptions& options) {
  auto server = std::make_unique<ApiServerImpl>(options);
  Status st = server->Init();
  if (!st.ok()) {
    server->Stop();
    return st;
  }
  return std::unique_ptr<ApiServer>(std::move(server));
}

}  // namespace kubepp::apiserver
