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
      ElementsAre("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"
                  "\"batch.kubernetes.io/controller-uid\":\"u2\"}, "
                  "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: "
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

std::string IndexedJob(const std::string& fields, const char* restart = "Never") {
  std::string tmpl = kJobTemplate;
  tmpl.replace(tmpl.find("OnFailure"), 9, restart);
  return Job(R"("manualSelector":true,"selector":{"matchLabels":{"app":"batch"}},"template":)" + tmpl + "," +
             fields);
}

TEST(Job, BackoffLimitPerIndex) {
  auto r = Res("batch", "Job");
  EXPECT_THAT(Create(r, IndexedJob(R"("completionMode":"Indexed","completions":4,"backoffLimitPerIndex":1,
                                      "maxFailedIndexes":2)")),
              IsEmpty());
  EXPECT_THAT(Create(r, IndexedJob(R"("completionMode":"NonIndexed","backoffLimitPerIndex":1,"maxFailedIndexes":1)")),
              ElementsAre("spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
                          "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode"));
  EXPECT_THAT(Create(r, IndexedJob(R"("completionMode":"Indexed","completions":4,"maxFailedIndexes":5)")),
              ElementsAre("spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
                          "spec.maxFailedIndexes: Invalid value: 5: must be less than or equal to completions"));
  EXPECT_THAT(Create(r, IndexedJob(R"("completionMode":"Indexed","completions":4,"backoffLimitPerIndex":-1)")),
              ElementsAre("spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0"));
  EXPECT_THAT(
      Create(r, IndexedJob(R"("completionMode":"Indexed","completions":200000,"parallelism":20000,
                              "backoffLimitPerIndex":1)")),
      ElementsAre("spec.maxFailedIndexes: Required value: must be specified when completions is above 100000",
                  "spec.parallelism: Invalid value: 20000: must be less than or equal to 10000 when completions "
                  "are above 100000 and used with backoff limit per index"));
}

TEST(Job, PodFailurePolicyRules) {
  auto r = Res("batch", "Job");
  EXPECT_THAT(Create(r, IndexedJob(R"("completionMode":"Indexed","completions":2,"backoffLimitPerIndex":1,
      "podFailurePolicy":{"rules":[{"action":"FailIndex","onExitCodes":{"operator":"In","values":[1,42]}},
                                   {"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}]})")),
              IsEmpty());
  EXPECT_THAT(
      Create(r, IndexedJob(R"("podFailurePolicy":{"rules":[
          {"action":"FailIndex","onExitCodes":{"operator":"In","values":[3,0,3]}},
          {"action":"Retry","onExitCodes":{"operator":"Between","containerName":"x","values":[1]}},
          {"onPodConditions":[{"type":"bad type!","status":"Maybe"}]},
          {"action":"Count"},
          {"action":"Count","onExitCodes":{"operator":"NotIn","values":[]},"onPodConditions":[{"type":"A","status":"True"}]}]})")),
      ElementsAre(
          "spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set",
          "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator",
          "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3",
          "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 0, 3}: must be ordered",
          "spec.podFailurePolicy.rules[1].action: Unsupported value: \"Retry\": supported values: \"Count\", "
          "\"FailIndex\", \"FailJob\", \"Ignore\"",
          "spec.podFailurePolicy.rules[1].onExitCodes.operator: Unsupported value: \"Between\": supported values: "
          "\"In\", \"NotIn\"",
          "spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: \"x\": must be one of the "
          "container or initContainer names in the pod template",
          "spec.podFailurePolicy.rules[2].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" "
          "\"Ignore\"]",
          "spec.podFailurePolicy.rules[2].onPodConditions[0].type: Invalid value: \"bad type!\": name part must "
          "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
          "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
          "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
          "spec.podFailurePolicy.rules[2].onPodConditions[0].status: Unsupported value: \"Maybe\": supported "
          "values: \"False\", \"True\", \"Unknown\"",
          "spec.podFailurePolicy.rules[3]: Invalid value: specifying one of OnExitCodes and OnPodConditions is "
          "required",
          "spec.podFailurePolicy.rules[4].onExitCodes.values: Invalid value: []int32{}: at least one value is "
          "required",
          "spec.podFailurePolicy.rules[4]: Invalid value: specifying both OnExitCodes and OnPodConditions is not "
          "supported"));
  EXPECT_THAT(Create(r, IndexedJob(R"("podReplacementPolicy":"TerminatingOrFailed",
      "podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}]})")),
              ElementsAre("spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: "
                          "\"Failed\""));
}

TEST(Job, PerIndexFieldsAreImmutable) {
  std::string old = IndexedJob(R"("completionMode":"Indexed","completions":2,"backoffLimitPerIndex":1)");
  std::string changed = IndexedJob(R"("completionMode":"Indexed","completions":2,"backoffLimitPerIndex":2)");
  EXPECT_THAT(Update(Res("batch", "Job"), changed, old),
              ElementsAre("spec.backoffLimitPerIndex: Invalid value: 2: field is immutable"));
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
