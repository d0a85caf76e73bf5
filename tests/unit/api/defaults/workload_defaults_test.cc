#include <gtest/gtest.h>

#include "defaults_test_util.h"

namespace kubepp::api {
namespace {

using testing::At;
using testing::Defaulted;
namespace json = boost::json;

constexpr const char* kTemplate =
    R"("template": {"metadata": {"labels": {"app": "a"}},
                    "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}]}})";

std::string WithSpec(const std::string& extra) {
  return std::string(R"({"metadata": {"name": "x"}, "spec": {)") + extra + kTemplate + "}}";
}

void ExpectTemplateDefaulted(const json::object& o, const std::string& prefix = "/spec/template") {
  EXPECT_EQ(At(o, prefix + "/spec/restartPolicy"), "Always") << prefix;
  EXPECT_EQ(At(o, prefix + "/spec/dnsPolicy"), "ClusterFirst") << prefix;
  EXPECT_EQ(At(o, prefix + "/spec/containers/0/imagePullPolicy"), "IfNotPresent") << prefix;
  EXPECT_TRUE(At(o, prefix + "/spec/enableServiceLinks").is_null()) << prefix;
}

TEST(WorkloadDefaultsTest, Deployment) {
  json::object d = Defaulted("apps", "v1", "deployments", WithSpec(""));
  EXPECT_EQ(At(d, "/spec/replicas"), 1);
  EXPECT_EQ(At(d, "/spec/strategy/type"), "RollingUpdate");
  EXPECT_EQ(At(d, "/spec/strategy/rollingUpdate/maxUnavailable"), "25%");
  EXPECT_EQ(At(d, "/spec/strategy/rollingUpdate/maxSurge"), "25%");
  EXPECT_EQ(At(d, "/spec/revisionHistoryLimit"), 10);
  EXPECT_EQ(At(d, "/spec/progressDeadlineSeconds"), 600);
  ExpectTemplateDefaulted(d);
}

TEST(WorkloadDefaultsTest, DeploymentRecreateHasNoRollingUpdate) {
  json::object d = Defaulted("apps", "v1", "deployments",
                             WithSpec(R"("replicas": 0, "strategy": {"type": "Recreate"},)"));
  EXPECT_EQ(At(d, "/spec/replicas"), 0);
  EXPECT_TRUE(At(d, "/spec/strategy/rollingUpdate").is_null());
  d = Defaulted("apps", "v1", "deployments",
                WithSpec(R"("strategy": {"rollingUpdate": {"maxSurge": 2}},)"));
  EXPECT_EQ(At(d, "/spec/strategy/rollingUpdate/maxSurge"), 2);
  EXPECT_EQ(At(d, "/spec/strategy/rollingUpdate/maxUnavailable"), "25%");
}

TEST(WorkloadDefaultsTest, ReplicaSet) {
  json::object rs = Defaulted("apps", "v1", "replicasets", WithSpec(""));
  EXPECT_EQ(At(rs, "/spec/replicas"), 1);
  EXPECT_TRUE(At(rs, "/spec/revisionHistoryLimit").is_null());
  ExpectTemplateDefaulted(rs);
}

TEST(WorkloadDefaultsTest, DaemonSet) {
  json::object ds = Defaulted("apps", "v1", "daemonsets", WithSpec(""));
  EXPECT_EQ(At(ds, "/spec/updateStrategy/type"), "RollingUpdate");
  EXPECT_EQ(At(ds, "/spec/updateStrategy/rollingUpdate/maxUnavailable"), 1);
  EXPECT_EQ(At(ds, "/spec/updateStrategy/rollingUpdate/maxSurge"), 0);
  EXPECT_EQ(At(ds, "/spec/revisionHistoryLimit"), 10);
  EXPECT_TRUE(At(ds, "/spec/replicas").is_null());
  ExpectTemplateDefaulted(ds);
}

TEST(WorkloadDefaultsTest, StatefulSet) {
  json::object s = Defaulted("apps", "v1", "statefulsets", WithSpec(R"(
    "serviceName": "s", "volumeClaimTemplates": [{"metadata": {"name": "data"},
      "spec": {"accessModes": ["ReadWriteOnce"]}}],)"));
  EXPECT_EQ(At(s, "/spec/replicas"), 1);
  EXPECT_EQ(At(s, "/spec/podManagementPolicy"), "OrderedReady");
  EXPECT_EQ(At(s, "/spec/updateStrategy/type"), "RollingUpdate");
  EXPECT_EQ(At(s, "/spec/updateStrategy/rollingUpdate/partition"), 0);
  EXPECT_EQ(At(s, "/spec/revisionHistoryLimit"), 10);
  EXPECT_EQ(At(s, "/spec/persistentVolumeClaimRetentionPolicy/whenDeleted"), "Retain");
  EXPECT_EQ(At(s, "/spec/persistentVolumeClaimRetentionPolicy/whenScaled"), "Retain");
  EXPECT_EQ(At(s, "/spec/volumeClaimTemplates/0/spec/volumeMode"), "Filesystem");
  EXPECT_EQ(At(s, "/spec/volumeClaimTemplates/0/status/phase"), "Pending");
  ExpectTemplateDefaulted(s);
}

TEST(WorkloadDefaultsTest, StatefulSetOnDelete) {
  json::object s = Defaulted("apps", "v1", "statefulsets",
                             WithSpec(R"("updateStrategy": {"type": "OnDelete"},)"));
  EXPECT_EQ(At(s, "/spec/updateStrategy/type"), "OnDelete");
  EXPECT_TRUE(At(s, "/spec/updateStrategy/rollingUpdate").is_null());
}

TEST(WorkloadDefaultsTest, ReplicationControllerSelectorFromTemplate) {
  json::object rc = Defaulted("", "v1", "replicationcontrollers", WithSpec(""));
  EXPECT_EQ(At(rc, "/spec/replicas"), 1);
  EXPECT_EQ(At(rc, "/spec/selector/app"), "a");
  EXPECT_EQ(At(rc, "/metadata/labels/app"), "a");
  ExpectTemplateDefaulted(rc);
  rc = Defaulted("", "v1", "replicationcontrollers",
                 R"({"metadata": {"labels": {"own": "1"}}, "spec": {"selector": {"s": "1"},)" +
                     std::string(kTemplate) + "}}");
  EXPECT_EQ(At(rc, "/spec/selector"), (json::object{{"s", "1"}}));
  EXPECT_EQ(At(rc, "/metadata/labels"), (json::object{{"own", "1"}}));
}

TEST(WorkloadDefaultsTest, Job) {
  json::object j = Defaulted("batch", "v1", "jobs", WithSpec(""));
  EXPECT_EQ(At(j, "/spec/completions"), 1);
  EXPECT_EQ(At(j, "/spec/parallelism"), 1);
  EXPECT_EQ(At(j, "/spec/backoffLimit"), 6);
  EXPECT_EQ(At(j, "/spec/completionMode"), "NonIndexed");
  EXPECT_EQ(At(j, "/spec/suspend"), false);
  EXPECT_EQ(At(j, "/spec/manualSelector"), false);
  EXPECT_EQ(At(j, "/spec/podReplacementPolicy"), "TerminatingOrFailed");
  EXPECT_EQ(At(j, "/metadata/labels/app"), "a");
  ExpectTemplateDefaulted(j);
}

TEST(WorkloadDefaultsTest, JobParallelAndFailurePolicy) {
  json::object j = Defaulted("batch", "v1", "jobs", WithSpec(R"(
    "parallelism": 3, "backoffLimitPerIndex": 1, "completionMode": "Indexed", "completions": 5,
    "podFailurePolicy": {"rules": [{"action": "Ignore",
      "onPodConditions": [{"type": "DisruptionTarget"}]}]},)"));
  EXPECT_EQ(At(j, "/spec/parallelism"), 3);
  EXPECT_EQ(At(j, "/spec/completions"), 5);
  EXPECT_EQ(At(j, "/spec/backoffLimit"), 2147483647);
  EXPECT_EQ(At(j, "/spec/podReplacementPolicy"), "Failed");
  EXPECT_EQ(At(j, "/spec/podFailurePolicy/rules/0/onPodConditions/0/status"), "True");
  // Only parallelism given: completions stays unset (a work queue).
  j = Defaulted("batch", "v1", "jobs", WithSpec(R"("parallelism": 2,)"));
  EXPECT_TRUE(At(j, "/spec/completions").is_null());
}

TEST(WorkloadDefaultsTest, CronJob) {
  json::object cj = Defaulted("batch", "v1", "cronjobs", R"({"spec": {"schedule": "* * * * *",
    "jobTemplate": {"spec": {)" + std::string(kTemplate) + "}}}}");
  EXPECT_EQ(At(cj, "/spec/concurrencyPolicy"), "Allow");
  EXPECT_EQ(At(cj, "/spec/suspend"), false);
  EXPECT_EQ(At(cj, "/spec/successfulJobsHistoryLimit"), 3);
  EXPECT_EQ(At(cj, "/spec/failedJobsHistoryLimit"), 1);
  ExpectTemplateDefaulted(cj, "/spec/jobTemplate/spec/template");
  // The job template itself is not defaulted as a Job.
  EXPECT_TRUE(At(cj, "/spec/jobTemplate/spec/backoffLimit").is_null());
}

}  // namespace
}  // namespace kubepp::api
