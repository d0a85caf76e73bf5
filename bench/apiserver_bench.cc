// apiserver_bench: runs a real `kubepp apiserver` (the store and the API server) on a free port
// with a temp data dir and measures, over HTTPS with client certificates, what users feel:
//   (a) ConfigMap create/get/update by N concurrent clients (one connection each);
//   (b) LIST of many realistic pods (~3 KiB each) as JSON and as a Table;
//   (c) many concurrent watches receiving pod updates: delivery latency, losses;
//   (d) the server's resident memory idle and holding the pods.
// Every figure is one line "apiserver <metric> <value> <unit>"; the targets
// follow as "target ..." lines. --quick scales everything down for CI.
//
// The server is stopped (SIGTERM) and the temp dir removed at the end, also
// when a phase fails.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cluster_processes.h"
#include "net/https_client.h"

namespace kubepp::bench {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr double kTargetWriteP99Ms = 10;
constexpr double kTargetListMs = 150;
constexpr double kTargetIdleRssMiB = 30;
constexpr const char* kSeqAnnotation = "bench.kubepp.io/seq";

struct Config {
  std::string kubepp;  // the binary; found by FindKubepp when empty
  bool quick = false;
  bool keep = false;  // keep the temp dir (for debugging)
  int clients = 32;
  int configmaps_per_client = 250;
  int pods = 10000;
  int namespaces = 100;  // pods spread round-robin; watchers too
  int lists = 20;
  int watchers = 1000;
  int watch_threads = 2;
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void Print(const std::string& metric, double value, const std::string& unit) {
  int decimals = value >= 100 || value == std::floor(value) ? 0 : 2;
  std::printf("apiserver %s %.*f %s\n", metric.c_str(), decimals, value, unit.c_str());
  std::fflush(stdout);
}

// p in [0,100]; nearest-rank on a sorted copy.
double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

// ---- the server process ----------------------------------------------------

// The port is in the kubeconfig the server writes once it listens.
StatusOr<uint16_t> WaitForPort(ChildProcess& server, const std::string& kubeconfig,
                               Clock::duration timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    std::string text = ReadFile(kubeconfig);
    // server: "https://127.0.0.1:PORT" (quoted or not)
    auto at = text.find("server:");
    auto url = at == std::string::npos ? at : text.find("https://", at);
    if (url != std::string::npos) {
      auto colon = text.find(':', url + 8);
      auto eol = text.find('\n', url);
      if (colon != std::string::npos && colon < eol) {
        int port = std::atoi(text.c_str() + colon + 1);
        if (port > 0 && port < 65536) return static_cast<uint16_t>(port);
      }
    }
    if (!server.Running()) return Status::Unavailable("server exited:\n" + server.LogTail());
    std::this_thread::sleep_for(20ms);
  }
  return Status::Timeout("no server URL in " + kubeconfig + ":\n" + server.LogTail());
}

Status WaitForReady(ChildProcess& server, net::HttpsClient& client, Clock::duration timeout) {
  auto deadline = Clock::now() + timeout;
  std::string last;
  while (Clock::now() < deadline) {
    auto r = client.Request("GET", "/readyz", {}, {}, "text/plain");
    if (r.ok() && r->code == 200 && r->body == "ok") return Status::Ok();
    last = r.ok() ? std::to_string(r->code) + " " + r->body : r.status().ToString();
    if (!server.Running()) return Status::Unavailable("server exited:\n" + server.LogTail());
    std::this_thread::sleep_for(20ms);
  }
  return Status::Timeout("/readyz never answered ok; last: " + last);
}

// ---- objects ---------------------------------------------------------------

std::string ConfigMapJson(const std::string& name, int version) {
  json::object data;
  data["app.properties"] =
      "log.level=info\ncache.size=256\nfeature.x=" + std::to_string(version) + "\n";
  data["endpoint"] = "https://backend.example.svc.cluster.local:8443/api";
  data["replicas"] = std::to_string(3 + version % 5);
  json::object labels{{"app", "bench"}, {"tier", "config"}};
  json::object cm{{"apiVersion", "v1"},
                  {"kind", "ConfigMap"},
                  {"metadata", json::object{{"name", name}, {"labels", labels}}},
                  {"data", std::move(data)}};
  return json::serialize(cm);
}

std::string Hex64(int seed) {
  static const char* kHex = "0123456789abcdef";
  std::string s(64, '0');
  uint64_t x = 0x9e3779b97f4a7c15ull * static_cast<uint64_t>(seed + 1);
  for (auto& c : s) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    c = kHex[x & 15];
  }
  return s;
}

// A pod as a Deployment's ReplicaSet would create it, after the scheduler
// and the service account admission: ~3 KiB with its status.
std::string PodJson(const std::string& ns, const std::string& name, int i) {
  std::string node = "node-" + std::to_string(i % 50);
  std::string s;
  s.reserve(4096);
  s +=
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name + R"(","namespace":")" + ns +
      R"(","labels":{"app":"web","tier":"frontend","release":"stable","pod-template-hash":"5d4f8c7b9"},)"
      R"("annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9090"},)"
      R"("ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-5d4f8c7b9","uid":"6a1f2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d","controller":true,"blockOwnerDeletion":true}]},)";
  s +=
      R"("spec":{"containers":[{"name":"web","image":"registry.example.com/team/web:1.25.3","imagePullPolicy":"IfNotPresent",)"
      R"("ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],)"
      R"("env":[{"name":"LOG_LEVEL","value":"info"},{"name":"DATABASE_URL","value":"postgres://db.example.svc.cluster.local:5432/app"},)"
      R"({"name":"CACHE_SIZE","value":"256"},)"
      R"({"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},)"
      R"({"name":"POD_IP","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}}],)"
      R"("resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"256Mi"}},)"
      R"("livenessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"initialDelaySeconds":10,"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},)"
      R"("readinessProbe":{"httpGet":{"path":"/ready","port":"http","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":5,"successThreshold":1,"failureThreshold":3},)"
      R"("volumeMounts":[{"name":"config","readOnly":true,"mountPath":"/etc/web"},{"name":"cache","mountPath":"/var/cache/web"},)"
      R"({"name":"kube-api-access","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],)"
      R"("terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],)"
      R"("volumes":[{"name":"config","configMap":{"name":"web-config","defaultMode":420}},{"name":"cache","emptyDir":{"sizeLimit":"1Gi"}},)"
      R"({"name":"kube-api-access","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},)"
      R"({"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},)"
      R"({"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}}],)"
      R"("restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default",)"
      R"("nodeName":")" +
      node +
      R"(","schedulerName":"default-scheduler",)"
      R"("tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},)"
      R"({"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]}})";
  return s;
}

std::string PodStatusPatch(int i) {
  std::string ip = "10.244." + std::to_string(i / 250 % 250) + "." + std::to_string(i % 250 + 2);
  std::string host = "10.0.0." + std::to_string(i % 50 + 10);
  const char* t = "2024-05-01T10:00:00Z";
  std::string s = R"({"status":{"phase":"Running","conditions":[)";
  for (const char* type : {"Initialized", "Ready", "ContainersReady", "PodScheduled"}) {
    s += std::string(R"({"type":")") + type +
         R"(","status":"True","lastProbeTime":null,"lastTransitionTime":")" + t + R"("},)";
  }
  s.pop_back();
  s += R"(],"hostIP":")" + host + R"(","hostIPs":[{"ip":")" + host + R"("}],"podIP":")" + ip +
       R"(","podIPs":[{"ip":")" + ip + R"("}],"startTime":")" + t + R"(","containerStatuses":[)";
  s +=
      R"({"name":"web","state":{"running":{"startedAt":")" + std::string(t) +
      R"("}},"lastState":{},"ready":true,"restartCount":0,"image":"registry.example.com/team/web:1.25.3",)"
      R"("imageID":"registry.example.com/team/web@sha256:)" +
      Hex64(3) + R"(","containerID":"containerd://)" + Hex64(i * 2 + 1) +
      R"(","started":true}],"qosClass":"Burstable"}})";
  return s;
}

// ---- running clients in parallel --------------------------------------------

// Clients with their connections open, as a client's connection pool holds
// them: the TLS handshakes of 32 clients starting at once are not writes,
// and timed among the first requests they made the write p99 a measure of
// connection setup.
std::vector<std::unique_ptr<net::HttpsClient>> MakeClients(const net::HttpsClientOptions& o,
                                                           int n) {
  std::vector<std::unique_ptr<net::HttpsClient>> out;
  for (int i = 0; i < n; ++i) {
    auto c = net::HttpsClient::Create(o);
    StatusOr<net::HttpResult> version =
        c.ok() ? (*c)->Request("GET", "/version") : StatusOr<net::HttpResult>(c.status());
    if (!version.ok()) {
      std::fprintf(stderr, "client: %s\n", version.status().ToString().c_str());
      std::exit(1);
    }
    out.push_back(std::move(*c));
  }
  return out;
}

// Latencies (ms) of one kind of operation across all threads, and errors.
struct OpStats {
  std::vector<double> ms;
  int errors = 0;
  std::string first_error;
  double wall_s = 0;
};

// Runs op(client, thread, i) for i in [0,count) on every client's own
// thread, all starting together; op returns "" on success or an error text.
OpStats RunParallel(std::vector<std::unique_ptr<net::HttpsClient>>& clients, int count,
                    const std::function<std::string(net::HttpsClient&, int thread, int i)>& op) {
  OpStats total;
  std::mutex mu;
  std::barrier start(static_cast<std::ptrdiff_t>(clients.size()) + 1);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < clients.size(); ++t) {
    threads.emplace_back([&, t] {
      std::vector<double> ms;
      ms.reserve(static_cast<size_t>(count));
      int errors = 0;
      std::string first;
      start.arrive_and_wait();
      for (int i = 0; i < count; ++i) {
        auto t0 = Clock::now();
        std::string err = op(*clients[t], static_cast<int>(t), i);
        ms.push_back(Ms(Clock::now() - t0));
        if (!err.empty()) {
          ++errors;
          if (first.empty()) first = std::move(err);
        }
      }
      std::lock_guard lock(mu);
      total.ms.insert(total.ms.end(), ms.begin(), ms.end());
      total.errors += errors;
      if (total.first_error.empty()) total.first_error = std::move(first);
    });
  }
  start.arrive_and_wait();
  auto t0 = Clock::now();
  for (auto& th : threads) th.join();
  total.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return total;
}

std::string Expect(const StatusOr<net::HttpResult>& r, int code) {
  if (!r.ok()) return r.status().ToString();
  if (r->code != code) return "HTTP " + std::to_string(r->code) + ": " + r->body.substr(0, 400);
  return {};
}

void Report(const std::string& kind, const OpStats& s) {
  Print(kind + "_throughput", static_cast<double>(s.ms.size()) / std::max(s.wall_s, 1e-9), "ops/s");
  Print(kind + "_p50", Percentile(s.ms, 50), "ms");
  Print(kind + "_p99", Percentile(s.ms, 99), "ms");
  if (s.errors > 0) {
    Print(kind + "_errors", s.errors, "requests");
    std::fprintf(stderr, "%s: first error: %s\n", kind.c_str(), s.first_error.c_str());
  }
}

std::string ResourceVersionOf(const std::string& body) {
  // Cheap: the first "resourceVersion":"..." is metadata's (object or list).
  static const std::string kKey = "\"resourceVersion\":\"";
  auto at = body.find(kKey);
  if (at == std::string::npos) return {};
  auto end = body.find('"', at + kKey.size());
  return body.substr(at + kKey.size(), end - at - kKey.size());
}

// ---- phases ------------------------------------------------------------------

struct Results {
  double write_p99 = -1;
  double list_json_p99 = -1, list_table_p99 = -1;
  double idle_rss = -1;
  int pods = 0;
};

Status CreateNamespace(net::HttpsClient& c, const std::string& name) {
  std::string body =
      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + name + R"("}})";
  auto r = c.Request("POST", "/api/v1/namespaces", "application/json", body);
  if (!r.ok()) return r.status();
  if (r->code != 201 && r->code != 409)
    return Status::Internal("creating namespace " + name + ": " + r->body);
  // Without the controller-manager nobody else makes the account that
  // ServiceAccount admission gives every pod.
  r = c.Request("POST", "/api/v1/namespaces/" + name + "/serviceaccounts", "application/json",
                R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})");
  if (!r.ok()) return r.status();
  if (r->code != 201 && r->code != 409)
    return Status::Internal("creating the default service account of " + name + ": " + r->body);
  return Status::Ok();
}

Status ConfigMaps(const Config& cfg, const net::HttpsClientOptions& o, Results& res) {
  auto admin = net::HttpsClient::Create(o);
  KUBEPP_RETURN_IF_ERROR(CreateNamespace(**admin, "bench-cm"));
  auto clients = MakeClients(o, cfg.clients);
  const std::string base = "/api/v1/namespaces/bench-cm/configmaps";
  auto name = [](int t, int i) { return "cm-" + std::to_string(t) + "-" + std::to_string(i); };
  // Resource versions from create, so updates are the optimistic-concurrency
  // kind that controllers and kubectl send.
  std::vector<std::vector<std::string>> rvs(
      static_cast<size_t>(cfg.clients),
      std::vector<std::string>(static_cast<size_t>(cfg.configmaps_per_client)));
  int n = cfg.configmaps_per_client;
  OpStats create = RunParallel(clients, n, [&](net::HttpsClient& c, int t, int i) {
    auto r = c.Request("POST", base, "application/json", ConfigMapJson(name(t, i), 0));
    if (r.ok() && r->code == 201)
      rvs[static_cast<size_t>(t)][static_cast<size_t>(i)] = ResourceVersionOf(r->body);
    return Expect(r, 201);
  });
  Report("configmap_create", create);
  OpStats get = RunParallel(clients, n, [&](net::HttpsClient& c, int t, int i) {
    return Expect(c.Request("GET", base + "/" + name(t, i)), 200);
  });
  Report("configmap_get", get);
  OpStats update = RunParallel(clients, n, [&](net::HttpsClient& c, int t, int i) {
    std::string body = ConfigMapJson(name(t, i), 1);
    const std::string& rv = rvs[static_cast<size_t>(t)][static_cast<size_t>(i)];
    // Insert metadata.resourceVersion right after the name.
    std::string key = "\"name\":\"" + name(t, i) + "\"";
    body.insert(body.find(key) + key.size(), ",\"resourceVersion\":\"" + rv + "\"");
    return Expect(c.Request("PUT", base + "/" + name(t, i), "application/json", body), 200);
  });
  Report("configmap_update", update);
  res.write_p99 = std::max(Percentile(create.ms, 99), Percentile(update.ms, 99));
  if (create.errors || get.errors || update.errors)
    return Status::Internal("configmap requests failed");
  return Status::Ok();
}

std::string PodNamespace(int i, int namespaces) {
  return "bench-" + std::to_string(i % namespaces);
}
std::string PodName(int i) { return "web-5d4f8c7b9-" + std::to_string(i); }

Status CreatePods(const Config& cfg, const net::HttpsClientOptions& o) {
  auto admin = net::HttpsClient::Create(o);
  for (int k = 0; k < cfg.namespaces; ++k) {
    KUBEPP_RETURN_IF_ERROR(CreateNamespace(**admin, "bench-" + std::to_string(k)));
  }
  auto clients = MakeClients(o, cfg.clients);
  int per_client = (cfg.pods + cfg.clients - 1) / cfg.clients;
  size_t pod_bytes = PodJson("bench-0", PodName(0), 0).size() + PodStatusPatch(0).size();
  Print("pod_json_size", static_cast<double>(pod_bytes), "bytes");
  OpStats create =
      RunParallel(clients, per_client, [&](net::HttpsClient& c, int t, int i) -> std::string {
        int p = t * per_client + i;
        if (p >= cfg.pods) return {};
        std::string ns = PodNamespace(p, cfg.namespaces);
        auto r = c.Request("POST", "/api/v1/namespaces/" + ns + "/pods", "application/json",
                           PodJson(ns, PodName(p), p));
        std::string err = Expect(r, 201);
        if (!err.empty()) return err;
        // The kubelet reports status through the status subresource; create drops it.
        return Expect(
            c.Request("PATCH", "/api/v1/namespaces/" + ns + "/pods/" + PodName(p) + "/status",
                      "application/merge-patch+json", PodStatusPatch(p)),
            200);
      });
  Report("pod_create_and_status", create);
  if (create.errors) return Status::Internal("pod creation failed");
  return Status::Ok();
}

Status Lists(const Config& cfg, const net::HttpsClientOptions& o, Results& res,
             std::string* list_rv) {
  auto client = net::HttpsClient::Create(o);
  auto& c = **client;
  // The first LIST checks the count (and warms caches); it is not timed.
  auto first = c.Request("GET", "/api/v1/pods");
  if (std::string err = Expect(first, 200); !err.empty())
    return Status::Internal("LIST pods: " + err);
  try {
    json::value list = json::parse(first->body);
    size_t items = list.at("items").as_array().size();
    if (items != static_cast<size_t>(cfg.pods)) {
      return Status::Internal("LIST returned " + std::to_string(items) + " pods, want " +
                              std::to_string(cfg.pods));
    }
    *list_rv = json::value_to<std::string>(list.at("metadata").at("resourceVersion"));
    size_t one = json::serialize(list.at("items").as_array()[0]).size();
    Print("pod_stored_size", static_cast<double>(one), "bytes");
  } catch (const std::exception& e) {
    return Status::Internal(std::string("LIST pods: bad JSON: ") + e.what());
  }
  Print("list_pods_json_bytes", static_cast<double>(first->body.size()), "bytes");
  std::string tag = "list_" + std::to_string(cfg.pods) + "_pods_";
  for (int table = 0; table < 2; ++table) {
    const char* accept =
        table ? "application/json;as=Table;v=v1;g=meta.k8s.io" : "application/json";
    std::vector<double> ms;
    size_t bytes = 0;
    for (int i = 0; i < cfg.lists; ++i) {
      auto t0 = Clock::now();
      auto r = c.Request("GET", "/api/v1/pods", {}, {}, accept);
      ms.push_back(Ms(Clock::now() - t0));
      if (std::string err = Expect(r, 200); !err.empty())
        return Status::Internal("LIST pods: " + err);
      if (table && r->body.find("\"kind\":\"Table\"") == std::string::npos) {
        return Status::Internal("LIST as Table did not return a Table: " + r->body.substr(0, 200));
      }
      bytes = r->body.size();
    }
    std::string kind = tag + (table ? "table" : "json");
    Print(kind + "_p50", Percentile(ms, 50), "ms");
    Print(kind + "_p99", Percentile(ms, 99), "ms");
    if (table) Print("list_pods_table_bytes", static_cast<double>(bytes), "bytes");
    (table ? res.list_table_p99 : res.list_json_p99) = Percentile(ms, 99);
  }
  return Status::Ok();
}

// One watcher's view: which update (by sequence) arrived when. Written only
// by the watch's own strand; read after the pool has stopped.
struct Watcher {
  int ns = 0;
  std::vector<std::pair<int, Clock::time_point>> got;
  int errors = 0;
};

int SeqOf(std::string_view line) {
  static const std::string kKey = std::string("\"") + kSeqAnnotation + "\":\"";
  auto at = line.find(kKey);
  if (at == std::string_view::npos) return -1;
  return std::atoi(std::string(line.substr(at + kKey.size(), 12)).c_str());
}

Status Watches(const Config& cfg, const net::HttpsClientOptions& o, const std::string& rv,
               pid_t server) {
  auto pool_or = net::WatchPool::Create(o, cfg.watch_threads);
  if (!pool_or.ok()) return pool_or.status();
  auto& pool = **pool_or;
  std::vector<Watcher> watchers(static_cast<size_t>(cfg.watchers));
  std::atomic<int> opened{0}, failed{0}, received{0};
  std::mutex err_mu;
  std::string first_error;
  auto t_open = Clock::now();
  for (int w = 0; w < cfg.watchers; ++w) {
    Watcher& me = watchers[static_cast<size_t>(w)];
    me.ns = w % cfg.namespaces;
    me.got.reserve(static_cast<size_t>(cfg.pods / cfg.namespaces + 1));
    net::WatchPool::Callbacks cb;
    cb.on_open = [&](int code) {
      if (code == 200) {
        ++opened;
      } else {
        ++failed;
      }
    };
    cb.on_line = [&me, &received](std::string_view line) {
      auto now = Clock::now();
      if (line.find("\"type\":\"ERROR\"") != std::string_view::npos) {
        ++me.errors;
        return true;
      }
      int seq = SeqOf(line);
      if (seq >= 0) {
        me.got.emplace_back(seq, now);
        ++received;
      }
      return true;
    };
    cb.on_done = [&](Status st) {
      if (!st.ok()) {
        ++failed;
        std::lock_guard lock(err_mu);
        if (first_error.empty()) first_error = st.ToString();
      }
    };
    pool.Start("/api/v1/namespaces/bench-" + std::to_string(me.ns) +
                   "/pods?watch=1&resourceVersion=" + rv + "&timeoutSeconds=3600",
               std::move(cb));
  }
  auto deadline = Clock::now() + 120s;
  while (opened.load() + failed.load() < cfg.watchers && Clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  Print("watch_open_all", Ms(Clock::now() - t_open), "ms");
  Print("rss_with_" + std::to_string(cfg.watchers) + "_watches_open", RssMiB(server), "MiB");
  if (opened.load() != cfg.watchers) {
    pool.Stop();
    return Status::Internal(std::to_string(opened.load()) + " of " + std::to_string(cfg.watchers) +
                            " watches opened; first error: " + first_error);
  }

  // Each pod is patched once; its index is the update's sequence number.
  std::vector<Clock::time_point> answered(static_cast<size_t>(cfg.pods));
  auto clients = MakeClients(o, cfg.clients);
  int per_client = (cfg.pods + cfg.clients - 1) / cfg.clients;
  OpStats patch =
      RunParallel(clients, per_client, [&](net::HttpsClient& c, int t, int i) -> std::string {
        int p = i * cfg.clients + t;  // interleave so namespaces see updates throughout
        if (p >= cfg.pods) return {};
        std::string body = std::string(R"({"metadata":{"annotations":{")") + kSeqAnnotation +
                           R"(":")" + std::to_string(p) + R"("}}})";
        auto r = c.Request(
            "PATCH",
            "/api/v1/namespaces/" + PodNamespace(p, cfg.namespaces) + "/pods/" + PodName(p),
            "application/merge-patch+json", body);
        answered[static_cast<size_t>(p)] = Clock::now();
        return Expect(r, 200);
      });
  Report("pod_patch", patch);

  // Every watcher sees the updates of its namespace's pods.
  std::vector<int> per_ns(static_cast<size_t>(cfg.namespaces), 0);
  for (int p = 0; p < cfg.pods; ++p) ++per_ns[static_cast<size_t>(p % cfg.namespaces)];
  long expected = 0;
  for (const auto& w : watchers) expected += per_ns[static_cast<size_t>(w.ns)];
  auto drain_start = Clock::now();
  deadline = drain_start + 60s;
  while (received.load() < expected && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  Print("watch_drain_after_last_patch", Ms(Clock::now() - drain_start), "ms");
  pool.Stop();

  std::vector<double> lat;
  lat.reserve(static_cast<size_t>(expected));
  long lost = 0, duplicates = 0, early = 0, errors = 0;
  for (const auto& w : watchers) {
    std::vector<char> seen(static_cast<size_t>(cfg.pods), 0);
    long distinct = 0;
    for (const auto& [seq, at] : w.got) {
      if (seq >= cfg.pods) continue;
      if (seen[static_cast<size_t>(seq)]++) {
        ++duplicates;
        continue;
      }
      ++distinct;
      double ms = Ms(at - answered[static_cast<size_t>(seq)]);
      // The event may overtake the PATCH response on its way to the client.
      if (ms < 0) {
        ++early;
        ms = 0;
      }
      lat.push_back(ms);
    }
    lost += per_ns[static_cast<size_t>(w.ns)] - distinct;
    errors += w.errors;
  }
  Print("watch_events_delivered", static_cast<double>(lat.size()), "events");
  Print("watch_delivery_p50", Percentile(lat, 50), "ms");
  Print("watch_delivery_p99", Percentile(lat, 99), "ms");
  Print("watch_events_lost", static_cast<double>(lost), "events");
  if (duplicates) Print("watch_events_duplicated", static_cast<double>(duplicates), "events");
  if (errors) Print("watch_error_events", static_cast<double>(errors), "events");
  Print("watch_events_before_patch_response", static_cast<double>(early), "events");
  if (!first_error.empty()) std::fprintf(stderr, "watch: first error: %s\n", first_error.c_str());
  if (patch.errors) return Status::Internal("pod patches failed");
  if (lost) return Status::Internal(std::to_string(lost) + " watch events lost");
  return Status::Ok();
}

// ---- main ----------------------------------------------------------------------

int Usage() {
  std::fprintf(
      stderr,
      "usage: apiserver_bench [--quick] [--kubepp PATH] [--clients N] [--configmaps N (per "
      "client)]\n"
      "                       [--pods N] [--namespaces N] [--lists N] [--watchers N] [--keep]\n");
  return 2;
}

int Run(int argc, char** argv) {
  Config cfg;
  bool quick = false;
  std::vector<std::pair<std::string, int*>> ints = {{"--clients", &cfg.clients},
                                                    {"--configmaps", &cfg.configmaps_per_client},
                                                    {"--pods", &cfg.pods},
                                                    {"--namespaces", &cfg.namespaces},
                                                    {"--lists", &cfg.lists},
                                                    {"--watchers", &cfg.watchers},
                                                    {"--watch-threads", &cfg.watch_threads}};
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--quick") quick = true;
  }
  if (quick) {
    cfg.quick = true;
    cfg.configmaps_per_client = 25;
    cfg.pods = 1000;
    cfg.namespaces = 10;
    cfg.lists = 10;
    cfg.watchers = 100;
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") continue;
    if (a == "--keep") {
      cfg.keep = true;
      continue;
    }
    if (a == "--help" || a == "-h") return Usage();
    if (i + 1 >= argc) return Usage();
    std::string v = argv[++i];
    if (a == "--kubepp") {
      cfg.kubepp = v;
      continue;
    }
    bool found = false;
    for (auto& [name, ptr] : ints) {
      if (a == name) {
        *ptr = std::atoi(v.c_str());
        found = true;
      }
    }
    if (!found) return Usage();
  }
  if (cfg.clients < 1 || cfg.pods < 1 || cfg.namespaces < 1 || cfg.watchers < 0 || cfg.lists < 1)
    return Usage();

  std::string binary = FindKubepp(cfg.kubepp);
  if (binary.empty()) {
    std::fprintf(
        stderr,
        "kubepp binary not found (tried ./build/kubepp and next to this binary); use --kubepp\n");
    return 1;
  }
  // 1,000 watches and their server ends need more than the usual 1,024 files.
  rlimit nofile{};
  if (::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
    nofile.rlim_cur = nofile.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &nofile);
  }
  ::signal(SIGPIPE, SIG_IGN);

  std::string tmpl = (fs::temp_directory_path() / "apiserver_bench.XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::string dir = tmpl;
  struct Cleanup {
    const std::string& dir;
    bool keep;
    ~Cleanup() {
      if (keep) {
        std::fprintf(stderr, "kept %s\n", dir.c_str());
        return;
      }
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir, cfg.keep};

  std::printf(
      "# apiserver_bench: %s, %d clients, %d configmaps/client, %d pods in %d namespaces, %d "
      "watchers%s\n",
      binary.c_str(), cfg.clients, cfg.configmaps_per_client, cfg.pods, cfg.namespaces,
      cfg.watchers, cfg.quick ? " (quick)" : "");
  ChildProcess server;  // declared after cleanup: stopped before the dir goes
  // The store and the apiserver alone: the pods' owner and node do not
  // exist, so controllers would delete them halfway through the phases.
  if (Status st = server.Start("server",
                               {binary, "apiserver", "--data-dir", dir, "--secure-port", "0",
                                "--bind-address", "127.0.0.1"},
                               dir + "/server.log");
      !st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    return 1;
  }
  auto port = WaitForPort(server, dir + "/admin.kubeconfig", 60s);
  if (!port.ok()) {
    std::fprintf(stderr, "server did not start: %s\n", port.status().ToString().c_str());
    return 1;
  }
  net::HttpsClientOptions o;
  o.host = "127.0.0.1";
  o.port = *port;
  o.ca_file = dir + "/pki/ca.crt";
  o.cert_file = dir + "/pki/admin.crt";
  o.key_file = dir + "/pki/admin.key";
  o.timeout = 60s;
  auto probe = net::HttpsClient::Create(o);
  if (!probe.ok()) {
    std::fprintf(stderr, "client: %s\n", probe.status().ToString().c_str());
    return 1;
  }
  if (Status st = WaitForReady(server, **probe, 60s); !st.ok()) {
    std::fprintf(stderr, "server not ready: %s\n", st.ToString().c_str());
    return 1;
  }
  Results res;
  res.idle_rss = RssMiB(server.pid());
  Print("rss_idle", res.idle_rss, "MiB");

  auto fail = [&](const Status& st) {
    std::fprintf(stderr, "FAILED: %s\n--- server log (tail) ---\n%s\n", st.ToString().c_str(),
                 server.LogTail().c_str());
    return 1;
  };
  if (Status st = ConfigMaps(cfg, o, res); !st.ok()) return fail(st);
  if (Status st = CreatePods(cfg, o); !st.ok()) return fail(st);
  Print("rss_with_" + std::to_string(cfg.pods) + "_pods", RssMiB(server.pid()), "MiB");
  std::string rv;
  if (Status st = Lists(cfg, o, res, &rv); !st.ok()) return fail(st);
  Print("rss_after_lists", RssMiB(server.pid()), "MiB");
  if (cfg.watchers > 0) {
    if (Status st = Watches(cfg, o, rv, server.pid()); !st.ok()) return fail(st);
    Print("rss_after_watches", RssMiB(server.pid()), "MiB");
  }
  if (!server.Running()) return fail(Status::Internal("server exited during the run"));

  auto verdict = [](double v, double target) { return v >= 0 && v < target ? "PASS" : "FAIL"; };
  std::printf("target write_p99_at_%d_clients < %.0f ms: %.2f ms %s\n", cfg.clients,
              kTargetWriteP99Ms, res.write_p99, verdict(res.write_p99, kTargetWriteP99Ms));
  std::printf("target list_%d_pods_json_p99 < %.0f ms%s: %.1f ms %s\n", cfg.pods, kTargetListMs,
              cfg.pods == 10000 ? "" : " (target is for 10000 pods)", res.list_json_p99,
              verdict(res.list_json_p99, kTargetListMs));
  std::printf("target list_%d_pods_table_p99 < %.0f ms%s: %.1f ms %s\n", cfg.pods, kTargetListMs,
              cfg.pods == 10000 ? "" : " (target is for 10000 pods)", res.list_table_p99,
              verdict(res.list_table_p99, kTargetListMs));
  std::printf("target rss_idle < %.0f MiB: %.1f MiB %s\n", kTargetIdleRssMiB, res.idle_rss,
              verdict(res.idle_rss, kTargetIdleRssMiB));
  server.Stop();
  return 0;
}

}  // namespace
}  // namespace kubepp::bench

int main(int argc, char** argv) { return kubepp::bench::Run(argc, argv); }
