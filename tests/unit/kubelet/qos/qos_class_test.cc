#include "kubelet/qos/qos_class.h"

#include <gtest/gtest.h>

#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::qos {
namespace {

using testing::Json;

// A pod from container resource snippets: containers and init containers.
boost::json::object Pod(std::vector<const char*> containers, std::vector<const char*> init = {}) {
  auto pod =
      Json(R"({"metadata":{"name":"p","uid":"u"},"spec":{"containers":[],"initContainers":[]}})");
  for (const char* r : containers)
    pod["spec"].as_object()["containers"].as_array().push_back(Json(r));
  for (const char* r : init)
    pod["spec"].as_object()["initContainers"].as_array().push_back(Json(r));
  return pod;
}

constexpr const char* kNone = R"({"name":"a"})";
constexpr const char* kGuaranteed =
    R"({"name":"g","resources":{"requests":{"cpu":"100m","memory":"100Mi"},"limits":{"cpu":"100m","memory":"100Mi"}}})";
constexpr const char* kGuaranteedOther =
    R"({"name":"g2","resources":{"requests":{"cpu":"0.1","memory":"104857600"},"limits":{"cpu":"100m","memory":"100Mi"}}})";

TEST(QosClassTest, ClassesAsUpstream) {
  struct Case {
    const char* name;
    boost::json::object pod;
    QosClass want;
  } cases[] = {
      {"no resources", Pod({kNone, kNone}), QosClass::kBestEffort},
      {"zero requests count as none",
       Pod({R"({"resources":{"requests":{"cpu":"0","memory":"0"}}})"}), QosClass::kBestEffort},
      {"only extended resources",
       Pod({R"({"resources":{"requests":{"nvidia.com/gpu":"1"},"limits":{"nvidia.com/gpu":"1"}}})"}),
       QosClass::kBestEffort},
      {"guaranteed", Pod({kGuaranteed}), QosClass::kGuaranteed},
      {"equal amounts written differently", Pod({kGuaranteed, kGuaranteedOther}),
       QosClass::kGuaranteed},
      {"guaranteed with hugepages",
       Pod({R"({"resources":{"requests":{"cpu":"1","memory":"1Gi","hugepages-2Mi":"2Mi"},
          "limits":{"cpu":"1","memory":"1Gi","hugepages-2Mi":"2Mi"}}})"}),
       QosClass::kGuaranteed},
      {"best effort next to guaranteed", Pod({kGuaranteed, kNone}), QosClass::kBurstable},
      {"request below limit",
       Pod({R"({"resources":{"requests":{"cpu":"50m","memory":"100Mi"},"limits":{"cpu":"100m","memory":"100Mi"}}})"}),
       QosClass::kBurstable},
      {"cpu only", Pod({R"({"resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"100m"}}})"}),
       QosClass::kBurstable},
      {"limits without requests",
       Pod({R"({"resources":{"limits":{"cpu":"100m","memory":"100Mi"}}})"}), QosClass::kBurstable},
      {"memory request only", Pod({R"({"resources":{"requests":{"memory":"1Gi"}}})"}),
       QosClass::kBurstable},
      {"init container counts", Pod({kNone}, {kGuaranteed}), QosClass::kBurstable},
      {"guaranteed init and main", Pod({kGuaranteed}, {kGuaranteedOther}), QosClass::kGuaranteed},
      {"best effort init makes burstable", Pod({kGuaranteed}, {kNone}), QosClass::kBurstable},
  };
  for (const Case& c : cases) EXPECT_EQ(ComputePodQos(c.pod), c.want) << c.name;
}

TEST(QosClassTest, RecordedClassWins) {
  auto pod = Pod({kNone});
  pod["status"] = Json(R"({"qosClass":"Guaranteed"})");
  EXPECT_EQ(GetPodQos(pod), QosClass::kGuaranteed);
  EXPECT_EQ(ComputePodQos(pod), QosClass::kBestEffort);
  pod["status"] = Json(R"({"qosClass":""})");
  EXPECT_EQ(GetPodQos(pod), QosClass::kBestEffort);
}

TEST(QosClassTest, Names) {
  EXPECT_EQ(QosClassName(QosClass::kGuaranteed), "Guaranteed");
  EXPECT_EQ(QosClassName(QosClass::kBurstable), "Burstable");
  EXPECT_EQ(QosClassName(QosClass::kBestEffort), "BestEffort");
}

}  // namespace
}  // namespace kubepp::kubelet::qos
