#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

TEST(DeploymentPrinterTest, ColumnsAndCells) {
  const ResourceInfo r = Resource("apps", "v1", "deployments");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Ready", "Up-to-date", "Available",
                                                      "Age", "Containers", "Images", "Selector"}));
  EXPECT_EQ(ColumnPriorities(r), (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1}));
  auto cells =
      Cells(r, R"({"metadata": {"name": "web", "creationTimestamp": "2024-04-29T09:00:00Z"},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
      "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"},
                                           {"name": "sidecar", "image": "busybox"}]}}},
    "status": {"replicas": 3, "updatedReplicas": 3, "readyReplicas": 2, "availableReplicas": 2}})");
  EXPECT_CELLS(cells, R"(["web","2/3",3,2,"2d3h","nginx,sidecar","nginx:1.25,busybox","app=web"])");
}

TEST(DeploymentPrinterTest, FreshDeploymentAndInvalidSelector) {
  const ResourceInfo r = Resource("apps", "v1", "deployments");
  auto cells = Cells(r, R"({"metadata": {"name": "d"}, "spec": {"replicas": 0,
    "selector": {"matchExpressions": [{"key": "a", "operator": "Bogus"}]}}})");
  EXPECT_CELLS(cells, R"(["d","0/0",0,0,"<unknown>","","","<invalid>"])");
  // An empty selector prints as an empty string here, not "<none>".
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "d"}, "spec": {"selector": {}}})")[7], "");
}

TEST(ReplicaSetPrinterTest, Cells) {
  const ResourceInfo r = Resource("apps", "v1", "replicasets");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Desired", "Current", "Ready", "Age",
                                                      "Containers", "Images", "Selector"}));
  EXPECT_EQ(ColumnTypes(r)[1], "integer");
  auto cells =
      Cells(r, R"({"metadata": {"name": "web-5d8f", "creationTimestamp": "2024-05-01T11:00:00Z"},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "5d8f"}},
      "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}},
    "status": {"replicas": 2, "readyReplicas": 1}})");
  EXPECT_CELLS(cells,
               R"(["web-5d8f",2,2,1,"60m","nginx","nginx","app=web,pod-template-hash=5d8f"])");
}

TEST(ReplicationControllerPrinterTest, Cells) {
  const ResourceInfo r = Resource("", "v1", "replicationcontrollers");
  auto cells = Cells(r, R"({"metadata": {"name": "rc"},
    "spec": {"replicas": 2, "selector": {"app": "old"},
      "template": {"spec": {"containers": [{"name": "c", "image": "i"}]}}},
    "status": {"replicas": 2, "readyReplicas": 2}})");
  EXPECT_CELLS(cells, R"(["rc",2,2,2,"<unknown>","c","i","app=old"])");
}

TEST(DaemonSetPrinterTest, Cells) {
  const ResourceInfo r = Resource("apps", "v1", "daemonsets");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Desired", "Current", "Ready",
                                                      "Up-to-date", "Available", "Node Selector",
                                                      "Age", "Containers", "Images", "Selector"}));
  auto cells =
      Cells(r, R"({"metadata": {"name": "kube-proxy", "creationTimestamp": "2024-04-01T12:00:00Z"},
    "spec": {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
      "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                            "containers": [{"name": "kube-proxy", "image": "kube-proxy:v1.32.0"}]}}},
    "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
               "updatedNumberScheduled": 3, "numberAvailable": 2}})");
  EXPECT_CELLS(cells, R"(["kube-proxy",3,3,2,3,2,"kubernetes.io/os=linux","30d","kube-proxy",
                          "kube-proxy:v1.32.0","k8s-app=kube-proxy"])");
}

TEST(StatefulSetPrinterTest, Cells) {
  const ResourceInfo r = Resource("apps", "v1", "statefulsets");
  EXPECT_EQ(ColumnNames(r),
            (std::vector<std::string>{"Name", "Ready", "Age", "Containers", "Images"}));
  auto cells = Cells(r, R"({"metadata": {"name": "db", "creationTimestamp": "2024-05-01T11:58:00Z"},
    "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "pg", "image": "postgres:16"}]}}},
    "status": {"readyReplicas": 1}})");
  EXPECT_CELLS(cells, R"(["db","1/3","2m","pg","postgres:16"])");
}

TEST(ControllerRevisionPrinterTest, Cells) {
  const ResourceInfo r = Resource("apps", "v1", "controllerrevisions");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Controller", "Revision", "Age"}));
  auto cells = Cells(r, R"({"metadata": {"name": "db-7c9f", "ownerReferences": [
      {"apiVersion": "v1", "kind": "Pod", "name": "other"},
      {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db", "controller": true}]},
    "revision": 2})");
  EXPECT_CELLS(cells, R"(["db-7c9f","statefulset.apps/db",2,"<unknown>"])");
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "x"}, "revision": 1})")[1], "<none>");
}

}  // namespace
}  // namespace kubepp::api::printers_test

namespace kubepp::api::printers_test {
namespace {

TEST(ScalePrinterTest, ColumnsAndCells) {
  const boost::json::array columns = ScaleTableColumns();
  ASSERT_EQ(columns.size(), 4u);
  EXPECT_EQ(columns[0].as_object().at("name"), "Name");
  EXPECT_EQ(columns[0].as_object().at("format"), "");
  EXPECT_EQ(columns[1].as_object().at("type"), "integer");
  EXPECT_EQ(columns[2].as_object().at("name"), "Available");
  EXPECT_CELLS(ScaleTableCells(Object(R"({"kind": "Scale", "metadata": {"name": "web",
                   "creationTimestamp": "2024-05-01T11:00:00Z"},
                   "spec": {"replicas": 3}, "status": {"replicas": 2, "selector": "app=web"}})"),
                               kNow),
               R"(["web",3,2,"60m"])");
}

}  // namespace
}  // namespace kubepp::api::printers_test
