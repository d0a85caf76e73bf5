#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

const ResourceInfo kServices = Resource("", "v1", "services");

TEST(ServicePrinterTest, Columns) {
  EXPECT_EQ(ColumnNames(kServices),
            (std::vector<std::string>{"Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age",
                                      "Selector"}));
  EXPECT_EQ(ColumnPriorities(kServices), (std::vector<int>{0, 0, 0, 0, 0, 0, 1}));
}

TEST(ServicePrinterTest, ClusterIp) {
  auto cells =
      Cells(kServices,
            R"({"metadata": {"name": "kubernetes", "creationTimestamp": "2024-04-26T12:00:00Z"},
    "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"],
             "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]}})");
  EXPECT_CELLS(cells, R"(["kubernetes","ClusterIP","10.96.0.1","<none>","443/TCP","5d","<none>"])");
}

TEST(ServicePrinterTest, NodePortWithSelectorAndExternalIps) {
  auto cells = Cells(kServices, R"({"metadata": {"name": "web"},
    "spec": {"type": "NodePort", "clusterIPs": ["10.96.12.7"], "externalIPs": ["1.2.3.4", "5.6.7.8"],
             "selector": {"app": "web"},
             "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"},
                       {"port": 53, "protocol": "UDP"}]}})");
  EXPECT_CELLS(cells, R"(["web","NodePort","10.96.12.7","1.2.3.4,5.6.7.8","80:30080/TCP,53/UDP",
                          "<unknown>","app=web"])");
}

TEST(ServicePrinterTest, LoadBalancerAndHeadlessAndExternalName) {
  auto pending = Cells(kServices, R"({"metadata": {"name": "lb"},
    "spec": {"type": "LoadBalancer", "clusterIP": "10.96.0.9", "ports": [{"port": 80, "nodePort": 31000, "protocol": "TCP"}]}})");
  EXPECT_EQ(pending[3], "<pending>");
  auto lb = Cells(kServices, R"({"metadata": {"name": "lb"},
    "spec": {"type": "LoadBalancer", "externalIPs": ["9.9.9.9"]},
    "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.20"}, {"hostname": "lb.example.com"},
                                            {"ip": "203.0.113.10"}]}}})");
  EXPECT_EQ(lb[3], "203.0.113.10,203.0.113.20,lb.example.com,9.9.9.9");
  auto headless = Cells(kServices, R"({"metadata": {"name": "db"},
    "spec": {"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"]}})");
  EXPECT_EQ(headless[2], "None");
  EXPECT_EQ(headless[4], "<none>");
  auto external = Cells(kServices, R"({"metadata": {"name": "ext"},
    "spec": {"type": "ExternalName", "externalName": "db.example.com"}})");
  EXPECT_EQ(external[2], "<none>");
  EXPECT_EQ(external[3], "db.example.com");
}

TEST(EndpointsPrinterTest, TruncatesAfterThree) {
  const ResourceInfo r = Resource("", "v1", "endpoints");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Endpoints", "Age"}));
  auto cells = Cells(r, R"({"metadata": {"name": "web"}, "subsets": [
    {"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}], "ports": [{"port": 80}, {"port": 443}]}]})");
  EXPECT_EQ(cells[1], "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...");
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "none"}})")[1], "<none>");
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "h"}, "subsets": [{"addresses": [{"ip": "fd00::1"}],
                        "ports": [{"port": 8080}]}, {"addresses": [{"ip": "10.0.0.9"}]}]})")[1],
            "[fd00::1]:8080,10.0.0.9");
  EXPECT_EQ(
      Cells(r, R"({"metadata": {"name": "x"}, "subsets": [{"notReadyAddresses": [{"ip": "1.1.1.1"}],
                        "ports": [{"port": 80}]}]})")[1],
      "");
}

TEST(EndpointSlicePrinterTest, Cells) {
  const ResourceInfo r = Resource("discovery.k8s.io", "v1", "endpointslices");
  EXPECT_EQ(ColumnNames(r),
            (std::vector<std::string>{"Name", "AddressType", "Ports", "Endpoints", "Age"}));
  auto cells = Cells(r, R"({"metadata": {"name": "web-abc"}, "addressType": "IPv4",
    "ports": [{"name": "http", "port": 80}, {"name": "metrics"}, {}],
    "endpoints": [{"addresses": ["10.0.0.1"]}, {"addresses": ["10.0.0.2"]}, {"addresses": ["10.0.0.3"]},
                  {"addresses": ["10.0.0.4"]}]})");
  EXPECT_CELLS(
      cells,
      R"(["web-abc","IPv4","80,metrics,*","10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...","<unknown>"])");
  auto empty = Cells(r, R"({"metadata": {"name": "e"}, "addressType": "IPv6"})");
  EXPECT_EQ(empty[2], "<unset>");
  EXPECT_EQ(empty[3], "<unset>");
}

}  // namespace
}  // namespace kubepp::api::printers_test
