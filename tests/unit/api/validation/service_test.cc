#include <gtest/gtest.h>

#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const ResourceInfo kSvc = Res("", "Service");

std::string Svc(const std::string& spec) {
  return R"({"metadata":{"name":"web","namespace":"d","resourceVersion":"1"},"spec":{"sessionAffinity":"None",
            "internalTrafficPolicy":"Cluster",)" +
         spec + "}}";
}

TEST(Service, PortsRequiredUnlessHeadlessOrExternalName) {
  EXPECT_THAT(Create(kSvc, Svc(R"("type":"ClusterIP")")),
              ElementsAre("spec.ports: Required value"));
  EXPECT_THAT(Create(kSvc, Svc(R"("type":"ClusterIP","clusterIP":"None","clusterIPs":["None"])")),
              IsEmpty());
  EXPECT_THAT(
      Create(
          kSvc,
          R"({"metadata":{"name":"ext","namespace":"d"},"spec":{"type":"ExternalName","externalName":"db.example.com.","sessionAffinity":"None"}})"),
      IsEmpty());
  EXPECT_THAT(
      Create(
          kSvc,
          R"({"metadata":{"name":"ext","namespace":"d"},"spec":{"type":"ExternalName","sessionAffinity":"None"}})"),
      ElementsAre("spec.externalName: Required value"));
}

TEST(Service, PortRules) {
  EXPECT_THAT(
      Create(kSvc, Svc(R"("type":"ClusterIP","ports":[{"port":0,"protocol":"TCP","targetPort":80},
                                   {"name":"b","port":80,"protocol":"ICMP","targetPort":"Http_x"}])")),
      ElementsAre("spec.ports[0].name: Required value",
                  "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                  "spec.ports[1].protocol: Unsupported value: \"ICMP\": supported values: "
                  "\"SCTP\", \"TCP\", \"UDP\"",
                  "spec.ports[1].targetPort: Invalid value: \"Http_x\": must contain only "
                  "alpha-numeric characters (a-z, 0-9), and hyphens (-)"));
  EXPECT_THAT(
      Create(
          kSvc,
          Svc(R"("type":"ClusterIP","ports":[{"name":"a","port":80,"protocol":"TCP","targetPort":80},
                                   {"name":"a","port":80,"protocol":"TCP","targetPort":80}])")),
      ElementsAre("spec.ports[1].name: Duplicate value: \"a\"",
                  "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", "
                  "AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, "
                  "IntVal:0, StrVal:\"\"}, NodePort:0}"));
}

TEST(Service, TypeAndNodePort) {
  EXPECT_THAT(
      Create(kSvc,
             Svc(R"("type":"Balancer","ports":[{"port":80,"protocol":"TCP","targetPort":80}])")),
      ElementsAre("spec.type: Unsupported value: \"Balancer\": supported values: \"ClusterIP\", "
                  "\"ExternalName\", "
                  "\"LoadBalancer\", \"NodePort\""));
  EXPECT_THAT(
      Create(
          kSvc,
          Svc(R"("type":"ClusterIP","ports":[{"port":80,"protocol":"TCP","targetPort":80,"nodePort":30001}])")),
      ElementsAre("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"));
  EXPECT_THAT(
      Create(kSvc,
             Svc(R"("type":"NodePort","ports":[{"port":80,"protocol":"TCP","targetPort":80}])")),
      ElementsAre("spec.externalTrafficPolicy: Required value"));
}

TEST(Service, LoadBalancerFields) {
  EXPECT_THAT(
      Create(
          kSvc,
          Svc(R"("type":"LoadBalancer","externalTrafficPolicy":"Local","ports":[{"port":80,"protocol":"TCP","targetPort":80,"nodePort":30001}])")),
      ElementsAre("allocateLoadBalancerNodePorts: Required value",
                  "spec.healthCheckNodePort: Required value"));
  EXPECT_THAT(
      Create(kSvc,
             R"({"metadata":{"name":"web","namespace":"d"},"spec":{"sessionAffinity":"ClientIP",
                              "internalTrafficPolicy":"Cluster","type":"ClusterIP","ports":[{"port":80,"protocol":"TCP","targetPort":80}]}})"),
      ElementsAre(
          "spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP"));
}

TEST(Service, ClusterIPs) {
  EXPECT_THAT(
      Create(
          kSvc,
          Svc(R"("type":"ClusterIP","clusterIP":"10.0.0.300","ports":[{"port":80,"protocol":"TCP","targetPort":80}])")),
      ElementsAre("spec.clusterIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP address, "
                  "(e.g. 10.9.8.7 or 2001:db8::ffff)"));
}

TEST(Service, ClusterIPImmutable) {
  std::string old = Svc(
      R"("type":"ClusterIP","clusterIP":"10.96.0.5","clusterIPs":["10.96.0.5"],"ports":[{"port":80,"protocol":"TCP","targetPort":80}])");
  std::string now = Svc(
      R"("type":"ClusterIP","clusterIP":"10.96.0.6","clusterIPs":["10.96.0.6"],"ports":[{"port":80,"protocol":"TCP","targetPort":80}])");
  EXPECT_THAT(Update(kSvc, old, old), IsEmpty());
  EXPECT_THAT(
      Update(kSvc, now, old),
      ElementsAre(
          "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.6\"}: may not change once set"));
}

}  // namespace
}  // namespace kubepp::api::testing
