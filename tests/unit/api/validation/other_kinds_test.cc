// RBAC, PDB, PriorityClass, Lease, HPA, storage, Node, Endpoints, Events.
#include <gtest/gtest.h>

#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kRbac = "rbac.authorization.k8s.io";

TEST(Rbac, RulesNeedVerbs) {
  EXPECT_THAT(Create(Res(kRbac, "Role"), R"({"metadata":{"name":"r","namespace":"d"},"rules":[
      {"apiGroups":[""],"resources":["pods"],"verbs":["get"]},{"apiGroups":[""],"resources":["pods"]},
      {"verbs":["get"],"nonResourceURLs":["/healthz"]}]})"),
              ElementsAre("rules[1].verbs: Required value: verbs must contain at least one value",
                          "rules[2].nonResourceURLs: Invalid value: []string{\"/healthz\"}: "
                          "namespaced rules cannot apply to non-resource URLs"));
  EXPECT_THAT(
      Create(Res(kRbac, "ClusterRole", false),
             R"({"metadata":{"name":"r"},"rules":[{"verbs":["get"],"resources":["pods"]}]})"),
      ElementsAre(
          "rules[0].apiGroups: Required value: resource rules must supply at least one api group"));
}

TEST(Rbac, Bindings) {
  EXPECT_THAT(Create(Res(kRbac, "RoleBinding"), R"({"metadata":{"name":"b","namespace":"d"},
      "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},
      "subjects":[{"kind":"ServiceAccount","name":"default","namespace":"d"},{"kind":"User","name":"jane","apiGroup":"rbac.authorization.k8s.io"}]})"),
              IsEmpty());
  EXPECT_THAT(
      Create(Res(kRbac, "ClusterRoleBinding", false), R"({"metadata":{"name":"b"},
      "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},
      "subjects":[{"kind":"ServiceAccount","name":"default"},{"kind":"Robot","name":"x"}]})"),
      ElementsAre("roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
                  "subjects[0].namespace: Required value",
                  "subjects[1].kind: Unsupported value: \"Robot\": supported values: "
                  "\"ServiceAccount\", \"User\", \"Group\""));
  std::string old =
      R"({"metadata":{"name":"b","namespace":"d","resourceVersion":"1"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"}})";
  std::string now =
      R"({"metadata":{"name":"b","namespace":"d","resourceVersion":"1"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"s"}})";
  EXPECT_THAT(
      Update(Res(kRbac, "RoleBinding"), now, old),
      ElementsAre("roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", "
                  "Kind:\"Role\", Name:\"s\"}: cannot change roleRef"));
}

TEST(PodDisruptionBudget, Rules) {
  auto r = Res("policy", "PodDisruptionBudget");
  EXPECT_THAT(
      Create(
          r,
          R"({"metadata":{"name":"p","namespace":"d"},"spec":{"minAvailable":"50%","selector":{"matchLabels":{"app":"x"}}}})"),
      IsEmpty());
  EXPECT_THAT(
      Create(r, R"({"metadata":{"name":"p","namespace":"d"},"spec":{"maxUnavailable":-1}})"),
      ElementsAre("spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"));
}

TEST(PriorityClass, ValueLimits) {
  auto r = Res("scheduling.k8s.io", "PriorityClass", false);
  EXPECT_THAT(Create(r, R"({"metadata":{"name":"high"},"value":1000000})"), IsEmpty());
  EXPECT_THAT(
      Create(r, R"({"metadata":{"name":"high"},"value":2000000000})"),
      ElementsAre(
          "value: Forbidden: maximum allowed value of a user defined priority is 1000000000"));
  EXPECT_THAT(Update(r, R"({"metadata":{"name":"high","resourceVersion":"1"},"value":2})",
                     R"({"metadata":{"name":"high","resourceVersion":"1"},"value":1})"),
              ElementsAre("value: Forbidden: may not be changed in an update."));
}

TEST(Lease, Durations) {
  EXPECT_THAT(
      Create(Res("coordination.k8s.io", "Lease"),
             R"({"metadata":{"name":"l","namespace":"d"},"spec":{"leaseDurationSeconds":0}})"),
      ElementsAre("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"));
}

TEST(HorizontalPodAutoscaler, Replicas) {
  auto r = Res("autoscaling", "HorizontalPodAutoscaler", true, "v2");
  EXPECT_THAT(
      Create(r, R"({"metadata":{"name":"h","namespace":"d"},"spec":{"minReplicas":5,"maxReplicas":2,
      "scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"}}})"),
      ElementsAre(
          "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"));
  EXPECT_THAT(
      Create(
          r,
          R"({"metadata":{"name":"h","namespace":"d"},"spec":{"maxReplicas":0,"scaleTargetRef":{"kind":"Deployment"}}})"),
      ElementsAre("spec.maxReplicas: Invalid value: 0: must be greater than 0",
                  "spec.scaleTargetRef.name: Required value"));
}

TEST(Storage, StorageClassPVPVC) {
  auto sc = Res("storage.k8s.io", "StorageClass", false);
  EXPECT_THAT(
      Create(
          sc,
          R"({"metadata":{"name":"local"},"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"})"),
      IsEmpty());
  EXPECT_THAT(
      Create(
          sc,
          R"({"metadata":{"name":"local"},"reclaimPolicy":"Recycle","volumeBindingMode":"Immediate"})"),
      ElementsAre("provisioner: Required value",
                  "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", "
                  "\"Retain\""));
  auto pv = Res("", "PersistentVolume", false);
  EXPECT_THAT(
      Create(
          pv,
          R"({"metadata":{"name":"pv1"},"spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"},
                            "persistentVolumeReclaimPolicy":"Retain","hostPath":{"path":"/data"}}})"),
      IsEmpty());
  auto pvc = Res("", "PersistentVolumeClaim");
  EXPECT_THAT(
      Create(
          pvc,
          R"({"metadata":{"name":"c","namespace":"d"},"spec":{"accessModes":["ReadWriteSometimes"],"resources":{}}})"),
      ElementsAre("spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: "
                  "\"ReadOnlyMany\", "
                  "\"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                  "spec.resources[storage]: Required value"));
}

// The binder names a claim's volume once; after that, as before, the spec stays as it is.
TEST(PersistentVolumeClaim, VolumeNameIsSetOnce) {
  auto pvc = Res("", "PersistentVolumeClaim");
  const std::string unbound =
      R"({"metadata":{"name":"c","namespace":"d","resourceVersion":"1"},"spec":{"accessModes":["ReadWriteOnce"],)"
      R"("resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem"}})";
  std::string bound = unbound;
  bound.replace(bound.find(R"("volumeMode")"), 0, R"("volumeName":"pv1",)");
  EXPECT_THAT(Update(pvc, bound, unbound), IsEmpty());
  std::string rebound = bound;
  rebound.replace(rebound.find("pv1"), 3, "pv2");
  auto errs = Update(pvc, rebound, bound);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_TRUE(errs[0].starts_with("spec: Forbidden: spec is immutable after creation")) << errs[0];
}

TEST(Node, Taints) {
  EXPECT_THAT(
      Create(Res("", "Node", false),
             R"({"metadata":{"name":"n1"},"spec":{"taints":[{"key":"k","effect":"Sometimes"}]}})"),
      ElementsAre("metadata.taints[0].effect: Unsupported value: \"Sometimes\": supported values: "
                  "\"NoSchedule\", "
                  "\"PreferNoSchedule\", \"NoExecute\""));
}

TEST(Endpoints, Subsets) {
  EXPECT_THAT(
      Create(Res("", "Endpoints"), R"({"metadata":{"name":"e","namespace":"d"},"subsets":[
      {"addresses":[{"ip":"10.1.0.5"}],"ports":[{"port":80,"protocol":"TCP"}]},{"ports":[{"port":80,"protocol":"TCP"}]}]})"),
      ElementsAre("subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`"));
}

TEST(EndpointSlice, AddressType) {
  EXPECT_THAT(
      Create(Res("discovery.k8s.io", "EndpointSlice"),
             R"({"metadata":{"name":"e","namespace":"d"},"addressType":"IPv4",
      "endpoints":[{"addresses":["10.1.0.5"]},{"addresses":[]}],"ports":[{"name":"http","port":80,"protocol":"TCP"}]})"),
      ElementsAre("endpoints[1].addresses: Required value: must contain at least 1 address"));
}

TEST(Event, InvolvedObjectNamespace) {
  EXPECT_THAT(
      Create(
          Res("", "Event"),
          R"({"metadata":{"name":"e.1","namespace":"d"},"involvedObject":{"kind":"Pod","name":"p","namespace":"d"}})"),
      IsEmpty());
  EXPECT_THAT(
      Create(
          Res("", "Event"),
          R"({"metadata":{"name":"e.1","namespace":"d"},"involvedObject":{"kind":"Pod","name":"p","namespace":"x"}})"),
      ElementsAre(
          "involvedObject.namespace: Invalid value: \"x\": does not match event.namespace"));
}

}  // namespace
}  // namespace kubepp::api::testing
