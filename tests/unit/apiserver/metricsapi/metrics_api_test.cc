// metrics.k8s.io/v1beta1 over stored nodes and pods, with usage stored as
// the collector stores it (the scraper being the collector's business).
#include "apiserver/metricsapi/metrics_api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver::metricsapi {
namespace {

namespace json = boost::json;
using testing::ApiTestHarness;
using testing::RecordingResponder;
using testing::Response;

Time T(int64_t s) { return Time{std::chrono::seconds(1767225600 + s)}; }

class MetricsApiTest : public ::testing::Test {
 protected:
  MetricsApiTest() : clock_(T(100)), api_(h_.registry(), storage_, clock_) {
    for (const char* ns : {"default", "other"}) {
      EXPECT_EQ(h_.Do("POST", "/api/v1/namespaces",
                      std::string(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")") +
                          ns + "\"}}")
                    .status,
                201);
    }
    AddNode("node-a", "blue");
    AddNode("node-b", "green");
    AddNode("node-new", "green");  // no metrics yet
    AddPod("default", "web-1", "web");
    AddPod("default", "web-2", "web");
    AddPod("default", "db", "db");
    AddPod("other", "web-1", "web");
    AddPod("default", "pending", "web");  // no metrics yet

    MetricsBatch first, second;
    first.nodes["node-a"] = MetricsPoint{Time{}, T(0), 100'000'000'000ULL, 2ULL << 30};
    first.nodes["node-b"] = MetricsPoint{Time{}, T(0), 50'000'000'000ULL, 1ULL << 30};
    second.nodes["node-a"] =
        MetricsPoint{Time{}, T(15), 115'000'000'000ULL, 2ULL << 30};  // one core
    second.nodes["node-b"] = MetricsPoint{Time{}, T(15), 50'750'000'000ULL, (1ULL << 30) + 1024};
    for (const char* name : {"web-1", "web-2", "db"}) {
      first.pods[PodRef{"default", name}]["app"] =
          MetricsPoint{T(-1000), T(0), 1'000'000'000ULL, 1 << 20};
      second.pods[PodRef{"default", name}]["app"] =
          MetricsPoint{T(-1000), T(15), 2'500'000'000ULL, 3 << 20};
    }
    first.pods[PodRef{"default", "web-2"}]["sidecar"] = MetricsPoint{T(-1000), T(0), 0, 4096};
    second.pods[PodRef{"default", "web-2"}]["sidecar"] =
        MetricsPoint{T(-1000), T(15), 15'000'000ULL, 4096};
    first.pods[PodRef{"other", "web-1"}]["app"] = MetricsPoint{T(-1000), T(0), 1, 1};
    second.pods[PodRef{"other", "web-1"}]["app"] = MetricsPoint{T(-1000), T(15), 1, 1};
    storage_.Store(first);
    storage_.Store(second);
  }

  void AddNode(const std::string& name, const std::string& color) {
    ASSERT_EQ(h_.Do("POST", "/api/v1/nodes",
                    R"({"apiVersion":"v1","kind":"Node","metadata":{"name":")" + name +
                        R"(","labels":{"color":")" + color + R"("}}})")
                  .status,
              201);
  }
  void AddPod(const std::string& ns, const std::string& name, const std::string& app) {
    // Pods run as their namespace's "default" ServiceAccount, which must exist.
    int account = h_.Do("POST", "/api/v1/namespaces/" + ns + "/serviceaccounts",
                        R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default"}})")
                      .status;
    ASSERT_TRUE(account == 201 || account == 409) << account;
    ASSERT_EQ(h_.Do("POST", "/api/v1/namespaces/" + ns + "/pods",
                    R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
                        R"(","labels":{"app":")" + app +
                        R"("}},"spec":{"containers":[{"name":"app","image":"busybox"}]}})")
                  .status,
              201);
  }

  Response Get(const std::string& path, const std::string& accept = "application/json") {
    net::HttpRequest req;
    req.method = "GET";
    req.target = path;
    auto q = path.find('?');
    req.path = path.substr(0, q);
    req.query = q == std::string::npos ? "" : path.substr(q + 1);
    req.headers.emplace_back("accept", accept);
    RequestInfo info =
        ParseRequestInfo("GET", req.path, req.query.find("watch=true") != std::string::npos);
    auto out = std::make_shared<RecordingResponder>();
    api_.Handle(info, req, out);
    return out->Wait();
  }

  static std::vector<std::string> Names(const json::value& list) {
    std::vector<std::string> out;
    for (const auto& item : list.at("items").as_array()) {
      const auto& meta = item.at("metadata").as_object();
      std::string name(meta.at("name").as_string());
      if (meta.contains("namespace"))
        name = std::string(meta.at("namespace").as_string()) + "/" + name;
      out.push_back(name);
    }
    return out;
  }

  ApiTestHarness h_;
  FakeClock clock_;
  MetricsStorage storage_;
  MetricsApi api_;
};

TEST_F(MetricsApiTest, NodeMetricsObject) {
  Response r = Get("/apis/metrics.k8s.io/v1beta1/nodes/node-a");
  ASSERT_EQ(r.status, 200) << json::serialize(r.body);
  EXPECT_EQ(r.body, json::parse(R"({"kind":"NodeMetrics","apiVersion":"metrics.k8s.io/v1beta1",
      "metadata":{"name":"node-a","creationTimestamp":"2026-01-01T00:01:40Z","labels":{"color":"blue"}},
      "timestamp":"2026-01-01T00:00:15Z","window":"15s","usage":{"cpu":"1","memory":"2Gi"}})"));
  r = Get("/apis/metrics.k8s.io/v1beta1/nodes/node-b");
  ASSERT_EQ(r.status, 200);
  // 0.75 s of CPU in 15 s is 50 millicores; memory in the largest exact binary unit.
  EXPECT_EQ(r.body.at("usage"), json::parse(R"({"cpu":"50m","memory":"1048577Ki"})"));
}

TEST_F(MetricsApiTest, NodeMetricsListAndSelectors) {
  Response r = Get("/apis/metrics.k8s.io/v1beta1/nodes");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.at("kind"), "NodeMetricsList");
  EXPECT_EQ(r.body.at("apiVersion"), "metrics.k8s.io/v1beta1");
  EXPECT_EQ(r.body.at("metadata"), json::object());
  EXPECT_EQ(Names(r.body),
            (std::vector<std::string>{"node-a", "node-b"}));  // node-new has no metrics yet
  EXPECT_EQ(Names(Get("/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=color%3Dgreen").body),
            (std::vector<std::string>{"node-b"}));
  EXPECT_EQ(
      Names(Get("/apis/metrics.k8s.io/v1beta1/nodes?fieldSelector=metadata.name%3Dnode-a").body),
      (std::vector<std::string>{"node-a"}));
  EXPECT_EQ(Get("/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=color+in+(").status, 400);
}

TEST_F(MetricsApiTest, NodeNotFound) {
  Response r = Get("/apis/metrics.k8s.io/v1beta1/nodes/node-new");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.at("message"), "nodemetrics.metrics.k8s.io \"node-new\" not found");
  EXPECT_EQ(r.body.at("reason"), "NotFound");
  EXPECT_EQ(r.body.at("details"),
            json::parse(R"({"name":"node-new","group":"metrics.k8s.io","kind":"nodemetrics"})"));
  r = Get("/apis/metrics.k8s.io/v1beta1/nodes/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.at("message"), "node \"nope\" not found");
}

TEST_F(MetricsApiTest, PodMetricsObject) {
  Response r = Get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-2");
  ASSERT_EQ(r.status, 200) << json::serialize(r.body);
  EXPECT_EQ(r.body, json::parse(R"({"kind":"PodMetrics","apiVersion":"metrics.k8s.io/v1beta1",
      "metadata":{"name":"web-2","namespace":"default","creationTimestamp":"2026-01-01T00:01:40Z",
                  "labels":{"app":"web"}},
      "timestamp":"2026-01-01T00:00:15Z","window":"15s",
      "containers":[{"name":"app","usage":{"cpu":"100m","memory":"3Mi"}},
                    {"name":"sidecar","usage":{"cpu":"1m","memory":"4Ki"}}]})"));
}

TEST_F(MetricsApiTest, PodMetricsListsAndSelectors) {
  EXPECT_EQ(Names(Get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods").body),
            (std::vector<std::string>{"default/db", "default/web-1", "default/web-2"}));
  EXPECT_EQ(
      Names(Get("/apis/metrics.k8s.io/v1beta1/pods").body),
      (std::vector<std::string>{"default/db", "default/web-1", "default/web-2", "other/web-1"}));
  EXPECT_EQ(
      Names(
          Get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb").body),
      (std::vector<std::string>{"default/web-1", "default/web-2"}));
  EXPECT_EQ(Names(Get("/apis/metrics.k8s.io/v1beta1/"
                      "pods?labelSelector=app%3Dweb&fieldSelector=metadata.namespace%3Dother")
                      .body),
            (std::vector<std::string>{"other/web-1"}));
  EXPECT_EQ(Names(Get("/apis/metrics.k8s.io/v1beta1/namespaces/default/"
                      "pods?fieldSelector=metadata.name!%3Ddb")
                      .body),
            (std::vector<std::string>{"default/web-1", "default/web-2"}));
  EXPECT_EQ(Get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods").body.at("kind"),
            "PodMetricsList");
  EXPECT_TRUE(Get("/apis/metrics.k8s.io/v1beta1/namespaces/empty/pods")
                  .body.at("items")
                  .as_array()
                  .empty());
}

TEST_F(MetricsApiTest, PodNotFound) {
  Response r = Get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/pending");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.at("message"), "podmetrics.metrics.k8s.io \"default/pending\" not found");
  EXPECT_EQ(
      r.body.at("details"),
      json::parse(R"({"name":"default/pending","group":"metrics.k8s.io","kind":"podmetrics"})"));
  r = Get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/unknown");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.at("message"), "pod \"unknown\" not found");
}

TEST_F(MetricsApiTest, Tables) {
  const std::string table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  Response r = Get("/apis/metrics.k8s.io/v1beta1/nodes", table);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.at("kind"), "Table");
  std::vector<std::string> columns;
  for (const auto& c : r.body.at("columnDefinitions").as_array())
    columns.emplace_back(c.at("name").as_string());
  EXPECT_EQ(columns, (std::vector<std::string>{"Name", "cpu", "memory", "Window"}));
  EXPECT_EQ(r.body.at("rows").at(0).at("cells"), json::parse(R"(["node-a","1","2Gi","15s"])"));
  EXPECT_EQ(r.body.at("rows").at(0).at("object").at("kind"), "PartialObjectMetadata");
  // A pod's row sums its containers.
  r = Get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-2?includeObject=None", table);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.at("rows").at(0), json::parse(R"({"cells":["web-2","101m","3076Ki","15s"]})"));
  // No rows: no columns either.
  r = Get("/apis/metrics.k8s.io/v1beta1/namespaces/empty/pods", table);
  EXPECT_TRUE(r.body.at("columnDefinitions").as_array().empty());
  EXPECT_TRUE(r.body.at("rows").as_array().empty());
}

TEST_F(MetricsApiTest, OnlyGetAndList) {
  EXPECT_EQ(Get("/apis/metrics.k8s.io/v1beta1/nodes?watch=true").status, 405);
  EXPECT_EQ(Get("/apis/metrics.k8s.io/v1beta1/nodes/node-a/status").status, 404);
  EXPECT_EQ(Get("/apis/metrics.k8s.io/v1beta1/widgets").status, 404);
}

}  // namespace
}  // namespace kubepp::apiserver::metricsapi
