#include <gtest/gtest.h>

#include "api/validation/cron_schedule.h"
#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using validation::CheckCronSchedule;

const char* kJobTemplate =
    R"({"metadata":{"labels":{"app":"batch"}},"spec":{"restartPolicy":"OnFailure","dnsPolicy":"ClusterFirst",
    "containers":[{"name":"c","image":"busybox","imagePullPolicy":"Always","terminationMessagePolicy":"File"}]}})";

std::string Job(const std::string& spec) {
  return R"({"metadata":{"name":"pi","namespace":"d","resourceVersion":"1"},"spec":{)" + spec +
         "}}";
}

TEST(Job, ValidWithManualSelector) {
  EXPECT_THAT(Create(Res("batch", "Job"),
                     Job(R"("parallelism":2,"completions":4,"backoffLimit":6,"manualSelector":true,
                                                  "selector":{"matchLabels":{"app":"batch"}},"template":)" +
                         std::string(kJobTemplate))),
              IsEmpty());
}

TEST(Job, Rules) {
  std::string always = kJobTemplate;
  always.replace(always.find("OnFailure"), 9, "Always");
  EXPECT_THAT(
      Create(Res("batch", "Job"),
             Job(R"("parallelism":-1,"selector":{"matchLabels":{"app":"other"}},"template":)" +
                 always)),
      ElementsAre("spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
                  "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", "
                  "\"Never\"",
                  "spec.template.metadata.labels: Invalid value: "
                  "map[string]string{\"app\":\"batch\"}: `selector` "
                  "does not match template `labels`"));
  EXPECT_THAT(Create(Res("batch", "Job"), Job(R"("template":)" + std::string(kJobTemplate))),
              ElementsAre("spec.selector: Required value"));
}

TEST(Job, GeneratedSelector) {
  std::string tmpl =
      R"({"metadata":{"labels":{"controller-uid":"u1","job-name":"pi","batch.kubernetes.io/controller-uid":"u1",
      "batch.kubernetes.io/job-name":"pi"}},"spec":{"restartPolicy":"Never","dnsPolicy":"ClusterFirst",
      "containers":[{"name":"c","image":"busybox","imagePullPolicy":"Always","terminationMessagePolicy":"File"}]}})";
  std::string job = R"({"metadata":{"name":"pi","namespace":"d","uid":"u1"},"spec":{
      "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u1"}},"template":)" +
                    tmpl + "}}";
  EXPECT_THAT(Create(Res("batch", "Job"), job), IsEmpty());
  std::string other = job;
  const std::string from = R"({"batch.kubernetes.io/controller-uid":"u1"})";
  other.replace(other.find(from), from.size(), R"({"batch.kubernetes.io/controller-uid":"u2"})");
  EXPECT_THAT(
      Create(Res("batch", "Job"), other),
      ElementsAre("spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{"
                  "batch.kubernetes.io/controller-uid: "
                  "u2,},MatchExpressions:[]LabelSelectorRequirement{},}: "
                  "`selector` not auto-generated",
                  "spec.template.metadata.labels: Invalid value: "
                  "map[string]string{\"batch.kubernetes.io/controller-uid\":\"u1\", "
                  "\"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"u1\", "
                  "\"job-name\":\"pi\"}: `selector` does "
                  "not match template `labels`"));
}

TEST(Job, SelectorImmutable) {
  std::string old =
      Job(R"("manualSelector":true,"selector":{"matchLabels":{"app":"batch"}},"template":)" +
          std::string(kJobTemplate));
  EXPECT_THAT(Update(Res("batch", "Job"), old, old), IsEmpty());
}

TEST(CronJob, Schedules) {
  EXPECT_EQ(CheckCronSchedule("*/5 * * * *"), std::nullopt);
  EXPECT_EQ(CheckCronSchedule("@hourly"), std::nullopt);
  EXPECT_EQ(CheckCronSchedule("@every 1h30m"), std::nullopt);
  EXPECT_EQ(CheckCronSchedule("0 0 * JAN-MAR mon,fri"), std::nullopt);
  EXPECT_EQ(CheckCronSchedule("* * *"), "expected exactly 5 fields, found 3: [* * *]");
  EXPECT_EQ(CheckCronSchedule("60 * * * *"), "end of range (60) above maximum (59): 60");
  EXPECT_EQ(CheckCronSchedule("* * 0 * *"), "beginning of range (0) below minimum (1): 0");
  EXPECT_EQ(CheckCronSchedule("x * * * *"),
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax");
  EXPECT_EQ(CheckCronSchedule("@weird"), "unrecognized descriptor: @weird");
  EXPECT_EQ(CheckCronSchedule("5-1 * * * *"),
            "beginning of range (5) beyond end of range (1): 5-1");
}

std::string CronJob(const std::string& name, const std::string& fields) {
  return R"({"metadata":{"name":")" + name +
         R"(","namespace":"d"},"spec":{"concurrencyPolicy":"Allow",)" + fields +
         R"(,"jobTemplate":{"spec":{"template":)" + std::string(kJobTemplate) + "}}}}";
}

TEST(CronJob, Spec) {
  auto r = Res("batch", "CronJob");
  EXPECT_THAT(Create(r, CronJob("hello", R"("schedule":"@hourly","timeZone":"Etc/UTC")")),
              IsEmpty());
  EXPECT_THAT(Create(r, CronJob("hello", R"("schedule":"")")),
              ElementsAre("spec.schedule: Required value"));
  EXPECT_THAT(Create(r, CronJob("hello", R"("schedule":"61 * * * *")")),
              ElementsAre("spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above "
                          "maximum (59): 61"));
  EXPECT_THAT(Create(r, CronJob("hello", R"("schedule":"CRON_TZ=UTC 0 * * * *")")),
              ElementsAre("spec.schedule: Invalid value: \"CRON_TZ=UTC 0 * * * *\": cannot use TZ "
                          "or CRON_TZ in schedule, "
                          "use timeZone field instead"));
  EXPECT_THAT(
      Create(r, CronJob("hello", R"("schedule":"@daily","timeZone":"Mars/Olympus")")),
      ElementsAre(
          "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus"));
  EXPECT_THAT(Create(r, CronJob(std::string(53, 'a'), R"("schedule":"@daily")")),
              ElementsAre("metadata.name: Invalid value: \"" + std::string(53, 'a') +
                          "\": must be no more than 52 characters"));
}

}  // namespace
}  // namespace kubepp::api::testing
