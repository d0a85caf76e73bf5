#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

const ResourceInfo kIngresses = Resource("networking.k8s.io", "v1", "ingresses");

TEST(IngressPrinterTest, Cells) {
  EXPECT_EQ(ColumnNames(kIngresses),
            (std::vector<std::string>{"Name", "Class", "Hosts", "Address", "Ports", "Age"}));
  auto cells = Cells(kIngresses,
                     R"({"metadata": {"name": "blog", "creationTimestamp": "2024-05-01T11:59:30Z"},
    "spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["blog.example.com"]}],
             "rules": [{"host": "blog.example.com"}, {"host": "www.example.com"}]},
    "status": {"loadBalancer": {"ingress": [{"ip": "192.168.49.2"}]}}})");
  EXPECT_CELLS(
      cells,
      R"(["blog","nginx","blog.example.com,www.example.com","192.168.49.2","80, 443","30s"])");
}

TEST(IngressPrinterTest, DefaultsAndManyHosts) {
  auto plain =
      Cells(kIngresses, R"({"metadata": {"name": "i"}, "spec": {"rules": [{"http": {}}]}})");
  EXPECT_EQ(plain[1], "<none>");
  EXPECT_EQ(plain[2], "*");
  EXPECT_EQ(plain[3], "");
  EXPECT_EQ(plain[4], "80");
  auto many = Cells(kIngresses, R"({"metadata": {"name": "i"}, "spec": {"rules": [
    {"host": "a"}, {"host": "b"}, {"http": {}}, {"host": "d"}, {"host": "e"}]}})");
  EXPECT_EQ(many[2], "a,b,d + 2 more...");
}

TEST(IngressClassPrinterTest, Cells) {
  const ResourceInfo r = Resource("networking.k8s.io", "v1", "ingressclasses");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Controller", "Parameters", "Age"}));
  auto cells =
      Cells(r, R"({"metadata": {"name": "nginx"}, "spec": {"controller": "k8s.io/ingress-nginx",
    "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters", "name": "external-lb"}}})");
  EXPECT_CELLS(
      cells,
      R"(["nginx","k8s.io/ingress-nginx","IngressParameters.k8s.example.com/external-lb","<unknown>"])");
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "n"}, "spec": {"controller": "c"}})")[2], "<none>");
}

TEST(NetworkPolicyPrinterTest, Cells) {
  const ResourceInfo r = Resource("networking.k8s.io", "v1", "networkpolicies");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Pod-Selector", "Age"}));
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "deny"}, "spec": {"podSelector": {}}})")[1],
            "<none>");
  EXPECT_EQ(
      Cells(
          r,
          R"({"metadata": {"name": "db"}, "spec": {"podSelector": {"matchLabels": {"role": "db"}}}})")
          [1],
      "role=db");
}

}  // namespace
}  // namespace kubepp::api::printers_test
