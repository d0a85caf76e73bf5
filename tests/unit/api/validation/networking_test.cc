#include <gtest/gtest.h>

#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const ResourceInfo kIngress = Res("networking.k8s.io", "Ingress");

std::string Ing(const std::string& spec) {
  return R"({"metadata":{"name":"i","namespace":"d"},"spec":)" + spec + "}";
}

TEST(Ingress, RulesOrDefaultBackend) {
  EXPECT_THAT(Create(kIngress, Ing("{}")),
              ElementsAre("spec: Invalid value: []networking.IngressRule(nil): either "
                          "`defaultBackend` or `rules` must be specified"));
  EXPECT_THAT(
      Create(kIngress,
             Ing(R"({"defaultBackend":{"service":{"name":"web","port":{"name":"http"}}}})")),
      IsEmpty());
}

TEST(Ingress, Paths) {
  EXPECT_THAT(
      Create(kIngress, Ing(R"({"rules":[{"host":"10.0.0.1","http":{"paths":[
          {"path":"/a","backend":{"service":{"name":"web","port":{"number":80}}}},
          {"path":"rel","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}},
          {"path":"/a//b","pathType":"Exact","backend":{"service":{"name":"web"}}},
          {"path":"/x","pathType":"Regex","backend":{"service":{"name":"Web","port":{"number":70000}}}}]}}]})")),
      ElementsAre(
          "spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address",
          "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
          "spec.rules[0].http.paths[1].path: Invalid value: \"rel\": must be an absolute path",
          "spec.rules[0].http.paths[2].path: Invalid value: \"/a//b\": must not contain '//'",
          "spec.rules[0].http.paths[2].backend: Required value: port name or number is required",
          "spec.rules[0].http.paths[3].pathType: Unsupported value: \"Regex\": supported values: "
          "\"Exact\", "
          "\"ImplementationSpecific\", \"Prefix\"",
          "spec.rules[0].http.paths[3].backend.service.name: Invalid value: \"Web\": a DNS-1035 "
          "label must consist "
          "of lower case alphanumeric characters or '-', start with an alphabetic character, and "
          "end with an "
          "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
          "'[a-z]([-a-z0-9]*[a-z0-9])?')",
          "spec.rules[0].http.paths[3].backend.service.port.number: Invalid value: 70000: must be "
          "between 1 and "
          "65535, inclusive"));
}

TEST(Ingress, WildcardHostAndTls) {
  EXPECT_THAT(
      Create(
          kIngress,
          Ing(R"({"rules":[{"host":"*.example.com"}],"tls":[{"hosts":["*.example.com"],"secretName":"Bad"}]})")),
      ElementsAre("spec.tls[0].secretName: Invalid value: \"Bad\": " + kSubdomainMsg));
}

TEST(IngressClass, ControllerRequiredAndImmutable) {
  auto r = Res("networking.k8s.io", "IngressClass", false);
  EXPECT_THAT(
      Create(r, R"({"metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx"}})"),
      IsEmpty());
  EXPECT_THAT(Create(r, R"({"metadata":{"name":"nginx"},"spec":{"controller":"nginx"}})"),
              ElementsAre("spec.controller: Invalid value: \"nginx\": must be a domain-prefixed "
                          "path (such as \"acme.io/foo\")"));
  EXPECT_THAT(
      Update(
          r,
          R"({"metadata":{"name":"nginx","resourceVersion":"1"},"spec":{"controller":"k8s.io/other"}})",
          R"({"metadata":{"name":"nginx","resourceVersion":"1"},"spec":{"controller":"k8s.io/ingress-nginx"}})"),
      ElementsAre("spec.controller: Invalid value: \"k8s.io/other\": field is immutable"));
}

TEST(NetworkPolicy, PortsPeersTypes) {
  auto r = Res("networking.k8s.io", "NetworkPolicy");
  EXPECT_THAT(
      Create(
          r,
          R"({"metadata":{"name":"np","namespace":"d"},"spec":{"podSelector":{},"policyTypes":["Ingress"],
      "ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"web"}}}],"ports":[{"protocol":"TCP","port":80}]}]}})"),
      IsEmpty());
  EXPECT_THAT(
      Create(
          r,
          R"({"metadata":{"name":"np","namespace":"d"},"spec":{"podSelector":{},"policyTypes":["Sideways"],
      "ingress":[{"from":[{}],"ports":[{"protocol":"ICMP","port":0}]}]}})"),
      ElementsAre(
          "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: "
          "\"SCTP\", \"TCP\", \"UDP\"",
          "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
          "spec.ingress[0].from[0]: Required value: must specify a peer",
          "spec.policyTypes[0]: Unsupported value: \"Sideways\": supported values: \"Ingress\", "
          "\"Egress\""));
}

}  // namespace
}  // namespace kubepp::api::testing
