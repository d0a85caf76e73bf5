#include "kubelet/container/service_env.h"

#include <gtest/gtest.h>

#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::container {
namespace {

using testing::Json;
using Vars = std::vector<std::pair<std::string, std::string>>;

TEST(ServiceEnvTest, VariablesOfOneServiceInUpstreamOrder) {
  auto svc =
      Json(R"({"metadata":{"name":"redis-primary","namespace":"ns"},"spec":{"clusterIP":"10.0.0.11",
      "ports":[{"name":"redis","port":6379,"protocol":"TCP"},{"name":"metrics","port":9121,"protocol":"UDP"}]}})");
  EXPECT_EQ(ServiceEnvVars(svc), (Vars{
                                     {"REDIS_PRIMARY_SERVICE_HOST", "10.0.0.11"},
                                     {"REDIS_PRIMARY_SERVICE_PORT", "6379"},
                                     {"REDIS_PRIMARY_SERVICE_PORT_REDIS", "6379"},
                                     {"REDIS_PRIMARY_SERVICE_PORT_METRICS", "9121"},
                                     {"REDIS_PRIMARY_PORT", "tcp://10.0.0.11:6379"},
                                     {"REDIS_PRIMARY_PORT_6379_TCP", "tcp://10.0.0.11:6379"},
                                     {"REDIS_PRIMARY_PORT_6379_TCP_PROTO", "tcp"},
                                     {"REDIS_PRIMARY_PORT_6379_TCP_PORT", "6379"},
                                     {"REDIS_PRIMARY_PORT_6379_TCP_ADDR", "10.0.0.11"},
                                     {"REDIS_PRIMARY_PORT_9121_UDP", "udp://10.0.0.11:9121"},
                                     {"REDIS_PRIMARY_PORT_9121_UDP_PROTO", "udp"},
                                     {"REDIS_PRIMARY_PORT_9121_UDP_PORT", "9121"},
                                     {"REDIS_PRIMARY_PORT_9121_UDP_ADDR", "10.0.0.11"},
                                 }));
}

TEST(ServiceEnvTest, NamesStartingWithADigitGetAnUnderscore) {
  auto svc = Json(
      R"({"metadata":{"name":"3d-render"},"spec":{"clusterIP":"10.0.0.2","ports":[{"port":80}]}})");
  Vars vars = ServiceEnvVars(svc);
  ASSERT_FALSE(vars.empty());
  EXPECT_EQ(vars[0].first, "_3D_RENDER_SERVICE_HOST");
  EXPECT_EQ(vars.back(),
            (std::pair<std::string, std::string>{"_3D_RENDER_PORT_80_TCP_ADDR", "10.0.0.2"}));
}

TEST(ServiceEnvTest, ServicesWithoutClusterIpGiveNothing) {
  EXPECT_TRUE(
      ServiceEnvVars(
          Json(R"({"metadata":{"name":"h"},"spec":{"clusterIP":"None","ports":[{"port":80}]}})"))
          .empty());
  EXPECT_TRUE(
      ServiceEnvVars(
          Json(R"({"metadata":{"name":"x"},"spec":{"type":"ExternalName","externalName":"a.b"}})"))
          .empty());
}

TEST(ServiceEnvTest, NamespaceAndMasterServiceSelection) {
  std::vector<client::ObjectPtr> services = {
      client::MakeObject(Json(
          R"({"metadata":{"name":"kubernetes","namespace":"default"},"spec":{"clusterIP":"10.0.0.1","ports":[{"port":443}]}})")),
      client::MakeObject(Json(
          R"({"metadata":{"name":"web","namespace":"default"},"spec":{"clusterIP":"10.0.0.9","ports":[{"port":80}]}})")),
      client::MakeObject(Json(
          R"({"metadata":{"name":"kubernetes","namespace":"team"},"spec":{"clusterIP":"10.0.0.7","ports":[{"port":8443}]}})")),
      client::MakeObject(Json(
          R"({"metadata":{"name":"api","namespace":"team"},"spec":{"clusterIP":"10.0.0.8","ports":[{"port":80}]}})")),
  };
  EnvMap team = ServiceEnvVarMap("team", true, services);
  // The pod's own namespace may shadow default/kubernetes when it comes later.
  EXPECT_EQ(team["KUBERNETES_SERVICE_HOST"], "10.0.0.7");
  EXPECT_EQ(team["API_SERVICE_HOST"], "10.0.0.8");
  EXPECT_EQ(team.count("WEB_SERVICE_HOST"), 0u);

  EnvMap without_links = ServiceEnvVarMap("team", false, services);
  EXPECT_EQ(without_links["KUBERNETES_SERVICE_HOST"], "10.0.0.1");
  EXPECT_EQ(without_links.count("API_SERVICE_HOST"), 0u);

  EnvMap in_default = ServiceEnvVarMap("default", true, services);
  EXPECT_EQ(in_default["KUBERNETES_SERVICE_HOST"], "10.0.0.1");
  EXPECT_EQ(in_default["WEB_SERVICE_HOST"], "10.0.0.9");
  EXPECT_EQ(in_default.count("API_SERVICE_HOST"), 0u);
}

}  // namespace
}  // namespace kubepp::kubelet::container
