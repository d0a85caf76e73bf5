// Which pods a node under pressure admits.
#include "kubelet/eviction/admission.h"

#include <gtest/gtest.h>

#include "../test_util.h"

namespace kubepp::kubelet::eviction {
namespace {

using testing::Json;

const boost::json::object kBestEffort =
    Json(R"({"metadata":{"name":"be","namespace":"ns"},"spec":{"containers":[{"name":"c"}]}})");
const boost::json::object kBurstable = Json(R"({"metadata":{"name":"bu","namespace":"ns"},
  "spec":{"containers":[{"name":"c","resources":{"requests":{"memory":"10Mi"}}}]}})");
const boost::json::object kTolerating = Json(R"({"metadata":{"name":"tol","namespace":"ns"},
  "spec":{"containers":[{"name":"c"}],
          "tolerations":[{"key":"node.kubernetes.io/memory-pressure","operator":"Exists","effect":"NoSchedule"}]}})");
const boost::json::object kCritical = Json(R"({"metadata":{"name":"crit","namespace":"kube-system"},
  "spec":{"priority":2000001000,"priorityClassName":"system-node-critical","containers":[{"name":"c"}]}})");
const boost::json::object kStatic = Json(R"({"metadata":{"name":"static","namespace":"kube-system",
  "annotations":{"kubernetes.io/config.source":"file"}},"spec":{"containers":[{"name":"c"}]}})");

TEST(AdmissionTest, EverythingIsAdmittedWithoutPressure) {
  EXPECT_TRUE(AdmitUnderPressure({}, kBestEffort).admit);
}

TEST(AdmissionTest, MemoryPressureRefusesBestEffortPodsThatDoNotTolerateIt) {
  PodAdmitResult refused = AdmitUnderPressure({"MemoryPressure"}, kBestEffort);
  EXPECT_FALSE(refused.admit);
  EXPECT_EQ(refused.reason, "Evicted");
  EXPECT_EQ(refused.message, "The node had condition: [MemoryPressure]. ");
  EXPECT_TRUE(AdmitUnderPressure({"MemoryPressure"}, kBurstable).admit);
  EXPECT_TRUE(AdmitUnderPressure({"MemoryPressure"}, kTolerating).admit);
}

TEST(AdmissionTest, DiskOrPidPressureRefusesAllButCriticalPods) {
  EXPECT_FALSE(AdmitUnderPressure({"DiskPressure"}, kBurstable).admit);
  EXPECT_FALSE(AdmitUnderPressure({"PIDPressure"}, kTolerating).admit);
  PodAdmitResult both = AdmitUnderPressure({"MemoryPressure", "DiskPressure"}, kBurstable);
  EXPECT_FALSE(both.admit);
  EXPECT_EQ(both.message, "The node had condition: [MemoryPressure DiskPressure]. ");
  EXPECT_TRUE(AdmitUnderPressure({"MemoryPressure", "DiskPressure"}, kCritical).admit);
  EXPECT_TRUE(AdmitUnderPressure({"DiskPressure"}, kStatic).admit);
}

}  // namespace
}  // namespace kubepp::kubelet::eviction
