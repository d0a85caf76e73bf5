#include <gtest/gtest.h>

#include "api/defaults/pod_spec.h"
#include "defaults_test_util.h"

namespace kubepp::api {
namespace {

using testing::At;
using testing::Defaulted;
namespace json = boost::json;

TEST(PodDefaultsTest, SpecDefaults) {
  json::object pod = Defaulted("", "v1", "pods", R"({
    "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
    "spec": {"containers": [{"name": "c", "image": "nginx",
             "ports": [{"containerPort": 80}]}]}})");
  EXPECT_EQ(At(pod, "/spec/restartPolicy"), "Always");
  EXPECT_EQ(At(pod, "/spec/dnsPolicy"), "ClusterFirst");
  EXPECT_EQ(At(pod, "/spec/terminationGracePeriodSeconds"), 30);
  EXPECT_EQ(At(pod, "/spec/schedulerName"), "default-scheduler");
  EXPECT_EQ(At(pod, "/spec/securityContext"), json::object());
  EXPECT_EQ(At(pod, "/spec/enableServiceLinks"), true);
  EXPECT_EQ(At(pod, "/spec/containers/0/terminationMessagePath"), "/dev/termination-log");
  EXPECT_EQ(At(pod, "/spec/containers/0/terminationMessagePolicy"), "File");
  EXPECT_EQ(At(pod, "/spec/containers/0/imagePullPolicy"), "Always");
  EXPECT_EQ(At(pod, "/spec/containers/0/ports/0/protocol"), "TCP");
  EXPECT_EQ(At(pod, "/spec/containers/0/resources"), json::object());
  EXPECT_TRUE(At(pod, "/spec/containers/0/ports/0/hostPort").is_null());
}

TEST(PodDefaultsTest, KeepsGivenValues) {
  json::object pod = Defaulted("", "v1", "pods", R"({
    "spec": {"restartPolicy": "Never", "dnsPolicy": "Default",
             "terminationGracePeriodSeconds": 0, "schedulerName": "mine",
             "enableServiceLinks": false,
             "containers": [{"name": "c", "image": "nginx", "imagePullPolicy": "Never",
                             "ports": [{"containerPort": 53, "protocol": "UDP"}]}]}})");
  EXPECT_EQ(At(pod, "/spec/restartPolicy"), "Never");
  EXPECT_EQ(At(pod, "/spec/dnsPolicy"), "Default");
  EXPECT_EQ(At(pod, "/spec/terminationGracePeriodSeconds"), 0);
  EXPECT_EQ(At(pod, "/spec/schedulerName"), "mine");
  EXPECT_EQ(At(pod, "/spec/enableServiceLinks"), false);
  EXPECT_EQ(At(pod, "/spec/containers/0/imagePullPolicy"), "Never");
  EXPECT_EQ(At(pod, "/spec/containers/0/ports/0/protocol"), "UDP");
}

TEST(PodDefaultsTest, ImagePullPolicy) {
  using defaults::DefaultImagePullPolicy;
  EXPECT_EQ(DefaultImagePullPolicy("nginx"), "Always");
  EXPECT_EQ(DefaultImagePullPolicy("nginx:latest"), "Always");
  EXPECT_EQ(DefaultImagePullPolicy("nginx:1.25"), "IfNotPresent");
  EXPECT_EQ(DefaultImagePullPolicy("localhost:5000/nginx"), "Always");
  EXPECT_EQ(DefaultImagePullPolicy("localhost:5000/nginx:v1"), "IfNotPresent");
  EXPECT_EQ(DefaultImagePullPolicy("registry.k8s.io/pause:3.10"), "IfNotPresent");
  EXPECT_EQ(DefaultImagePullPolicy("busybox@sha256:abcdef"), "IfNotPresent");
  EXPECT_EQ(DefaultImagePullPolicy("busybox:latest@sha256:abcdef"), "Always");
  EXPECT_EQ(DefaultImagePullPolicy(""), "IfNotPresent");
  EXPECT_EQ(DefaultImagePullPolicy("Nginx"), "IfNotPresent");  // does not parse
}

TEST(PodDefaultsTest, Probes) {
  json::object pod = Defaulted("", "v1", "pods", R"({"spec": {"containers": [{
    "name": "c", "image": "x:1",
    "livenessProbe": {"httpGet": {"port": 8080}},
    "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 5},
    "startupProbe": {"grpc": {"port": 9000}},
    "lifecycle": {"preStop": {"httpGet": {"port": 80, "path": "/quit"}}}}]}})");
  EXPECT_EQ(At(pod, "/spec/containers/0/livenessProbe/timeoutSeconds"), 1);
  EXPECT_EQ(At(pod, "/spec/containers/0/livenessProbe/periodSeconds"), 10);
  EXPECT_EQ(At(pod, "/spec/containers/0/livenessProbe/successThreshold"), 1);
  EXPECT_EQ(At(pod, "/spec/containers/0/livenessProbe/failureThreshold"), 3);
  EXPECT_EQ(At(pod, "/spec/containers/0/livenessProbe/httpGet/path"), "/");
  EXPECT_EQ(At(pod, "/spec/containers/0/livenessProbe/httpGet/scheme"), "HTTP");
  EXPECT_EQ(At(pod, "/spec/containers/0/readinessProbe/periodSeconds"), 5);
  EXPECT_EQ(At(pod, "/spec/containers/0/startupProbe/grpc/service"), "");
  EXPECT_EQ(At(pod, "/spec/containers/0/lifecycle/preStop/httpGet/path"), "/quit");
  EXPECT_EQ(At(pod, "/spec/containers/0/lifecycle/preStop/httpGet/scheme"), "HTTP");
}

TEST(PodDefaultsTest, Volumes) {
  json::object pod = Defaulted("", "v1", "pods", R"({"spec": {"containers": [], "volumes": [
    {"name": "empty"},
    {"name": "cm", "configMap": {"name": "x"}},
    {"name": "sec", "secret": {"secretName": "s", "defaultMode": 256}},
    {"name": "dapi", "downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.name"}}]}},
    {"name": "proj", "projected": {"sources": [{"serviceAccountToken": {"path": "t"}}]}},
    {"name": "hp", "hostPath": {"path": "/tmp"}},
    {"name": "eph", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"]}}}}
  ]}})");
  EXPECT_EQ(At(pod, "/spec/volumes/0/emptyDir"), json::object());
  EXPECT_EQ(At(pod, "/spec/volumes/1/configMap/defaultMode"), 420);
  EXPECT_EQ(At(pod, "/spec/volumes/2/secret/defaultMode"), 256);
  EXPECT_EQ(At(pod, "/spec/volumes/3/downwardAPI/defaultMode"), 420);
  EXPECT_EQ(At(pod, "/spec/volumes/3/downwardAPI/items/0/fieldRef/apiVersion"), "v1");
  EXPECT_EQ(At(pod, "/spec/volumes/4/projected/defaultMode"), 420);
  EXPECT_EQ(At(pod, "/spec/volumes/4/projected/sources/0/serviceAccountToken/expirationSeconds"),
            3600);
  EXPECT_EQ(At(pod, "/spec/volumes/5/hostPath/type"), "");
  EXPECT_EQ(At(pod, "/spec/volumes/6/ephemeral/volumeClaimTemplate/spec/volumeMode"), "Filesystem");
  EXPECT_TRUE(At(pod, "/spec/volumes/1/emptyDir").is_null());
}

TEST(PodDefaultsTest, EnvFieldRefAndEphemeralContainers) {
  json::object pod = Defaulted("", "v1", "pods", R"({"spec": {
    "containers": [{"name": "c", "image": "a:1", "env": [
      {"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
      {"name": "V", "value": "x"}]}],
    "initContainers": [{"name": "i", "image": "b"}],
    "ephemeralContainers": [{"name": "e", "image": "c:2"}]}})");
  EXPECT_EQ(At(pod, "/spec/containers/0/env/0/valueFrom/fieldRef/apiVersion"), "v1");
  EXPECT_TRUE(At(pod, "/spec/containers/0/env/1/valueFrom").is_null());
  EXPECT_EQ(At(pod, "/spec/initContainers/0/imagePullPolicy"), "Always");
  EXPECT_EQ(At(pod, "/spec/ephemeralContainers/0/imagePullPolicy"), "IfNotPresent");
  EXPECT_EQ(At(pod, "/spec/ephemeralContainers/0/terminationMessagePolicy"), "File");
}

TEST(PodDefaultsTest, RequestsFromLimits) {
  json::object pod = Defaulted("", "v1", "pods", R"({"spec": {"containers": [{
    "name": "c", "image": "a:1",
    "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "100m"}}}]}})");
  EXPECT_EQ(At(pod, "/spec/containers/0/resources/requests/cpu"), "100m");
  EXPECT_EQ(At(pod, "/spec/containers/0/resources/requests/memory"), "128Mi");
}

TEST(PodDefaultsTest, HostNetworkPorts) {
  json::object pod = Defaulted("", "v1", "pods", R"({"spec": {"hostNetwork": true,
    "containers": [{"name": "c", "image": "a:1", "ports": [{"containerPort": 8080}]}]}})");
  EXPECT_EQ(At(pod, "/spec/containers/0/ports/0/hostPort"), 8080);
}

TEST(PodDefaultsTest, ServiceAccountAlias) {
  json::object pod =
      Defaulted("", "v1", "pods", R"({"spec": {"serviceAccount": "old", "containers": []}})");
  EXPECT_EQ(At(pod, "/spec/serviceAccountName"), "old");
  pod = Defaulted("", "v1", "pods", R"({"spec": {"serviceAccountName": "new", "containers": []}})");
  EXPECT_EQ(At(pod, "/spec/serviceAccount"), "new");
}

TEST(PodDefaultsTest, WrongTypesAreLeftForValidation) {
  json::object pod = Defaulted("", "v1", "pods", R"({"spec": {"containers": "nope",
    "volumes": [1, null], "securityContext": 7}})");
  EXPECT_EQ(At(pod, "/spec/containers"), "nope");
  EXPECT_EQ(At(pod, "/spec/securityContext"), 7);
  json::object bad = Defaulted("", "v1", "pods", R"({"spec": []})");
  EXPECT_TRUE(At(bad, "/spec").is_array());
}

TEST(PodDefaultsTest, NullMeansUnset) {
  json::object pod = Defaulted("", "v1", "pods", R"({"spec": {"restartPolicy": null,
    "terminationGracePeriodSeconds": null, "containers": []}})");
  EXPECT_EQ(At(pod, "/spec/restartPolicy"), "Always");
  EXPECT_EQ(At(pod, "/spec/terminationGracePeriodSeconds"), 30);
}

TEST(PodDefaultsTest, PodTemplateHasNoPodOnlyDefaults) {
  json::object t = Defaulted("", "v1", "podtemplates", R"({"template": {"spec": {
    "containers": [{"name": "c", "image": "a:1", "resources": {"limits": {"cpu": "1"}}}]}}})");
  EXPECT_EQ(At(t, "/template/spec/restartPolicy"), "Always");
  EXPECT_TRUE(At(t, "/template/spec/enableServiceLinks").is_null());
  EXPECT_TRUE(At(t, "/template/spec/containers/0/resources/requests").is_null());
}

}  // namespace
}  // namespace kubepp::api
