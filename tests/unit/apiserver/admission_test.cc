#include "apiserver/admission/admission.h"

#include <gtest/gtest.h>

#include "api/codec/codec.h"
#include "api/resources/catalog.h"

namespace kubepp::apiserver::admission {
namespace {

using boost::json::object;

object Json(std::string_view text) { return api::ParseJson(text)->as_object(); }

const api::ResourceInfo& Pods() { return *api::Catalog::Get().Find("", "v1", "pods"); }

object Pod(std::string_view containers) {
  return Json(R"({"metadata":{"name":"p","namespace":"ns"},"spec":{"containers":)" + std::string(containers) + "}}");
}

TEST(LimitRangerTest, DefaultsUnsetRequestsAndLimitsAndAnnotates) {
  std::vector<object> ranges = {Json(R"({"spec":{"limits":[{"type":"Container",
      "default":{"cpu":"500m","memory":"512Mi"},"defaultRequest":{"cpu":"100m","memory":"128Mi"}}]}})")};
  object pod = Pod(R"([{"name":"nginx"},{"name":"side","resources":{"requests":{"cpu":"50m"}}}])");
  ApplyLimitRangeDefaults(ranges, pod);
  const auto& c0 = pod["spec"].as_object()["containers"].as_array()[0].as_object();
  EXPECT_EQ(c0.at("resources").at("requests").at("cpu").as_string(), "100m");
  EXPECT_EQ(c0.at("resources").at("limits").at("memory").as_string(), "512Mi");
  const auto& c1 = pod["spec"].as_object()["containers"].as_array()[1].as_object();
  EXPECT_EQ(c1.at("resources").at("requests").at("cpu").as_string(), "50m");
  EXPECT_EQ(pod["metadata"].as_object()["annotations"].as_object()["kubernetes.io/limit-ranger"].as_string(),
            "LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container nginx; "
            "memory request for container side; cpu, memory limit for container side");
}

TEST(LimitRangerTest, NoLimitRangeLeavesPodAlone) {
  object pod = Pod(R"([{"name":"nginx"}])");
  object before = pod;
  ApplyLimitRangeDefaults({}, pod);
  EXPECT_EQ(pod, before);
}

TEST(LimitRangerTest, RejectsMinMaxAndRatio) {
  std::vector<object> ranges = {Json(R"({"spec":{"limits":[{"type":"Container",
      "min":{"cpu":"100m"},"max":{"cpu":"2"},"maxLimitRequestRatio":{"memory":"2"}}]}})")};
  object pod = Pod(R"([{"name":"a","resources":{"requests":{"cpu":"50m","memory":"100Mi"},
      "limits":{"cpu":"3","memory":"300Mi"}}}])");
  EXPECT_EQ(CheckLimitRanges(ranges, pod),
            "[minimum cpu usage per Container is 100m, but request is 50m, maximum cpu usage per Container is 2, "
            "but limit is 3, memory max limit to request ratio per Container is 2, but provided ratio is 3.000000]");
  object ok = Pod(R"([{"name":"a","resources":{"requests":{"cpu":"1","memory":"100Mi"},
      "limits":{"cpu":"2","memory":"200Mi"}}}])");
  EXPECT_EQ(CheckLimitRanges(ranges, ok), "");
  object nolimit = Pod(R"([{"name":"a","resources":{"requests":{"cpu":"1","memory":"1"},"limits":{"memory":"1"}}}])");
  EXPECT_EQ(CheckLimitRanges(ranges, nolimit), "maximum cpu usage per Container is 2.  No limit is specified");
}

object Quota(std::string_view hard, std::string_view used) {
  return Json(R"({"metadata":{"name":"q","namespace":"ns"},"spec":{"hard":)" + std::string(hard) +
              R"(},"status":{"hard":)" + std::string(hard) + R"(,"used":)" + std::string(used) + "}}");
}

TEST(ResourceQuotaTest, ChargesUsageWithinHard) {
  std::vector<object> quotas = {Quota(R"({"pods":"2","requests.cpu":"1"})", R"({"pods":"1","requests.cpu":"200m"})")};
  object pod = Pod(R"([{"name":"a","resources":{"requests":{"cpu":"300m"}}}])");
  auto charged = CheckQuotas(quotas, Pods(), pod);
  ASSERT_TRUE(charged.ok()) << charged.status().message();
  ASSERT_EQ(charged->size(), 1u);
  const auto& used = (*charged)[0].quota.at("status").at("used").as_object();
  EXPECT_EQ(used.at("pods").as_string(), "2");
  EXPECT_EQ(used.at("requests.cpu").as_string(), "500m");
}

TEST(ResourceQuotaTest, RefusesWhatExceedsHard) {
  std::vector<object> quotas = {Quota(R"({"pods":"1","requests.cpu":"1"})", R"({"pods":"1","requests.cpu":"200m"})")};
  object pod = Pod(R"([{"name":"a","resources":{"requests":{"cpu":"300m"}}}])");
  auto charged = CheckQuotas(quotas, Pods(), pod);
  ASSERT_FALSE(charged.ok());
  EXPECT_EQ(charged.status().reason(), Reason::kForbidden);
  EXPECT_EQ(charged.status().message(), "exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1");
}

TEST(ResourceQuotaTest, ComputeQuotaNeedsEveryContainerToSpecify) {
  std::vector<object> quotas = {Quota(R"({"limits.cpu":"4","requests.memory":"1Gi"})",
                                      R"({"limits.cpu":"0","requests.memory":"0"})")};
  object pod =
      Pod(R"([{"name":"b","resources":{"limits":{"cpu":"1"}}},{"name":"a"},{"name":"c"}])");
  auto charged = CheckQuotas(quotas, Pods(), pod);
  ASSERT_FALSE(charged.ok());
  EXPECT_EQ(charged.status().message(),
            "failed quota: q: must specify limits.cpu for: a,c; requests.memory for: a,b,c");
}

TEST(ResourceQuotaTest, UnknownStatusRefuses) {
  std::vector<object> quotas = {Json(R"({"metadata":{"name":"q"},"spec":{"hard":{"configmaps":"3"}}})")};
  auto cm = Json(R"({"metadata":{"name":"c","namespace":"ns"}})");
  auto charged = CheckQuotas(quotas, *api::Catalog::Get().Find("", "v1", "configmaps"), cm);
  ASSERT_FALSE(charged.ok());
  EXPECT_EQ(charged.status().message(), "status unknown for quota: q, resources: configmaps");
}

TEST(ResourceQuotaTest, CountsObjectsOfOtherGroups) {
  std::vector<object> quotas = {Quota(R"({"count/deployments.apps":"1"})", R"({"count/deployments.apps":"1"})")};
  auto d = Json(R"({"metadata":{"name":"d","namespace":"ns"}})");
  auto charged = CheckQuotas(quotas, *api::Catalog::Get().Find("apps", "v1", "deployments"), d);
  ASSERT_FALSE(charged.ok());
  EXPECT_EQ(charged.status().message(),
            "exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=1, "
            "limited: count/deployments.apps=1");
  // A quota on something else is not charged.
  auto pod = Pod(R"([{"name":"a"}])");
  auto none = CheckQuotas(quotas, Pods(), pod);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(ResourceQuotaTest, ScopesSelectPods) {
  object quota = Quota(R"({"pods":"1"})", R"({"pods":"1"})");
  quota["spec"].as_object()["scopes"] = boost::json::array{"BestEffort"};
  object burstable = Pod(R"([{"name":"a","resources":{"requests":{"cpu":"1"}}}])");
  auto charged = CheckQuotas({quota}, Pods(), burstable);
  ASSERT_TRUE(charged.ok());
  EXPECT_TRUE(charged->empty());
  EXPECT_FALSE(CheckQuotas({quota}, Pods(), Pod(R"([{"name":"a"}])")).ok());
}

TEST(PriorityTest, ClassNameGivesPriorityAndPolicy) {
  std::vector<object> classes = {
      Json(R"({"metadata":{"name":"high"},"value":1000000,"preemptionPolicy":"Never"})"),
      Json(R"({"metadata":{"name":"low"},"value":10})")};
  object pod = Pod(R"([{"name":"c"}])");
  pod["spec"].as_object()["priorityClassName"] = "high";
  EXPECT_EQ(ApplyPriority(classes, pod), "");
  EXPECT_EQ(pod["spec"].as_object()["priority"].as_int64(), 1000000);
  EXPECT_EQ(pod["spec"].as_object()["preemptionPolicy"].as_string(), "Never");
}

TEST(PriorityTest, NoClassMeansGlobalDefaultOrZero) {
  object pod = Pod(R"([{"name":"c"}])");
  EXPECT_EQ(ApplyPriority(std::vector<boost::json::object>{}, pod), "");
  EXPECT_EQ(pod["spec"].as_object()["priority"].as_int64(), 0);
  EXPECT_EQ(pod["spec"].as_object()["preemptionPolicy"].as_string(), "PreemptLowerPriority");
  EXPECT_FALSE(pod["spec"].as_object().contains("priorityClassName"));

  std::vector<object> classes = {Json(R"({"metadata":{"name":"everyone"},"value":7,"globalDefault":true})")};
  object other = Pod(R"([{"name":"c"}])");
  EXPECT_EQ(ApplyPriority(classes, other), "");
  EXPECT_EQ(other["spec"].as_object()["priority"].as_int64(), 7);
  EXPECT_EQ(other["spec"].as_object()["priorityClassName"].as_string(), "everyone");
}

TEST(PriorityTest, UnknownClassAndConflictingPriorityAreRefused) {
  object pod = Pod(R"([{"name":"c"}])");
  pod["spec"].as_object()["priorityClassName"] = "nope";
  EXPECT_EQ(ApplyPriority(std::vector<boost::json::object>{}, pod),
            "no PriorityClass with name nope was found");

  std::vector<object> classes = {Json(R"({"metadata":{"name":"high"},"value":1000})")};
  object stated = Pod(R"([{"name":"c"}])");
  stated["spec"].as_object()["priorityClassName"] = "high";
  stated["spec"].as_object()["priority"] = 5;
  EXPECT_EQ(ApplyPriority(classes, stated),
            "the integer value of priority (5) must not be provided in pod spec; priority admission controller "
            "computed 1000 from the given PriorityClass name");
  object same = Pod(R"([{"name":"c"}])");
  same["spec"].as_object()["priorityClassName"] = "high";
  same["spec"].as_object()["priority"] = 1000;
  EXPECT_EQ(ApplyPriority(classes, same), "");
}

}  // namespace
}  // namespace kubepp::apiserver::admission
