#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

const ResourceInfo kHpaV2 = Resource("autoscaling", "v2", "horizontalpodautoscalers");

TEST(HpaPrinterTest, V2Metrics) {
  EXPECT_EQ(ColumnNames(kHpaV2),
            (std::vector<std::string>{"Name", "Reference", "Targets", "MinPods", "MaxPods",
                                      "Replicas", "Age"}));
  auto cells = Cells(kHpaV2, R"({"metadata": {"name": "web"},
    "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
      "minReplicas": 1, "maxReplicas": 10,
      "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]},
    "status": {"currentReplicas": 2,
      "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 41, "averageValue": "41m"}}}]}})");
  EXPECT_CELLS(cells, R"(["web","Deployment/web","cpu: 41%/80%","1",10,2,"<unknown>"])");
}

TEST(HpaPrinterTest, ManyMetricKinds) {
  auto cells = Cells(kHpaV2, R"({"metadata": {"name": "h"},
    "spec": {"scaleTargetRef": {"kind": "StatefulSet", "name": "db"}, "maxReplicas": 3,
      "metrics": [
        {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "500Mi"}}},
        {"type": "Pods", "pods": {"metric": {"name": "qps"}, "target": {"type": "AverageValue", "averageValue": "1k"}}},
        {"type": "External", "external": {"metric": {"name": "queue"}, "target": {"type": "Value", "value": "30"}}}]}})");
  EXPECT_EQ(cells[2], "memory: <unknown>/500Mi, <unknown>/1k + 1 more...");
  EXPECT_EQ(cells[3], "<unset>");
  auto none = Cells(kHpaV2, R"({"metadata": {"name": "h"}, "spec": {"maxReplicas": 3}})");
  EXPECT_EQ(none[2], "<none>");
  auto object = Cells(kHpaV2, R"({"metadata": {"name": "h"}, "spec": {"metrics": [
      {"type": "Object", "object": {"target": {"type": "AverageValue", "averageValue": "2"}}},
      {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization"}}}]},
    "status": {"currentMetrics": [{"type": "Object", "object": {"current": {"averageValue": "1500m"}}}]}})");
  EXPECT_EQ(object[2], "1500m/2 (avg), cpu: <unknown>/<auto>");
}

TEST(HpaPrinterTest, V1CpuTarget) {
  auto cells = Cells(Resource("autoscaling", "v1", "horizontalpodautoscalers"),
                     R"({"metadata": {"name": "web"},
    "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 2, "maxReplicas": 5,
             "targetCPUUtilizationPercentage": 50},
    "status": {"currentReplicas": 2, "currentCPUUtilizationPercentage": 12}})");
  EXPECT_CELLS(cells, R"(["web","Deployment/web","cpu: 12%/50%","2",5,2,"<unknown>"])");
}

TEST(PdbPrinterTest, Cells) {
  const ResourceInfo r = Resource("policy", "v1", "poddisruptionbudgets");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Min Available", "Max Unavailable",
                                                      "Allowed Disruptions", "Age"}));
  EXPECT_CELLS(
      Cells(
          r,
          R"({"metadata": {"name": "web"}, "spec": {"minAvailable": 2}, "status": {"disruptionsAllowed": 1}})"),
      R"(["web","2","N/A",1,"<unknown>"])");
  EXPECT_CELLS(Cells(r, R"({"metadata": {"name": "db"}, "spec": {"maxUnavailable": "25%"}})"),
               R"(["db","N/A","25%",0,"<unknown>"])");
}

TEST(PriorityClassPrinterTest, Cells) {
  const ResourceInfo r = Resource("scheduling.k8s.io", "v1", "priorityclasses");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Value", "Global-Default", "Age",
                                                      "PreemptionPolicy"}));
  EXPECT_EQ(ColumnPriorities(r), (std::vector<int>{0, 0, 0, 0, 0}));
  EXPECT_CELLS(Cells(r, R"({"metadata": {"name": "system-node-critical"}, "value": 2000001000,
                           "preemptionPolicy": "PreemptLowerPriority"})"),
               R"(["system-node-critical",2000001000,false,"<unknown>","PreemptLowerPriority"])");
}

TEST(LeasePrinterTest, Cells) {
  const ResourceInfo r = Resource("coordination.k8s.io", "v1", "leases");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Holder", "Age"}));
  EXPECT_CELLS(
      Cells(r,
            R"({"metadata": {"name": "kube-scheduler"}, "spec": {"holderIdentity": "cp-1_abc"}})"),
      R"(["kube-scheduler","cp-1_abc","<unknown>"])");
}

TEST(RoleBindingPrinterTest, Cells) {
  for (const char* res : {"rolebindings", "clusterrolebindings"}) {
    const ResourceInfo r = Resource("rbac.authorization.k8s.io", "v1", res);
    EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Role", "Age", "Users", "Groups",
                                                        "ServiceAccounts"}));
    EXPECT_EQ(ColumnPriorities(r), (std::vector<int>{0, 0, 0, 1, 1, 1}));
    auto cells =
        Cells(r, R"({"metadata": {"name": "rb"}, "roleRef": {"kind": "ClusterRole", "name": "view"},
      "subjects": [{"kind": "User", "name": "alice"}, {"kind": "Group", "name": "devs"},
                   {"kind": "ServiceAccount", "namespace": "ci", "name": "runner"},
                   {"kind": "User", "name": "bob"}]})");
    EXPECT_CELLS(cells, R"(["rb","ClusterRole/view","<unknown>","alice, bob","devs","ci/runner"])");
  }
}

TEST(CsrPrinterTest, Cells) {
  const ResourceInfo r = Resource("certificates.k8s.io", "v1", "certificatesigningrequests");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Age", "SignerName", "Requestor",
                                                      "RequestedDuration", "Condition"}));
  EXPECT_CELLS(
      Cells(
          r,
          R"({"metadata": {"name": "csr-1"}, "spec": {"signerName": "kubernetes.io/kube-apiserver-client",
      "username": "alice", "expirationSeconds": 86400},
      "status": {"conditions": [{"type": "Approved", "status": "True"}], "certificate": "LS0t"}})"),
      R"(["csr-1","<unknown>","kubernetes.io/kube-apiserver-client","alice","24h","Approved,Issued"])");
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "c"}})")[5], "Pending");
}

TEST(AdmissionPrintersTest, Cells) {
  EXPECT_CELLS(
      Cells(Resource("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations"),
            R"({"metadata": {"name": "w"}, "webhooks": [{"name": "a"}, {"name": "b"}]})"),
      R"(["w",2,"<unknown>"])");
  EXPECT_CELLS(
      Cells(
          Resource("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies"),
          R"({"metadata": {"name": "p"}, "spec": {"paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
                         "validations": [{"expression": "true"}]}})"),
      R"(["p",1,"v1/ConfigMap","<unknown>"])");
  EXPECT_CELLS(
      Cells(
          Resource("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings"),
          R"({"metadata": {"name": "b"}, "spec": {"policyName": "p", "paramRef": {"name": "cfg"}}})"),
      R"(["b","p","*/cfg","<unknown>"])");
}

TEST(ApiServicePrinterTest, Cells) {
  const ResourceInfo r = Resource("apiregistration.k8s.io", "v1", "apiservices");
  EXPECT_EQ(ColumnNames(r), (std::vector<std::string>{"Name", "Service", "Available", "Age"}));
  EXPECT_CELLS(Cells(r, R"({"metadata": {"name": "v1.apps"},
      "status": {"conditions": [{"type": "Available", "status": "True", "reason": "Local"}]}})"),
               R"(["v1.apps","Local","True","<unknown>"])");
  EXPECT_CELLS(
      Cells(r, R"({"metadata": {"name": "v1beta1.metrics.k8s.io"},
      "spec": {"service": {"namespace": "kube-system", "name": "metrics-server"}},
      "status": {"conditions": [{"type": "Available", "status": "False",
                                 "reason": "MissingEndpoints"}]}})"),
      R"j(["v1beta1.metrics.k8s.io","kube-system/metrics-server","False (MissingEndpoints)","<unknown>"])j");
  EXPECT_EQ(Cells(r, R"({"metadata": {"name": "x"}})")[2], "Unknown");
}

TEST(FlowControlPrintersTest, Cells) {
  EXPECT_CELLS(
      Cells(
          Resource("flowcontrol.apiserver.k8s.io", "v1", "flowschemas"),
          R"({"metadata": {"name": "exempt"}, "spec": {"priorityLevelConfiguration": {"name": "exempt"},
                         "matchingPrecedence": 1}})"),
      R"(["exempt","exempt",1,"<none>","<unknown>","?"])");
  EXPECT_CELLS(
      Cells(Resource("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations"),
            R"({"metadata": {"name": "global-default"}, "spec": {"type": "Limited", "limited": {
                         "nominalConcurrencyShares": 20, "limitResponse": {"type": "Queue",
                         "queuing": {"queues": 128, "handSize": 6, "queueLengthLimit": 50}}}}})"),
      R"(["global-default","Limited",20,128,6,50,"<unknown>"])");
  EXPECT_CELLS(Cells(Resource("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations"),
                     R"({"metadata": {"name": "exempt"}, "spec": {"type": "Exempt"}})"),
               R"(["exempt","Exempt","<none>","<none>","<none>","<none>","<unknown>"])");
}

}  // namespace
}  // namespace kubepp::api::printers_test
