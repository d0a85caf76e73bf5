#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

const ResourceInfo kPods = Resource("", "v1", "pods");

TEST(PodPrinterTest, Columns) {
  EXPECT_EQ(ColumnNames(kPods),
            (std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
                                      "Nominated Node", "Readiness Gates"}));
  EXPECT_EQ(ColumnPriorities(kPods), (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(ColumnTypes(kPods)[3], "string");
  const boost::json::array columns = TableColumns(kPods);
  const auto& name = columns[0].as_object();
  EXPECT_EQ(name.at("format"), "name");
  EXPECT_TRUE(name.at("description").as_string().starts_with("Name must be unique"));
  EXPECT_EQ(columns[1].as_object().at("format"), "");
  EXPECT_TRUE(
      columns[4].as_object().at("description").as_string().starts_with("CreationTimestamp"));
}

TEST(PodPrinterTest, Running) {
  auto cells = Cells(kPods, R"({
    "metadata": {"name": "web-1", "creationTimestamp": "2024-05-01T11:55:00Z"},
    "spec": {"nodeName": "node-1", "containers": [{"name": "web", "image": "nginx"}]},
    "status": {"phase": "Running", "podIP": "10.244.0.5", "podIPs": [{"ip": "10.244.0.5"}],
      "conditions": [{"type": "Ready", "status": "True"}],
      "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0,
        "state": {"running": {"startedAt": "2024-05-01T11:55:02Z"}}}]}})");
  EXPECT_CELLS(cells,
               R"(["web-1","1/1","Running","0","5m","10.244.0.5","node-1","<none>","<none>"])");
}

TEST(PodPrinterTest, PendingUnscheduled) {
  auto cells = Cells(kPods, R"({
    "metadata": {"name": "p", "creationTimestamp": "2024-05-01T11:59:15Z"},
    "spec": {"containers": [{"name": "a"}, {"name": "b"}]},
    "status": {"phase": "Pending"}})");
  EXPECT_CELLS(cells, R"(["p","0/2","Pending","0","45s","<none>","<none>","<none>","<none>"])");
}

TEST(PodPrinterTest, ContainerCreating) {
  auto cells = Cells(kPods, R"({
    "metadata": {"name": "p", "creationTimestamp": "2024-05-01T11:59:50Z"},
    "spec": {"nodeName": "n1", "containers": [{"name": "a"}]},
    "status": {"phase": "Pending", "containerStatuses": [{"name": "a", "ready": false,
      "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}})");
  EXPECT_EQ(cells[1], "0/1");
  EXPECT_EQ(cells[2], "ContainerCreating");
  EXPECT_EQ(cells[4], "10s");
}

TEST(PodPrinterTest, CrashLoopBackOffWithRecentRestart) {
  auto cells = Cells(kPods, R"({
    "metadata": {"name": "p", "creationTimestamp": "2024-04-30T12:00:00Z"},
    "spec": {"containers": [{"name": "a"}]},
    "status": {"phase": "Running", "containerStatuses": [{"name": "a", "ready": false,
      "restartCount": 5,
      "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                                   "finishedAt": "2024-05-01T11:57:00Z"}},
      "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}})");
  EXPECT_EQ(cells[1], "0/1");
  EXPECT_EQ(cells[2], "CrashLoopBackOff");
  EXPECT_EQ(cells[3], "5 (3m ago)");
  EXPECT_EQ(cells[4], "24h");
}

TEST(PodPrinterTest, RestartsWithoutTerminationTimeHaveNoAgo) {
  auto cells = Cells(kPods, R"({
    "metadata": {"name": "p"},
    "spec": {"containers": [{"name": "a"}]},
    "status": {"phase": "Running", "containerStatuses": [{"name": "a", "ready": true,
      "restartCount": 2, "state": {"running": {}}}]}})");
  EXPECT_EQ(cells[3], "2");
  EXPECT_EQ(cells[4], "<unknown>");
}

TEST(PodPrinterTest, Completed) {
  auto cells = Cells(kPods, R"({
    "metadata": {"name": "job-x"},
    "spec": {"containers": [{"name": "a"}]},
    "status": {"phase": "Succeeded", "containerStatuses": [{"name": "a", "ready": false,
      "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}})");
  EXPECT_EQ(cells[1], "0/1");
  EXPECT_EQ(cells[2], "Completed");
  auto conditions = TableRowConditions(kPods, Object(R"({"status": {"phase": "Succeeded"}})"));
  EXPECT_EQ(boost::json::value(conditions),
            Json(R"([{"type":"Completed","status":"True","reason":"Succeeded",
                      "message":"The pod has completed successfully."}])"));
  EXPECT_TRUE(TableRowConditions(kPods, Object(R"({"status": {"phase": "Running"}})")).empty());
}

TEST(PodPrinterTest, TerminatedWithoutReason) {
  auto cells = Cells(kPods, R"({
    "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}, {"name": "b"}]},
    "status": {"phase": "Failed", "containerStatuses": [
      {"name": "a", "state": {"terminated": {"exitCode": 137}}},
      {"name": "b", "state": {"terminated": {"exitCode": 0, "signal": 9}}}]}})");
  // Containers are visited last to first; the first one's state wins.
  EXPECT_EQ(cells[2], "ExitCode:137");
}

TEST(PodPrinterTest, PartlyCompletedIsRunningOrNotReady) {
  const char* pod = R"({
    "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}, {"name": "b"}]},
    "status": {"phase": "Running", %CONDITIONS% "containerStatuses": [
      {"name": "a", "ready": true, "state": {"running": {}}},
      {"name": "b", "ready": false, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}})";
  std::string ready(pod), not_ready(pod);
  ready.replace(ready.find("%CONDITIONS%"), 12,
                R"("conditions": [{"type": "Ready", "status": "True"}],)");
  not_ready.replace(not_ready.find("%CONDITIONS%"), 12, "");
  auto cells = Cells(kPods, ready);
  EXPECT_EQ(cells[1], "1/2");
  EXPECT_EQ(cells[2], "Running");
  EXPECT_EQ(Cells(kPods, not_ready)[2], "NotReady");
}

TEST(PodPrinterTest, Terminating) {
  auto cells = Cells(kPods, R"({
    "metadata": {"name": "p", "deletionTimestamp": "2024-05-01T11:59:00Z"},
    "spec": {"containers": [{"name": "a"}]},
    "status": {"phase": "Running", "containerStatuses": [{"name": "a", "ready": true,
      "state": {"running": {}}}]}})");
  EXPECT_EQ(cells[1], "1/1");
  EXPECT_EQ(cells[2], "Terminating");
  // A terminal pod being deleted keeps its phase.
  EXPECT_EQ(Cells(kPods, R"({"metadata": {"name": "p", "deletionTimestamp": "2024-05-01T11:59:00Z"},
                             "status": {"phase": "Succeeded"}})")[2],
            "Succeeded");
}

TEST(PodPrinterTest, NodeLostIsUnknown) {
  auto cells = Cells(kPods, R"({
    "metadata": {"name": "p", "deletionTimestamp": "2024-05-01T11:59:00Z"},
    "status": {"phase": "Running", "reason": "NodeLost"}})");
  EXPECT_EQ(cells[2], "Unknown");
}

TEST(PodPrinterTest, StatusReasonOverridesPhase) {
  auto cells = Cells(kPods, R"({"metadata": {"name": "p"},
    "status": {"phase": "Failed", "reason": "Evicted"}})");
  EXPECT_EQ(cells[2], "Evicted");
}

TEST(PodPrinterTest, SchedulingGated) {
  auto cells = Cells(kPods, R"({"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]},
    "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False",
      "reason": "SchedulingGated"}]}})");
  EXPECT_EQ(cells[2], "SchedulingGated");
}

TEST(PodPrinterTest, InitContainerRunning) {
  auto cells = Cells(kPods, R"({"metadata": {"name": "p"},
    "spec": {"initContainers": [{"name": "init"}], "containers": [{"name": "a"}]},
    "status": {"phase": "Pending",
      "initContainerStatuses": [{"name": "init", "ready": false, "restartCount": 0,
        "state": {"running": {}}}],
      "containerStatuses": [{"name": "a", "state": {"waiting": {"reason": "PodInitializing"}}}]}})");
  EXPECT_EQ(cells[1], "0/1");
  EXPECT_EQ(cells[2], "Init:0/1");
}

TEST(PodPrinterTest, InitSecondOfTwo) {
  auto cells = Cells(kPods, R"({"metadata": {"name": "p"},
    "spec": {"initContainers": [{"name": "i1"}, {"name": "i2"}], "containers": [{"name": "a"}]},
    "status": {"phase": "Pending", "initContainerStatuses": [
      {"name": "i1", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
      {"name": "i2", "state": {"waiting": {"reason": "PodInitializing"}}}]}})");
  EXPECT_EQ(cells[2], "Init:1/2");
}

TEST(PodPrinterTest, InitFailures) {
  const std::string head = R"({"metadata": {"name": "p"},
    "spec": {"initContainers": [{"name": "i"}], "containers": [{"name": "a"}]},
    "status": {"phase": "Pending", "initContainerStatuses": [{"name": "i", "restartCount": 3, )";
  EXPECT_EQ(Cells(kPods, head + R"("state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}})")[2],
            "Init:CrashLoopBackOff");
  EXPECT_EQ(
      Cells(kPods, head + R"("state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}})")[2],
      "Init:Error");
  EXPECT_EQ(Cells(kPods, head + R"("state": {"terminated": {"exitCode": 2}}}]}})")[2],
            "Init:ExitCode:2");
  EXPECT_EQ(Cells(kPods, head + R"("state": {"terminated": {"exitCode": 1, "signal": 9}}}]}})")[2],
            "Init:Signal:9");
  // While initializing, restarts count the init containers.
  EXPECT_EQ(Cells(kPods, head + R"("state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}})")[3],
            "3");
}

TEST(PodPrinterTest, PodInitializingAfterInit) {
  auto cells = Cells(kPods, R"({"metadata": {"name": "p"},
    "spec": {"initContainers": [{"name": "i"}], "containers": [{"name": "a"}]},
    "status": {"phase": "Pending",
      "initContainerStatuses": [{"name": "i", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
      "containerStatuses": [{"name": "a", "state": {"waiting": {"reason": "PodInitializing"}}}]}})");
  EXPECT_EQ(cells[2], "PodInitializing");
}

TEST(PodPrinterTest, SidecarCountsAsContainer) {
  auto cells = Cells(kPods, R"({"metadata": {"name": "p"},
    "spec": {"initContainers": [{"name": "proxy", "restartPolicy": "Always"}],
             "containers": [{"name": "a"}]},
    "status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}],
      "initContainerStatuses": [{"name": "proxy", "ready": true, "started": true, "restartCount": 1,
        "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2024-05-01T10:00:00Z"}},
        "state": {"running": {}}}],
      "containerStatuses": [{"name": "a", "ready": true, "restartCount": 0, "state": {"running": {}}}]}})");
  EXPECT_EQ(cells[1], "2/2");
  EXPECT_EQ(cells[2], "Running");
  EXPECT_EQ(cells[3], "1 (120m ago)");
}

TEST(PodPrinterTest, ReadinessGatesAndNominatedNode) {
  auto cells = Cells(kPods, R"({"metadata": {"name": "p"},
    "spec": {"containers": [{"name": "a"}],
             "readinessGates": [{"conditionType": "example.com/lb"}, {"conditionType": "example.com/dns"}]},
    "status": {"phase": "Pending", "nominatedNodeName": "node-2", "podIPs": [{"ip": "fd00::5"}],
      "conditions": [{"type": "example.com/lb", "status": "True"},
                     {"type": "example.com/dns", "status": "False"}]}})");
  EXPECT_EQ(cells[5], "fd00::5");
  EXPECT_EQ(cells[7], "node-2");
  EXPECT_EQ(cells[8], "1/2");
}

TEST(PodTemplatePrinterTest, Cells) {
  const ResourceInfo r = Resource("", "v1", "podtemplates");
  EXPECT_EQ(ColumnNames(r),
            (std::vector<std::string>{"Name", "Containers", "Images", "Pod Labels"}));
  auto cells = Cells(r, R"({"metadata": {"name": "t"}, "template": {
    "metadata": {"labels": {"b": "2", "a": "1"}},
    "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}, {"name": "log", "image": "busybox"}]}}})");
  EXPECT_CELLS(cells, R"(["t","web,log","nginx:1.25,busybox","a=1,b=2"])");
}

}  // namespace
}  // namespace kubepp::api::printers_test
