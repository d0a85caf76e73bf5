#include "kubelet/cm/pod_cgroup.h"

#include <gtest/gtest.h>

#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::cm {
namespace {

using testing::Json;

TEST(PodCgroupTest, NamesPerQosClass) {
  auto best_effort = Json(R"({"metadata":{"uid":"1a2b-3c"},"spec":{"containers":[{"name":"a"}]}})");
  auto burstable = Json(
      R"({"metadata":{"uid":"1a2b-3c"},"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]}})");
  auto guaranteed =
      Json(R"({"metadata":{"uid":"1a2b-3c"},"spec":{"containers":[{"name":"a","resources":{
      "limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}}}]}})");

  EXPECT_EQ(PodCgroupParent(best_effort, CgroupDriver::kCgroupfs),
            "/kubepods/besteffort/pod1a2b-3c");
  EXPECT_EQ(PodCgroupParent(burstable, CgroupDriver::kCgroupfs), "/kubepods/burstable/pod1a2b-3c");
  EXPECT_EQ(PodCgroupParent(guaranteed, CgroupDriver::kCgroupfs), "/kubepods/pod1a2b-3c");

  EXPECT_EQ(PodCgroupParent(burstable, CgroupDriver::kSystemd),
            "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1a2b_3c.slice");
  EXPECT_EQ(PodCgroupParent(guaranteed, CgroupDriver::kSystemd),
            "/kubepods.slice/kubepods-pod1a2b_3c.slice");

  EXPECT_EQ(PodCgroupParent(burstable, CgroupDriver::kCgroupfs, "/kubelet-root/"),
            "/kubelet-root/kubepods/burstable/pod1a2b-3c");
}

TEST(PodCgroupTest, Conversions) {
  EXPECT_EQ(ParseCgroupfsName("/"), CgroupName{});
  EXPECT_EQ(ParseCgroupfsName("//a//b/"), (CgroupName{"a", "b"}));
  EXPECT_EQ(ToCgroupfs({}), "/");
  EXPECT_EQ(ToSystemd({}), "/");
  EXPECT_EQ(ToSystemd({"kubepods"}), "/kubepods.slice");
}

}  // namespace
}  // namespace kubepp::kubelet::cm
