#include "api/openapi/unknown_fields.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace kubepp::api {
namespace {

using Paths = std::vector<std::string>;

TEST(UnknownFields, AcceptsAFullyDeclaredDeployment) {
  auto obj = boost::json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "labels": {"app": "web"}, "annotations": {"any/key": "x"}},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
             "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "c", "image": "busybox",
                                                   "resources": {"limits": {"cpu": "500m"}},
                                                   "ports": [{"containerPort": 80}]}]}}},
    "status": {}})");
  EXPECT_EQ(UnknownFields("apps", "v1", "Deployment", obj), Paths{});
}

TEST(UnknownFields, NamesEveryUndeclaredFieldWithUpstreamsPath) {
  auto obj = boost::json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment", "extra": 1,
    "metadata": {"name": "web", "nam": "typo"},
    "spec": {"replicas": 2, "selector": {},
             "template": {"spec": {"containers": [{"name": "a"}, {"name": "b", "imagex": "busybox"}]}}}})");
  EXPECT_EQ(UnknownFields("apps", "v1", "Deployment", obj),
            (Paths{"extra", "metadata.nam", "spec.template.spec.containers[1].imagex"}));
}

TEST(UnknownFields, FreeFormPartsAndUnknownKindsAcceptAnything) {
  auto revision = boost::json::parse(R"({"apiVersion": "apps/v1", "kind": "ControllerRevision",
      "revision": 1, "data": {"anything": {"goes": true}}})");
  EXPECT_EQ(UnknownFields("apps", "v1", "ControllerRevision", revision), Paths{});
  auto cm = boost::json::parse(
      R"({"kind": "ConfigMap", "data": {"k": "v"}, "binaryData": {"b": "AA=="}})");
  EXPECT_EQ(UnknownFields("", "v1", "ConfigMap", cm), Paths{});
  EXPECT_EQ(UnknownFields("example.com", "v1", "Widget", boost::json::parse(R"({"x": 1})")),
            Paths{});
}

}  // namespace
}  // namespace kubepp::api
