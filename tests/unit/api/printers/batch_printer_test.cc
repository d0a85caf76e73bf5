#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

const ResourceInfo kJobs = Resource("batch", "v1", "jobs");

TEST(JobPrinterTest, Columns) {
  EXPECT_EQ(ColumnNames(kJobs),
            (std::vector<std::string>{"Name", "Status", "Completions", "Duration", "Age",
                                      "Containers", "Images", "Selector"}));
  EXPECT_EQ(ColumnPriorities(kJobs), (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1}));
}

TEST(JobPrinterTest, Complete) {
  auto cells =
      Cells(kJobs, R"({"metadata": {"name": "pi", "creationTimestamp": "2024-05-01T11:50:00Z"},
    "spec": {"completions": 1, "parallelism": 1,
      "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "abc"}},
      "template": {"spec": {"containers": [{"name": "pi", "image": "perl:5.34"}]}}},
    "status": {"succeeded": 1, "startTime": "2024-05-01T11:50:00Z",
      "completionTime": "2024-05-01T11:50:42Z",
      "conditions": [{"type": "SuccessCriteriaMet", "status": "True"},
                     {"type": "Complete", "status": "True"}]}})");
  EXPECT_CELLS(cells, R"(["pi","Complete","1/1","42s","10m","pi","perl:5.34",
                          "batch.kubernetes.io/controller-uid=abc"])");
}

TEST(JobPrinterTest, RunningParallelWithoutCompletions) {
  auto cells = Cells(kJobs, R"({"metadata": {"name": "w"},
    "spec": {"parallelism": 3}, "status": {"succeeded": 0, "startTime": "2024-05-01T11:54:50Z"}})");
  EXPECT_EQ(cells[1], "Running");
  EXPECT_EQ(cells[2], "0/1 of 3");
  EXPECT_EQ(cells[3], "5m10s");
  EXPECT_EQ(cells[7], "<none>");
}

TEST(JobPrinterTest, StatusPrecedence) {
  auto status = [](const std::string& extra) {
    return Cells(kJobs, R"({"metadata": {"name": "j")" + extra)[1];
  };
  EXPECT_EQ(status(R"(}, "status": {"conditions": [{"type": "Failed", "status": "True"}]}})"),
            "Failed");
  EXPECT_EQ(status(R"(, "deletionTimestamp": "2024-05-01T11:00:00Z"},
                      "status": {"conditions": [{"type": "Suspended", "status": "True"}]}})"),
            "Terminating");
  EXPECT_EQ(status(R"(}, "status": {"conditions": [{"type": "Suspended", "status": "True"}]}})"),
            "Suspended");
  EXPECT_EQ(
      status(R"(}, "status": {"conditions": [{"type": "FailureTarget", "status": "True"}]}})"),
      "FailureTarget");
  EXPECT_EQ(status(R"(}, "status": {"conditions": [{"type": "Complete", "status": "False"}]}})"),
            "Running");
  // Not started: no duration.
  EXPECT_EQ(Cells(kJobs, R"({"metadata": {"name": "j"}, "spec": {"completions": 5}})")[3], "");
  EXPECT_EQ(Cells(kJobs, R"({"metadata": {"name": "j"}, "spec": {"completions": 5}})")[2], "0/5");
}

TEST(CronJobPrinterTest, Cells) {
  const ResourceInfo r = Resource("batch", "v1", "cronjobs");
  EXPECT_EQ(ColumnNames(r),
            (std::vector<std::string>{"Name", "Schedule", "Timezone", "Suspend", "Active",
                                      "Last Schedule", "Age", "Containers", "Images", "Selector"}));
  EXPECT_EQ(ColumnTypes(r)[3], "boolean");
  auto cells =
      Cells(r, R"({"metadata": {"name": "hello", "creationTimestamp": "2024-05-01T09:00:00Z"},
    "spec": {"schedule": "*/5 * * * *", "suspend": false, "jobTemplate": {"spec": {"template": {"spec":
      {"containers": [{"name": "hello", "image": "busybox"}]}}}}},
    "status": {"active": [{"name": "hello-1"}], "lastScheduleTime": "2024-05-01T11:55:00Z"}})");
  EXPECT_CELLS(
      cells, R"(["hello","*/5 * * * *","<none>","False",1,"5m","3h","hello","busybox","<none>"])");
  auto never = Cells(r, R"({"metadata": {"name": "c"}, "spec": {"schedule": "@daily",
    "timeZone": "Europe/Paris"}})");
  EXPECT_EQ(never[2], "Europe/Paris");
  EXPECT_EQ(never[3], "<unset>");
  EXPECT_EQ(never[4], 0);
  EXPECT_EQ(never[5], "<none>");
}

}  // namespace
}  // namespace kubepp::api::printers_test
