#include <gtest/gtest.h>

#include "defaults_test_util.h"

namespace kubepp::api {
namespace {

using testing::At;
using testing::Defaulted;
namespace json = boost::json;

TEST(ClusterDefaultsTest, NetworkPolicy) {
  json::object np =
      Defaulted("networking.k8s.io", "v1", "networkpolicies",
                R"({"spec": {"podSelector": {}, "ingress": [{"ports": [{"port": 80}]}]}})");
  EXPECT_EQ(At(np, "/spec/policyTypes"), (json::array{"Ingress"}));
  EXPECT_EQ(At(np, "/spec/ingress/0/ports/0/protocol"), "TCP");
  np = Defaulted(
      "networking.k8s.io", "v1", "networkpolicies",
      R"({"spec": {"podSelector": {}, "egress": [{"ports": [{"protocol": "UDP", "port": 53}]}]}})");
  EXPECT_EQ(At(np, "/spec/policyTypes"), (json::array{"Ingress", "Egress"}));
  EXPECT_EQ(At(np, "/spec/egress/0/ports/0/protocol"), "UDP");
  np = Defaulted("networking.k8s.io", "v1", "networkpolicies",
                 R"({"spec": {"podSelector": {}, "policyTypes": ["Egress"]}})");
  EXPECT_EQ(At(np, "/spec/policyTypes"), (json::array{"Egress"}));
}

TEST(ClusterDefaultsTest, IngressClassAndIngress) {
  json::object ic = Defaulted(
      "networking.k8s.io", "v1", "ingressclasses",
      R"({"spec": {"controller": "k8s.io/x", "parameters": {"kind": "P", "name": "p"}}})");
  EXPECT_EQ(At(ic, "/spec/parameters/scope"), "Cluster");
  const char* ing_text =
      R"({"spec": {"rules": [{"http": {"paths": [{"path": "/", "pathType": "Prefix",
    "backend": {"service": {"name": "s", "port": {"number": 80}}}}]}}]}})";
  json::object ing = Defaulted("networking.k8s.io", "v1", "ingresses", ing_text);
  EXPECT_EQ(ing, testing::Parse(ing_text));
}

TEST(ClusterDefaultsTest, RoleBindings) {
  for (const char* resource : {"rolebindings", "clusterrolebindings"}) {
    json::object rb = Defaulted("rbac.authorization.k8s.io", "v1", resource, R"({
      "roleRef": {"kind": "ClusterRole", "name": "view"},
      "subjects": [{"kind": "User", "name": "alice"}, {"kind": "Group", "name": "devs"},
                   {"kind": "ServiceAccount", "name": "default", "namespace": "ns"}]})");
    EXPECT_EQ(At(rb, "/roleRef/apiGroup"), "rbac.authorization.k8s.io") << resource;
    EXPECT_EQ(At(rb, "/subjects/0/apiGroup"), "rbac.authorization.k8s.io") << resource;
    EXPECT_EQ(At(rb, "/subjects/1/apiGroup"), "rbac.authorization.k8s.io") << resource;
    EXPECT_TRUE(At(rb, "/subjects/2/apiGroup").is_null()) << resource;
  }
}

TEST(ClusterDefaultsTest, StorageClass) {
  json::object sc = Defaulted("storage.k8s.io", "v1", "storageclasses",
                              R"({"provisioner": "rancher.io/local-path"})");
  EXPECT_EQ(At(sc, "/reclaimPolicy"), "Delete");
  EXPECT_EQ(At(sc, "/volumeBindingMode"), "Immediate");
  sc = Defaulted("storage.k8s.io", "v1", "storageclasses",
                 R"({"provisioner": "p", "volumeBindingMode": "WaitForFirstConsumer"})");
  EXPECT_EQ(At(sc, "/volumeBindingMode"), "WaitForFirstConsumer");
}

TEST(ClusterDefaultsTest, PriorityClass) {
  json::object pc = Defaulted("scheduling.k8s.io", "v1", "priorityclasses", R"({"value": 1000})");
  EXPECT_EQ(At(pc, "/preemptionPolicy"), "PreemptLowerPriority");
}

TEST(ClusterDefaultsTest, HorizontalPodAutoscalerV2) {
  json::object h = Defaulted("autoscaling", "v2", "horizontalpodautoscalers", R"({"spec": {
    "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "d"}, "maxReplicas": 5}})");
  EXPECT_EQ(At(h, "/spec/minReplicas"), 1);
  EXPECT_EQ(At(h, "/spec/metrics/0/type"), "Resource");
  EXPECT_EQ(At(h, "/spec/metrics/0/resource/name"), "cpu");
  EXPECT_EQ(At(h, "/spec/metrics/0/resource/target/type"), "Utilization");
  EXPECT_EQ(At(h, "/spec/metrics/0/resource/target/averageUtilization"), 80);
  EXPECT_TRUE(At(h, "/spec/behavior").is_null());
}

TEST(ClusterDefaultsTest, HorizontalPodAutoscalerV2Behavior) {
  json::object h = Defaulted("autoscaling", "v2", "horizontalpodautoscalers", R"({"spec": {
    "maxReplicas": 5, "behavior": {"scaleDown": {"stabilizationWindowSeconds": 60}}}})");
  EXPECT_EQ(At(h, "/spec/behavior/scaleUp/stabilizationWindowSeconds"), 0);
  EXPECT_EQ(At(h, "/spec/behavior/scaleUp/selectPolicy"), "Max");
  EXPECT_EQ(At(h, "/spec/behavior/scaleUp/policies/0"),
            (json::object{{"type", "Pods"}, {"value", 4}, {"periodSeconds", 15}}));
  EXPECT_EQ(At(h, "/spec/behavior/scaleUp/policies/1"),
            (json::object{{"type", "Percent"}, {"value", 100}, {"periodSeconds", 15}}));
  EXPECT_EQ(At(h, "/spec/behavior/scaleDown/stabilizationWindowSeconds"), 60);
  EXPECT_EQ(At(h, "/spec/behavior/scaleDown/selectPolicy"), "Max");
  EXPECT_EQ(
      At(h, "/spec/behavior/scaleDown/policies"),
      (json::array{json::object{{"type", "Percent"}, {"value", 100}, {"periodSeconds", 15}}}));
}

TEST(ClusterDefaultsTest, HorizontalPodAutoscalerV1) {
  json::object h =
      Defaulted("autoscaling", "v1", "horizontalpodautoscalers", R"({"spec": {"maxReplicas": 3}})");
  EXPECT_EQ(At(h, "/spec/minReplicas"), 1);
  EXPECT_TRUE(At(h, "/spec/metrics").is_null());
}

TEST(ClusterDefaultsTest, EndpointSlice) {
  json::object es = Defaulted("discovery.k8s.io", "v1", "endpointslices", R"({
    "addressType": "IPv4", "endpoints": [], "ports": [{"port": 80}, {"name": "dns", "protocol": "UDP", "port": 53}]})");
  EXPECT_EQ(At(es, "/ports/0/name"), "");
  EXPECT_EQ(At(es, "/ports/0/protocol"), "TCP");
  EXPECT_EQ(At(es, "/ports/1/name"), "dns");
  EXPECT_EQ(At(es, "/ports/1/protocol"), "UDP");
}

// Every served resource accepts an empty object and a second pass changes
// nothing; kinds without upstream defaults stay exactly as given.
TEST(ClusterDefaultsTest, EveryResourceIsIdempotent) {
  for (const ResourceInfo& r : Catalog::Get().resources()) {
    for (const char* text : {"{}", R"({"metadata": {"name": "x"}, "spec": {}})",
                             R"({"spec": null, "status": null})", R"({"spec": 5})"}) {
      Defaulted(r.group, r.version, r.resource, text);
    }
  }
  for (const char* resource : {"configmaps", "serviceaccounts", "events", "resourcequotas"}) {
    json::object o = Defaulted("", "v1", resource, R"({"metadata": {"name": "x"}})");
    EXPECT_EQ(o, testing::Parse(R"({"metadata": {"name": "x"}})")) << resource;
  }
  json::object lease = Defaulted("coordination.k8s.io", "v1", "leases", R"({"spec": {}})");
  EXPECT_EQ(lease, testing::Parse(R"({"spec": {}})"));
}

}  // namespace
}  // namespace kubepp::api
