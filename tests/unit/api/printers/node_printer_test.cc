#include <gtest/gtest.h>

#include "printer_test_util.h"

namespace kubepp::api::printers_test {
namespace {

const ResourceInfo kNodes = Resource("", "v1", "nodes");

TEST(NodePrinterTest, Columns) {
  EXPECT_EQ(
      ColumnNames(kNodes),
      (std::vector<std::string>{"Name", "Status", "Roles", "Age", "Version", "Internal-IP",
                                "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"}));
  EXPECT_EQ(ColumnPriorities(kNodes), (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
}

TEST(NodePrinterTest, ReadyControlPlane) {
  auto cells =
      Cells(kNodes, R"j({"metadata": {"name": "cp-1", "creationTimestamp": "2023-12-01T12:00:00Z",
      "labels": {"node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/etcd": "true",
                 "kubernetes.io/hostname": "cp-1"}},
    "status": {"conditions": [{"type": "MemoryPressure", "status": "False"},
                              {"type": "Ready", "status": "True"}],
      "addresses": [{"type": "InternalIP", "address": "192.168.1.10"}, {"type": "Hostname", "address": "cp-1"}],
      "nodeInfo": {"kubeletVersion": "v1.32.0", "osImage": "Debian GNU/Linux 12 (bookworm)",
                   "kernelVersion": "6.1.0-18-amd64", "containerRuntimeVersion": "containerd://1.6.20"}}})j");
  EXPECT_CELLS(cells,
               R"j(["cp-1","Ready","control-plane,etcd","152d","v1.32.0","192.168.1.10","<none>",
                          "Debian GNU/Linux 12 (bookworm)","6.1.0-18-amd64","containerd://1.6.20"])j");
}

TEST(NodePrinterTest, NotReadyCordonedAndUnknown) {
  auto cordoned =
      Cells(kNodes, R"({"metadata": {"name": "w1", "labels": {"kubernetes.io/role": "worker"}},
    "spec": {"unschedulable": true},
    "status": {"conditions": [{"type": "Ready", "status": "Unknown"}],
      "addresses": [{"type": "ExternalIP", "address": "203.0.113.5"}]}})");
  EXPECT_CELLS(cordoned, R"(["w1","NotReady,SchedulingDisabled","worker","<unknown>","","<none>",
                             "203.0.113.5","<unknown>","<unknown>","<unknown>"])");
  auto fresh = Cells(kNodes, R"({"metadata": {"name": "w2"}, "spec": {"unschedulable": true}})");
  EXPECT_EQ(fresh[1], "Unknown,SchedulingDisabled");
  EXPECT_EQ(fresh[2], "<none>");
  EXPECT_EQ(Cells(kNodes, R"({"metadata": {"name": "w3"},
    "status": {"conditions": [{"type": "Ready", "status": "True"}]}})")[1],
            "Ready");
}

}  // namespace
}  // namespace kubepp::api::printers_test
