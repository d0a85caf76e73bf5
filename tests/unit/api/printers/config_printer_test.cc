#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

TEST(NamespacePrinterTest, Cells) {
  const ResourceInfo r = Resource("", "v1", "namespaces");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Status", "Age"}));
  EXPECT_CELLS(
      Cells(r, R"({"metadata": {"name": "default", "creationTimestamp": "2024-03-02T12:00:00Z"},
                           "status": {"phase": "Active"}})"),
      R"(["default","Active","60d"])");
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "old"}, "status": {"phase": "Terminating"}})")[1],
            "Terminating");
}

TEST(ConfigMapPrinterTest, CountsDataAndBinaryData) {
  const ResourceInfo r = Resource("", "v1", "configmaps");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Data", "Age"}));
  EXPECT_CELLS(
      Cells(
          r,
          R"({"metadata": {"name": "kube-root-ca.crt", "creationTimestamp": "2024-05-01T11:59:59Z"},
                           "data": {"ca.crt": "..."}, "binaryData": {"a": "AA==", "b": "AA=="}})"),
      R"(["kube-root-ca.crt",3,"1s"])");
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "e"}})")[1], 0);
}

TEST(SecretPrinterTest, Cells) {
  const ResourceInfo r = Resource("", "v1", "secrets");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Type", "Data", "Age"}));
  EXPECT_CELLS(Cells(r, R"({"metadata": {"name": "tls"}, "type": "kubernetes.io/tls",
                           "data": {"tls.crt": "eA==", "tls.key": "eA=="}})"),
               R"(["tls","kubernetes.io/tls",2,"<unknown>"])");
}

TEST(ServiceAccountPrinterTest, Cells) {
  const ResourceInfo r = Resource("", "v1", "serviceaccounts");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Secrets", "Age"}));
  EXPECT_CELLS(Cells(r, R"({"metadata": {"name": "default"}})"), R"(["default",0,"<unknown>"])");
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "b"}, "secrets": [{"name": "b-token"}]})")[1], 1);
}

TEST(ResourceQuotaPrinterTest, SplitsRequestsAndLimits) {
  const ResourceInfo r = Resource("", "v1", "resourcequotas");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Request", "Limit", "Age"}));
  auto cells = Cells(r, R"({"metadata": {"name": "q"},
    "status": {"hard": {"requests.cpu": "2", "pods": "10", "limits.memory": "2Gi", "limits.cpu": "4"},
               "used": {"requests.cpu": "500m", "pods": "3", "limits.cpu": "1"}}})");
  EXPECT_CELLS(
      cells,
      R"(["q","pods: 3/10, requests.cpu: 500m/2","limits.cpu: 1/4, limits.memory: 0/2Gi","<unknown>"])");
}

TEST(ComponentStatusPrinterTest, Cells) {
  const ResourceInfo r = Resource("", "v1", "componentstatuses");
  EXPECT_CELLS(Cells(r, R"({"metadata": {"name": "etcd-0"},
    "conditions": [{"type": "Healthy", "status": "True", "message": "ok"}]})"),
               R"(["etcd-0","Healthy","ok",""])");
}

TEST(DefaultPrinterTest, NameAndCreatedAt) {
  for (const ResourceInfo& r :
       {Resource("rbac.authorization.k8s.io", "v1", "roles"),
        Resource("rbac.authorization.k8s.io", "v1", "clusterroles"),
        Resource("", "v1", "limitranges"), Resource("example.com", "v1", "widgets")}) {
    EXPECT_FALSE(HasTablePrinter(r)) << r.resource;
    EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Created At"})) << r.resource;
    EXPECT_EQ(ColumnTypes(r), (std::vector<std::string>{"string", "date"}));
    EXPECT_CELLS(
        Cells(
            r,
            R"({"metadata": {"name": "admin", "creationTimestamp": "2024-04-30T08:15:00+02:00"}})"),
        R"(["admin","2024-04-30T06:15:00Z"])");
    EXPECT_CELLS(Cells(r, R"({"metadata": {"name": "x"}})"), R"(["x","0001-01-01T00:00:00Z"])");
  }
  EXPECT_EQ(TableColumns(Resource("", "v1", "limitranges"))[0].as_object().at("format"), "name");
  EXPECT_TRUE(HasTablePrinter(Resource("", "v1", "pods")));
}

TEST(TableTest, EveryPrinterRowMatchesItsColumns) {
  // Each printer, even given an empty object, yields one cell per column.
  const std::vector<ResourceInfo> all = {
      Resource("", "v1", "pods"),
      Resource("", "v1", "podtemplates"),
      Resource("", "v1", "replicationcontrollers"),
      Resource("apps", "v1", "replicasets"),
      Resource("apps", "v1", "deployments"),
      Resource("apps", "v1", "daemonsets"),
      Resource("apps", "v1", "statefulsets"),
      Resource("apps", "v1", "controllerrevisions"),
      Resource("batch", "v1", "jobs"),
      Resource("batch", "v1", "cronjobs"),
      Resource("", "v1", "services"),
      Resource("", "v1", "endpoints"),
      Resource("discovery.k8s.io", "v1", "endpointslices"),
      Resource("networking.k8s.io", "v1", "ingresses"),
      Resource("networking.k8s.io", "v1", "ingressclasses"),
      Resource("networking.k8s.io", "v1", "networkpolicies"),
      Resource("", "v1", "nodes"),
      Resource("", "v1", "events"),
      Resource("events.k8s.io", "v1", "events"),
      Resource("", "v1", "namespaces"),
      Resource("", "v1", "configmaps"),
      Resource("", "v1", "secrets"),
      Resource("", "v1", "serviceaccounts"),
      Resource("", "v1", "resourcequotas"),
      Resource("", "v1", "componentstatuses"),
      Resource("", "v1", "persistentvolumes"),
      Resource("", "v1", "persistentvolumeclaims"),
      Resource("storage.k8s.io", "v1", "storageclasses"),
      Resource("storage.k8s.io", "v1", "volumeattachments"),
      Resource("storage.k8s.io", "v1", "csinodes"),
      Resource("storage.k8s.io", "v1", "csidrivers"),
      Resource("apiregistration.k8s.io", "v1", "apiservices"),
      Resource("autoscaling", "v2", "horizontalpodautoscalers"),
      Resource("autoscaling", "v1", "horizontalpodautoscalers"),
      Resource("policy", "v1", "poddisruptionbudgets"),
      Resource("scheduling.k8s.io", "v1", "priorityclasses"),
      Resource("coordination.k8s.io", "v1", "leases"),
      Resource("rbac.authorization.k8s.io", "v1", "rolebindings"),
      Resource("rbac.authorization.k8s.io", "v1", "clusterrolebindings"),
      Resource("certificates.k8s.io", "v1", "certificatesigningrequests"),
      Resource("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations"),
      Resource("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations"),
      Resource("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies"),
      Resource("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings"),
      Resource("flowcontrol.apiserver.k8s.io", "v1", "flowschemas"),
      Resource("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations"),
      Resource("node.k8s.io", "v1", "runtimeclasses"),
  };
  for (const ResourceInfo& r : all) {
    EXPECT_TRUE(HasTablePrinter(r)) << r.group << "/" << r.resource;
    const size_t columns = TableColumns(r).size();
    EXPECT_EQ(TableCells(r, boost::json::object(), kNow).size(), columns) << r.resource;
    EXPECT_EQ(TableCells(r, Object(R"({"metadata": 5, "spec": [], "status": "x"})"), kNow).size(),
              columns)
        << r.resource;
    for (const auto& c : TableColumns(r)) {
      const auto& col = c.as_object();
      EXPECT_EQ(col.size(), 5u);
      EXPECT_FALSE(col.at("description").as_string().empty())
          << r.resource << " " << col.at("name");
    }
  }
}

}  // namespace
}  // namespace kubepp::api::printers_test
