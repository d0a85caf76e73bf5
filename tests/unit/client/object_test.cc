#include "client/object.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "client/resource.h"
#include "client/time_format.h"

namespace kubepp::client {
namespace {

TEST(ObjectTest, MetadataAndKeys) {
  auto obj = boost::json::parse(R"({"metadata":{"name":"a","namespace":"ns","uid":"u","resourceVersion":"7"}})")
                 .as_object();
  EXPECT_EQ(NameOf(obj), "a");
  EXPECT_EQ(NamespaceOf(obj), "ns");
  EXPECT_EQ(UidOf(obj), "u");
  EXPECT_EQ(ResourceVersionOf(obj), "7");
  EXPECT_EQ(KeyOf(obj), "ns/a");
  EXPECT_EQ(MakeKey("", "node-1"), "node-1");
  EXPECT_EQ(SplitKey("ns/a"), std::make_pair(std::string_view("ns"), std::string_view("a")));
  EXPECT_EQ(SplitKey("node-1"), std::make_pair(std::string_view(), std::string_view("node-1")));
  boost::json::object bad{{"metadata", 3}};
  EXPECT_EQ(NameOf(bad), "");
}

TEST(ResourceTest, OfAndPaths) {
  auto pods = Resource::Of("", "pods");
  EXPECT_EQ(pods.kind, "Pod");
  EXPECT_TRUE(pods.namespaced);
  EXPECT_EQ(pods.Path("ns", "p", "status"), "/api/v1/namespaces/ns/pods/p/status");
  EXPECT_EQ(pods.Path(""), "/api/v1/pods");
  auto deploy = Resource::Of("apps", "deployments");
  EXPECT_EQ(deploy.ApiVersion(), "apps/v1");
  EXPECT_EQ(deploy.Path("default", "web"), "/apis/apps/v1/namespaces/default/deployments/web");
  auto nodes = Resource::Of("", "nodes");
  EXPECT_FALSE(nodes.namespaced);
  EXPECT_EQ(nodes.Path("ignored", "n1"), "/api/v1/nodes/n1");
  auto hpa = Resource::Of("autoscaling", "v1", "horizontalpodautoscalers");
  EXPECT_EQ(hpa.version, "v1");
  EXPECT_EQ(Resource::Of("coordination.k8s.io", "leases").kind, "Lease");
}

TEST(TimeFormatTest, RoundTrips) {
  Clock::TimePoint t(std::chrono::seconds(1767225600) + std::chrono::microseconds(123456));
  EXPECT_EQ(FormatTime(t), "2026-01-01T00:00:00Z");
  EXPECT_EQ(FormatMicroTime(t), "2026-01-01T00:00:00.123456Z");
  EXPECT_EQ(ParseTime("2026-01-01T00:00:00.123456Z"), t);
  EXPECT_EQ(ParseTime("2026-01-01T01:00:00+01:00"), Clock::TimePoint(std::chrono::seconds(1767225600)));
  EXPECT_FALSE(ParseTime("yesterday").has_value());
}

}  // namespace
}  // namespace kubepp::client
