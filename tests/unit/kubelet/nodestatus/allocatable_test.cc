#include "kubelet/nodestatus/allocatable.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {

api::Quantity Q(std::string_view s) { return *api::Quantity::Parse(s); }

std::map<std::string, std::string> Strings(const ResourceList& list) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : list) out[k] = v.String();
  return out;
}

MachineInfo Machine() {
  MachineInfo info;
  info.num_cores = 4;
  info.memory_capacity_bytes = 16303220ull * 1024;
  info.root_fs_capacity_bytes = 105089261568ull;
  info.hugepages = {{2ull << 20, 0}, {1ull << 30, 0}};
  return info;
}

TEST(Allocatable, CapacityAsUpstreamPrintsIt) {
  NodeConfig config;
  auto capacity = Strings(MachineCapacity(Machine(), config));
  EXPECT_EQ(capacity, (std::map<std::string, std::string>{{"cpu", "4"},
                                                          {"ephemeral-storage", "102626232Ki"},
                                                          {"hugepages-1Gi", "0"},
                                                          {"hugepages-2Mi", "0"},
                                                          {"memory", "16303220Ki"},
                                                          {"pods", "110"}}));
  config.pods_per_core = 10;
  EXPECT_EQ(MachineCapacity(Machine(), config).at("pods").String(), "40");
  MachineInfo no_fs = Machine();
  no_fs.root_fs_capacity_bytes = 0;
  EXPECT_FALSE(MachineCapacity(no_fs, config).contains("ephemeral-storage"));
}

TEST(Allocatable, DefaultEvictionThresholdsOnly) {
  NodeConfig config;
  ResourceList capacity = MachineCapacity(Machine(), config);
  ResourceList reservation = AllocatableReservation(capacity, config);
  EXPECT_EQ(Strings(reservation),
            (std::map<std::string, std::string>{{"ephemeral-storage", "10508926313"}, {"memory", "100Mi"}}));
  auto allocatable = Strings(Allocatable(capacity, reservation));
  EXPECT_EQ(allocatable["memory"], "16200820Ki");
  // int64(capacity * float32(0.1)), as upstream rounds it.
  EXPECT_EQ(allocatable["ephemeral-storage"], "94580335255");
  EXPECT_EQ(allocatable["cpu"], "4");
  EXPECT_EQ(allocatable["pods"], "110");
}

TEST(Allocatable, ReservedResourcesAndHugePages) {
  NodeConfig config;
  config.kube_reserved = {{"cpu", Q("100m")}, {"memory", Q("500Mi")}};
  config.system_reserved = {{"cpu", Q("200m")}, {"pods", Q("10")}};
  MachineInfo info = Machine();
  info.hugepages = {{2ull << 20, 512}};  // 1Gi of 2Mi pages
  ResourceList capacity = MachineCapacity(info, config);
  EXPECT_EQ(capacity.at("hugepages-2Mi").String(), "1Gi");
  auto allocatable = Strings(Allocatable(capacity, AllocatableReservation(capacity, config)));
  EXPECT_EQ(allocatable["cpu"], "3700m");
  EXPECT_EQ(allocatable["pods"], "100");
  // 16303220Ki - 500Mi - 100Mi (eviction) - 1Gi (huge pages)
  EXPECT_EQ(allocatable["memory"], std::to_string(16303220 - 600 * 1024 - 1024 * 1024) + "Ki");
  EXPECT_EQ(allocatable["hugepages-2Mi"], "1Gi");
}

TEST(Allocatable, NeverNegative) {
  NodeConfig config;
  config.kube_reserved = {{"cpu", Q("8")}};
  ResourceList capacity = MachineCapacity(Machine(), config);
  EXPECT_EQ(Allocatable(capacity, AllocatableReservation(capacity, config)).at("cpu").String(), "0");
}

TEST(Allocatable, ResourceNames) {
  EXPECT_EQ(HugePageResourceName(2ull << 20), "hugepages-2Mi");
  EXPECT_EQ(HugePageResourceName(1ull << 30), "hugepages-1Gi");
  EXPECT_TRUE(IsExtendedResourceName("example.com/gpu"));
  EXPECT_FALSE(IsExtendedResourceName("cpu"));
  EXPECT_FALSE(IsExtendedResourceName("kubernetes.io/something"));
  EXPECT_FALSE(IsExtendedResourceName("requests.example.com/gpu"));
}

}  // namespace
}  // namespace kubepp::kubelet
