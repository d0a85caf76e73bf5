#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

const ResourceInfo kEvents = Resource("", "v1", "events");

TEST(EventPrinterTest, Columns) {
  EXPECT_EQ(ColumnNames(kEvents),
            (std::vector<std::string>{"Last Seen", "Type", "Reason", "Object", "Subobject",
                                      "Source", "Message", "First Seen", "Count", "Name"}));
  EXPECT_EQ(ColumnPriorities(kEvents), (std::vector<int>{0, 0, 0, 0, 1, 1, 0, 1, 1, 1}));
  EXPECT_EQ(ColumnNames(Resource("events.k8s.io", "v1", "events")), ColumnNames(kEvents));
}

TEST(EventPrinterTest, CoreEvent) {
  auto cells = Cells(kEvents, R"({"metadata": {"name": "web-1.17c8a"},
    "involvedObject": {"kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{web}"},
    "reason": "Pulled", "message": "Successfully pulled image \"nginx\"\n", "type": "Normal",
    "source": {"component": "kubelet", "host": "node-1"},
    "firstTimestamp": "2024-05-01T11:00:00Z", "lastTimestamp": "2024-05-01T11:58:00Z", "count": 4})");
  EXPECT_CELLS(cells,
               R"(["2m","Normal","Pulled","pod/web-1","spec.containers{web}","kubelet, node-1",
                          "Successfully pulled image \"nginx\"","60m",4,"web-1.17c8a"])");
}

TEST(EventPrinterTest, NewStyleCoreEventUsesEventTimeAndReporter) {
  auto cells = Cells(kEvents, R"({"metadata": {"name": "e"},
    "involvedObject": {"kind": "Node"}, "reason": "Scheduled", "type": "Normal", "message": "ok",
    "eventTime": "2024-05-01T11:59:20.123456Z", "reportingComponent": "default-scheduler",
    "reportingInstance": "default-scheduler-cp-1"})");
  EXPECT_CELLS(cells,
               R"(["39s","Normal","Scheduled","node","","default-scheduler, default-scheduler-cp-1",
                          "ok","39s",1,"e"])");
}

TEST(EventPrinterTest, SeriesWins) {
  auto cells = Cells(kEvents, R"({"metadata": {"name": "e"},
    "involvedObject": {"kind": "Pod", "name": "p"}, "type": "Warning", "reason": "BackOff",
    "eventTime": "2024-05-01T10:00:00.000000Z", "count": 2,
    "series": {"count": 12, "lastObservedTime": "2024-05-01T11:59:00.000000Z"}})");
  EXPECT_EQ(cells[0], "60s");
  EXPECT_EQ(cells[7], "120m");
  EXPECT_EQ(cells[8], 12);
}

TEST(EventPrinterTest, EventsV1) {
  const ResourceInfo r = Resource("events.k8s.io", "v1", "events");
  auto cells = Cells(r, R"({"metadata": {"name": "web.1"},
    "regarding": {"kind": "Deployment", "name": "web"}, "reason": "ScalingReplicaSet",
    "note": "Scaled up replica set web-5d8f to 3", "type": "Normal",
    "reportingController": "deployment-controller", "eventTime": null,
    "deprecatedSource": {"component": "deployment-controller"},
    "deprecatedFirstTimestamp": "2024-05-01T11:50:00Z", "deprecatedLastTimestamp": "2024-05-01T11:55:00Z",
    "deprecatedCount": 2})");
  EXPECT_CELLS(cells,
               R"(["5m","Normal","ScalingReplicaSet","deployment/web","","deployment-controller",
                          "Scaled up replica set web-5d8f to 3","10m",2,"web.1"])");
}

}  // namespace
}  // namespace kubepp::api::printers_test
