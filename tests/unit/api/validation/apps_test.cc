// apps/v1 workloads: selectors, replicas, strategies, immutability.
#include <gtest/gtest.h>

#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const char* kTemplate =
    R"({"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst",
    "containers":[{"name":"c","image":"nginx","imagePullPolicy":"Always","terminationMessagePolicy":"File"}]}})";

std::string Deployment(const std::string& spec_fields, const std::string& tmpl = kTemplate) {
  return R"({"metadata":{"name":"web","namespace":"d","resourceVersion":"3"},"spec":{)" +
         spec_fields + R"(,"template":)" + tmpl + "}}";
}

const char* kStrategy =
    R"("strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}})";
const ResourceInfo kDeploy = Res("apps", "Deployment");

TEST(Deployment, Valid) {
  EXPECT_THAT(
      Create(kDeploy, Deployment(R"("replicas":3,"selector":{"matchLabels":{"app":"web"}},)" +
                                 std::string(kStrategy))),
      IsEmpty());
}

TEST(Deployment, NegativeReplicas) {
  EXPECT_THAT(
      Create(kDeploy, Deployment(R"("replicas":-1,"selector":{"matchLabels":{"app":"web"}},)" +
                                 std::string(kStrategy))),
      ElementsAre("spec.replicas: Invalid value: -1: must be greater than or equal to 0"));
}

TEST(Deployment, SelectorRequiredNonEmptyAndMatching) {
  EXPECT_THAT(Create(kDeploy, Deployment(R"("replicas":1,)" + std::string(kStrategy))),
              ElementsAre("spec.selector: Required value"));
  EXPECT_THAT(
      Create(kDeploy, Deployment(R"("replicas":1,"selector":{},)" + std::string(kStrategy))),
      ElementsAre(
          "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
          "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid "
          "for deployment"));
  EXPECT_THAT(
      Create(kDeploy, Deployment(R"("replicas":1,"selector":{"matchLabels":{"app":"api"}},)" +
                                 std::string(kStrategy))),
      ElementsAre("spec.template.metadata.labels: Invalid value: "
                  "map[string]string{\"app\":\"web\"}: `selector` "
                  "does not match template `labels`"));
  EXPECT_THAT(
      Create(
          kDeploy,
          Deployment(
              R"("replicas":1,"selector":{"matchExpressions":[{"key":"app","operator":"In","values":["web","x"]}]},)" +
              std::string(kStrategy))),
      IsEmpty());
  EXPECT_THAT(
      Create(
          kDeploy,
          Deployment(
              R"("replicas":1,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In"}]},)" +
              std::string(kStrategy))),
      ElementsAre("spec.selector.matchExpressions[0].values: Required value: must be specified "
                  "when `operator` is 'In' or 'NotIn'",
                  "spec.template.metadata.labels: Invalid value: "
                  "map[string]string{\"app\":\"web\"}: `selector` "
                  "does not match template `labels`"));
}

TEST(Deployment, Strategy) {
  std::string sel = R"("replicas":1,"selector":{"matchLabels":{"app":"web"}},)";
  EXPECT_THAT(
      Create(
          kDeploy,
          Deployment(
              sel +
              R"("strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":"0%"}})")),
      ElementsAre("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 "
                  "when `maxSurge` is 0"));
  EXPECT_THAT(
      Create(
          kDeploy,
          Deployment(
              sel +
              R"("strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"x","maxUnavailable":"150%"}})")),
      ElementsAre("spec.strategy.rollingUpdate.maxSurge: Invalid value: x: a valid percent string "
                  "must be a numeric "
                  "string followed by an ending '%' (e.g. '1%',  or '93%', regex used for "
                  "validation is '[0-9]+%')",
                  "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be "
                  "greater than 100%"));
  EXPECT_THAT(
      Create(kDeploy, Deployment(sel + R"("strategy":{"type":"Recreate","rollingUpdate":{}})")),
      ElementsAre("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy "
                  "`type` is 'Recreate'"));
  EXPECT_THAT(
      Create(kDeploy, Deployment(sel + R"("strategy":{"type":"Blue"})")),
      ElementsAre("spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Blue\", "
                  "RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "
                  "\"Recreate\", \"RollingUpdate\""));
}

TEST(Deployment, TemplateMustRestartAlways) {
  std::string tmpl = kTemplate;
  tmpl.replace(tmpl.find("\"Always\""), 8, "\"Never\"");
  EXPECT_THAT(
      Create(kDeploy, Deployment(R"("replicas":1,"selector":{"matchLabels":{"app":"web"}},)" +
                                     std::string(kStrategy),
                                 tmpl)),
      ElementsAre("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported "
                  "values: \"Always\""));
}

TEST(Deployment, ProgressDeadline) {
  EXPECT_THAT(
      Create(
          kDeploy,
          Deployment(
              R"("replicas":1,"minReadySeconds":10,"progressDeadlineSeconds":5,"selector":{"matchLabels":{"app":"web"}},)" +
              std::string(kStrategy))),
      ElementsAre(
          "spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds"));
}

TEST(ReplicaSet, ValidAndSelectorImmutable) {
  std::string rs =
      R"({"metadata":{"name":"web-1","namespace":"d","resourceVersion":"2"},"spec":{"replicas":2,
                      "selector":{"matchLabels":{"app":"web"}},"template":)" +
      std::string(kTemplate) + "}}";
  EXPECT_THAT(Create(Res("apps", "ReplicaSet"), rs), IsEmpty());
  std::string changed = rs;
  changed.replace(changed.find(R"({"app":"web"})"), 13, R"({"app":"web","x":"y"})");
  auto errs = Update(Res("apps", "ReplicaSet"), changed, rs);
  ASSERT_FALSE(errs.empty());
  EXPECT_EQ(
      errs.back(),
      "spec.selector: Invalid value: "
      "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", "
      "\"x\":\"y\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
}

TEST(DaemonSet, StrategyAndSelector) {
  std::string ds =
      R"({"metadata":{"name":"agent","namespace":"d"},"spec":{"selector":{"matchLabels":{"app":"web"}},
      "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":0}},"template":)" +
      std::string(kTemplate) + "}}";
  EXPECT_THAT(Create(Res("apps", "DaemonSet"), ds),
              ElementsAre("spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: "
                          "cannot be 0 when maxSurge is 0"));
}

TEST(StatefulSet, RequiredPoliciesAndUpdateRestrictions) {
  std::string ss =
      R"({"metadata":{"name":"db","namespace":"d","resourceVersion":"1"},"spec":{"replicas":1,"serviceName":"db",
      "podManagementPolicy":"OrderedReady","updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
      "selector":{"matchLabels":{"app":"web"}},"template":)" +
      std::string(kTemplate) + "}}";
  EXPECT_THAT(Create(Res("apps", "StatefulSet"), ss), IsEmpty());
  std::string renamed = ss;
  renamed.replace(renamed.find(R"("serviceName":"db")"), 18, R"("serviceName":"xx")");
  EXPECT_THAT(Update(Res("apps", "StatefulSet"), renamed, ss),
              ElementsAre("spec: Forbidden: updates to statefulset spec for fields other than "
                          "'replicas', 'ordinals', "
                          "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' "
                          "and 'minReadySeconds' are forbidden"));
  std::string scaled = ss;
  scaled.replace(scaled.find(R"("replicas":1)"), 12, R"("replicas":5)");
  EXPECT_THAT(Update(Res("apps", "StatefulSet"), scaled, ss), IsEmpty());
  std::string bad = ss;
  bad.replace(bad.find(R"("podManagementPolicy":"OrderedReady")"), 36,
              R"("podManagementPolicy":"Whenever")");
  EXPECT_THAT(Create(Res("apps", "StatefulSet"), bad),
              ElementsAre("spec.podManagementPolicy: Invalid value: \"Whenever\": must be "
                          "'OrderedReady' or 'Parallel'"));
}

TEST(DaemonSet, TemplatePodSpecIsValidated) {
  // Unlike a StatefulSet's, a DaemonSet's pods get no volumes the template does not name.
  std::string ds =
      R"({"metadata":{"name":"agent","namespace":"d"},"spec":{"selector":{"matchLabels":{"app":"web"}},
      "updateStrategy":{"type":"OnDelete"},"template":{"metadata":{"labels":{"app":"web"}},"spec":{
      "restartPolicy":"Always","dnsPolicy":"ClusterFirst","containers":[{"name":"c","image":"nginx",
      "imagePullPolicy":"Always","terminationMessagePolicy":"File","volumeMounts":[{"name":"data","mountPath":"/d"}]}]}}}})";
  EXPECT_THAT(
      Create(Res("apps", "DaemonSet"), ds),
      ElementsAre("spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""));
}

TEST(StatefulSet, TemplateMountsWhatItsClaimTemplatesProvide) {
  // The pod spec mounts "data", a volume only the pods made from the template get.
  std::string ss =
      R"({"metadata":{"name":"db","namespace":"d"},"spec":{"replicas":1,"serviceName":"db",
      "podManagementPolicy":"OrderedReady","updateStrategy":{"type":"RollingUpdate"},
      "selector":{"matchLabels":{"app":"web"}},
      "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
        "resources":{"requests":{"storage":"1Gi"}}}}],
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst",
        "containers":[{"name":"c","image":"nginx","imagePullPolicy":"Always","terminationMessagePolicy":"File",
        "volumeMounts":[{"name":"data","mountPath":"/data"}]}]}}}})";
  EXPECT_THAT(Create(Res("apps", "StatefulSet"), ss), IsEmpty());
  std::string bad_label = ss;
  bad_label.replace(bad_label.find(R"("labels":{"app":"web"})"), 22,
                    R"("labels":{"app":"web","-x":"y"})");
  EXPECT_THAT(Create(Res("apps", "StatefulSet"), bad_label),
              Contains(HasSubstr("spec.template.labels: Invalid value: \"-x\"")));
}

}  // namespace
}  // namespace kubepp::api::testing
