#include "kubelet/fieldpath/resource_field.h"

#include <gtest/gtest.h>

#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::fieldpath {
namespace {

using testing::Json;

std::string Value(const char* selector, const boost::json::object& container) {
  auto got = ExtractContainerResourceValue(Json(selector), container);
  EXPECT_TRUE(got.ok()) << got.status().ToString();
  return got.ok() ? *got : "";
}

TEST(ResourceFieldTest, DividesAndRoundsUp) {
  auto c = Json(R"({"resources":{"requests":{"cpu":"100m","memory":"64Mi","ephemeral-storage":"1G",
      "hugepages-2Mi":"4Mi"},"limits":{"cpu":"1500m","memory":"1Gi","hugepages-2Mi":"4Mi"}}})");
  EXPECT_EQ(Value(R"({"resource":"limits.cpu"})", c), "2");
  EXPECT_EQ(Value(R"({"resource":"limits.cpu","divisor":"1m"})", c), "1500");
  EXPECT_EQ(Value(R"({"resource":"requests.cpu","divisor":"1"})", c), "1");
  EXPECT_EQ(Value(R"({"resource":"requests.memory"})", c), "67108864");
  EXPECT_EQ(Value(R"({"resource":"requests.memory","divisor":"1M"})", c), "68");
  EXPECT_EQ(Value(R"({"resource":"limits.memory","divisor":"1Gi"})", c), "1");
  EXPECT_EQ(Value(R"({"resource":"requests.ephemeral-storage","divisor":"1Mi"})", c), "954");
  EXPECT_EQ(Value(R"({"resource":"limits.ephemeral-storage"})", c), "0");
  EXPECT_EQ(Value(R"({"resource":"limits.hugepages-2Mi","divisor":"1Mi"})", c), "4");
  EXPECT_EQ(Value(R"({"resource":"requests.hugepages-1Gi"})", c), "0");
}

TEST(ResourceFieldTest, MergesAllocatableIntoMissingOrZeroLimits) {
  ResourceList allocatable = {{"cpu", *api::Quantity::Parse("3")},
                              {"memory", *api::Quantity::Parse("2Gi")},
                              {"ephemeral-storage", *api::Quantity::Parse("10Gi")},
                              {"pods", *api::Quantity::Parse("110")}};
  auto c = Json(R"({"name":"a","resources":{"limits":{"cpu":"0","memory":"512Mi"}}})");
  auto merged = MergeContainerResourceLimits(c, allocatable);
  const auto& limits = merged.at("resources").at("limits").as_object();
  EXPECT_EQ(limits.at("cpu"), "3");
  EXPECT_EQ(limits.at("memory"), "512Mi");
  EXPECT_EQ(limits.at("ephemeral-storage"), "10Gi");
  EXPECT_EQ(limits.count("pods"), 0u);
  // The input is left alone.
  EXPECT_EQ(c.at("resources").at("limits").at("cpu"), "0");
  auto bare = MergeContainerResourceLimits(Json(R"({"name":"b"})"), allocatable);
  EXPECT_EQ(bare.at("resources").at("limits").at("memory"), "2Gi");
}

TEST(ResourceFieldTest, ByContainerNameIncludesInitContainers) {
  auto pod = Json(R"({"spec":{"containers":[{"name":"main","resources":{"limits":{"cpu":"2"}}}],
      "initContainers":[{"name":"setup","resources":{"limits":{"cpu":"250m"}}}]}})");
  auto sel = Json(R"({"resource":"limits.cpu","divisor":"1m"})");
  EXPECT_EQ(*ExtractResourceValueByContainerName(sel, pod, "main"), "2000");
  EXPECT_EQ(*ExtractResourceValueByContainerName(sel, pod, "setup"), "250");
  EXPECT_EQ(ExtractResourceValueByContainerName(sel, pod, "x").status().message(),
            "container x not found");
}

}  // namespace
}  // namespace kubepp::kubelet::fieldpath
