#include <gtest/gtest.h>

#include "defaults_test_util.h"

namespace kubepp::api {
namespace {

using testing::At;
using testing::Defaulted;
namespace json = boost::json;

TEST(CoreDefaultsTest, Service) {
  json::object s = Defaulted("", "v1", "services", R"({"metadata": {"name": "web"},
    "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}, {"port": 443, "targetPort": "https"}]}})");
  EXPECT_EQ(At(s, "/spec/type"), "ClusterIP");
  EXPECT_EQ(At(s, "/spec/sessionAffinity"), "None");
  EXPECT_EQ(At(s, "/spec/ports/0/protocol"), "TCP");
  EXPECT_EQ(At(s, "/spec/ports/0/targetPort"), 80);
  EXPECT_EQ(At(s, "/spec/ports/1/targetPort"), "https");
  EXPECT_EQ(At(s, "/spec/internalTrafficPolicy"), "Cluster");
  EXPECT_EQ(At(s, "/spec/ipFamilyPolicy"), "SingleStack");
  EXPECT_EQ(At(s, "/spec/ipFamilies"), (json::array{"IPv4"}));
  EXPECT_TRUE(At(s, "/spec/externalTrafficPolicy").is_null());
  EXPECT_TRUE(At(s, "/spec/clusterIP").is_null());  // allocation is the apiserver's
  EXPECT_EQ(At(s, "/status/loadBalancer"), json::object());
}

TEST(CoreDefaultsTest, ServiceNodePortAndLoadBalancer) {
  json::object s = Defaulted("", "v1", "services", R"({"spec": {"type": "LoadBalancer",
    "ports": [{"port": 80, "targetPort": 0}]},
    "status": {"loadBalancer": {"ingress": [{"ip": "1.2.3.4"}, {"hostname": "lb"}]}}})");
  EXPECT_EQ(At(s, "/spec/ports/0/targetPort"), 80);
  EXPECT_EQ(At(s, "/spec/externalTrafficPolicy"), "Cluster");
  EXPECT_EQ(At(s, "/spec/internalTrafficPolicy"), "Cluster");
  EXPECT_EQ(At(s, "/spec/allocateLoadBalancerNodePorts"), true);
  EXPECT_EQ(At(s, "/status/loadBalancer/ingress/0/ipMode"), "VIP");
  EXPECT_TRUE(At(s, "/status/loadBalancer/ingress/1/ipMode").is_null());
  s = Defaulted("", "v1", "services", R"({"spec": {"type": "NodePort", "ports": [{"port": 80}]}})");
  EXPECT_EQ(At(s, "/spec/externalTrafficPolicy"), "Cluster");
  EXPECT_TRUE(At(s, "/spec/allocateLoadBalancerNodePorts").is_null());
}

TEST(CoreDefaultsTest, ServiceExternalNameAndHeadless) {
  json::object s = Defaulted(
      "", "v1", "services", R"({"spec": {"type": "ExternalName", "externalName": "example.com"}})");
  EXPECT_TRUE(At(s, "/spec/ipFamilies").is_null());
  EXPECT_TRUE(At(s, "/spec/ipFamilyPolicy").is_null());
  EXPECT_TRUE(At(s, "/spec/internalTrafficPolicy").is_null());
  s = Defaulted("", "v1", "services", R"({"spec": {"clusterIP": "None", "ports": [{"port": 1}]}})");
  EXPECT_EQ(At(s, "/spec/ipFamilyPolicy"), "RequireDualStack");
  s = Defaulted(
      "", "v1", "services",
      R"({"spec": {"clusterIP": "None", "selector": {"a": "b"}, "ports": [{"port": 1}]}})");
  EXPECT_EQ(At(s, "/spec/ipFamilyPolicy"), "SingleStack");
  s = Defaulted("", "v1", "services",
                R"({"spec": {"clusterIP": "fd00::10", "ports": [{"port": 1}]}})");
  EXPECT_EQ(At(s, "/spec/ipFamilies"), (json::array{"IPv6"}));
}

TEST(CoreDefaultsTest, ServiceSessionAffinity) {
  json::object s = Defaulted("", "v1", "services", R"({"spec": {"sessionAffinity": "ClientIP",
    "ports": [{"port": 80}]}})");
  EXPECT_EQ(At(s, "/spec/sessionAffinityConfig/clientIP/timeoutSeconds"), 10800);
  s = Defaulted("", "v1", "services", R"({"spec": {"ports": [{"port": 80}],
    "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 5}}}})");
  EXPECT_TRUE(At(s, "/spec/sessionAffinityConfig").is_null());
}

TEST(CoreDefaultsTest, Namespace) {
  json::object ns = Defaulted("", "v1", "namespaces", R"({"metadata": {"name": "team"}})");
  EXPECT_EQ(At(ns, "/metadata/labels/kubernetes.io~1metadata.name"), "team");
  EXPECT_EQ(At(ns, "/spec/finalizers"), (json::array{"kubernetes"}));
  EXPECT_EQ(At(ns, "/status/phase"), "Active");
  ns = Defaulted("", "v1", "namespaces",
                 R"({"metadata": {"name": "t", "labels": {"kubernetes.io/metadata.name": "lie"}},
                     "status": {"phase": "Terminating"}})");
  EXPECT_EQ(At(ns, "/metadata/labels/kubernetes.io~1metadata.name"), "t");
  EXPECT_EQ(At(ns, "/status/phase"), "Terminating");
  // A terminating namespace whose finalizers were removed keeps none.
  ns = Defaulted("", "v1", "namespaces",
                 R"({"metadata": {"name": "t", "deletionTimestamp": "2024-01-01T00:00:00Z"},
                     "spec": {}, "status": {"phase": "Terminating"}})");
  EXPECT_TRUE(At(ns, "/spec/finalizers").is_null());
  ns = Defaulted("", "v1", "namespaces", R"({"metadata": {"generateName": "t-"}})");
  EXPECT_TRUE(At(ns, "/metadata/labels").is_null());
}

TEST(CoreDefaultsTest, SecretAndConfigMap) {
  json::object s = Defaulted("", "v1", "secrets", R"({"data": {}})");
  EXPECT_EQ(At(s, "/type"), "Opaque");
  s = Defaulted("", "v1", "secrets", R"({"type": "kubernetes.io/tls"})");
  EXPECT_EQ(At(s, "/type"), "kubernetes.io/tls");
  json::object cm = Defaulted("", "v1", "configmaps", R"({"data": {"a": "b"}})");
  EXPECT_EQ(cm, (json::object{{"data", json::object{{"a", "b"}}}}));
}

TEST(CoreDefaultsTest, PersistentVolumes) {
  json::object pvc = Defaulted("", "v1", "persistentvolumeclaims",
                               R"({"spec": {"accessModes": ["ReadWriteOnce"]}})");
  EXPECT_EQ(At(pvc, "/spec/volumeMode"), "Filesystem");
  EXPECT_EQ(At(pvc, "/status/phase"), "Pending");
  json::object pv =
      Defaulted("", "v1", "persistentvolumes",
                R"({"spec": {"hostPath": {"path": "/data"}, "capacity": {"storage": "1Gi"}}})");
  EXPECT_EQ(At(pv, "/spec/persistentVolumeReclaimPolicy"), "Retain");
  EXPECT_EQ(At(pv, "/spec/volumeMode"), "Filesystem");
  EXPECT_EQ(At(pv, "/spec/hostPath/type"), "");
  EXPECT_EQ(At(pv, "/status/phase"), "Pending");
}

TEST(CoreDefaultsTest, NodeAllocatableFromCapacity) {
  json::object n =
      Defaulted("", "v1", "nodes", R"({"status": {"capacity": {"cpu": "4", "pods": "110"}}})");
  EXPECT_EQ(At(n, "/status/allocatable/cpu"), "4");
  n = Defaulted("", "v1", "nodes",
                R"({"status": {"capacity": {"cpu": "4"}, "allocatable": {"cpu": "3"}}})");
  EXPECT_EQ(At(n, "/status/allocatable/cpu"), "3");
}

TEST(CoreDefaultsTest, EndpointsPorts) {
  json::object e =
      Defaulted("", "v1", "endpoints", R"({"subsets": [{"addresses": [{"ip": "10.0.0.1"}],
    "ports": [{"port": 80}, {"port": 53, "protocol": "UDP"}]}]})");
  EXPECT_EQ(At(e, "/subsets/0/ports/0/protocol"), "TCP");
  EXPECT_EQ(At(e, "/subsets/0/ports/1/protocol"), "UDP");
}

TEST(CoreDefaultsTest, LimitRange) {
  json::object lr = Defaulted("", "v1", "limitranges", R"({"spec": {"limits": [
    {"type": "Container", "max": {"cpu": "2", "memory": "1Gi"}, "min": {"cpu": "100m"},
     "default": {"memory": "512Mi"}},
    {"type": "Pod", "max": {"cpu": "4"}}]}})");
  EXPECT_EQ(At(lr, "/spec/limits/0/default/memory"), "512Mi");
  EXPECT_EQ(At(lr, "/spec/limits/0/default/cpu"), "2");
  EXPECT_EQ(At(lr, "/spec/limits/0/defaultRequest/memory"), "512Mi");
  EXPECT_EQ(At(lr, "/spec/limits/0/defaultRequest/cpu"), "2");
  EXPECT_TRUE(At(lr, "/spec/limits/1/default").is_null());
}

}  // namespace
}  // namespace kubepp::api
