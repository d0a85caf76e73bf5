// Pods and pod templates: containers, ports, env, resources, probes, volumes.
#include <gtest/gtest.h>

#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A defaulted pod whose container (and optionally spec) fields are spliced in.
std::string Pod(const std::string& container_extra, const std::string& spec_extra = "") {
  return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d","resourceVersion":"1"},
    "spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst","terminationGracePeriodSeconds":30)" +
         spec_extra + R"(,
      "containers":[{"name":"c","image":"busybox","imagePullPolicy":"IfNotPresent",
                     "terminationMessagePolicy":"File")" +
         container_extra + "}]}}";
}

const ResourceInfo kPod = Res("", "Pod");

TEST(Pod, MinimalIsValid) { EXPECT_THAT(Create(kPod, Pod("")), IsEmpty()); }

TEST(Pod, ContainersRequired) {
  EXPECT_THAT(
      Create(
          kPod,
          R"({"metadata":{"name":"p","namespace":"d"},"spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst"}})"),
      ElementsAre("spec.containers: Required value"));
}

TEST(Pod, ContainerNameAndImage) {
  EXPECT_THAT(
      Create(
          kPod,
          R"({"metadata":{"name":"p","namespace":"d"},"spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst",
      "containers":[{"name":"Web","imagePullPolicy":"Always","terminationMessagePolicy":"File"},
                    {"name":"x","image":"a","imagePullPolicy":"Always","terminationMessagePolicy":"File"},
                    {"name":"x","image":" a","imagePullPolicy":"Always","terminationMessagePolicy":"File"}]}})"),
      ElementsAre("spec.containers[0].name: Invalid value: \"Web\": " + kLabelMsg,
                  "spec.containers[0].image: Required value",
                  "spec.containers[2].name: Duplicate value: \"x\"",
                  "spec.containers[2].image: Invalid value: \" a\": must not have leading or "
                  "trailing whitespace"));
}

TEST(Pod, Ports) {
  EXPECT_THAT(
      Create(
          kPod,
          Pod(R"(,"ports":[{"containerPort":0,"protocol":"TCP"},{"containerPort":70000,"protocol":"HTTP"},
                                        {"name":"web","containerPort":80,"protocol":"TCP"},{"name":"web","containerPort":81,"protocol":"TCP"},
                                        {"name":"Bad_Name","containerPort":82,"protocol":"TCP"}])")),
      ElementsAre("spec.containers[0].ports[0].containerPort: Required value",
                  "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be "
                  "between 1 and 65535, inclusive",
                  "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported "
                  "values: \"SCTP\", \"TCP\", \"UDP\"",
                  "spec.containers[0].ports[3].name: Duplicate value: \"web\"",
                  "spec.containers[0].ports[4].name: Invalid value: \"Bad_Name\": must contain "
                  "only alpha-numeric "
                  "characters (a-z, 0-9), and hyphens (-)"));
}

TEST(Pod, HostNetworkNeedsMatchingHostPort) {
  EXPECT_THAT(
      Create(kPod, Pod(R"(,"ports":[{"containerPort":80,"hostPort":8080,"protocol":"TCP"}])",
                       R"(,"hostNetwork":true)")),
      ElementsAre("spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match "
                  "`containerPort` when `hostNetwork` is true"));
}

TEST(Pod, EnvValueFrom) {
  EXPECT_THAT(
      Create(
          kPod,
          Pod(R"(,"env":[{"name":"A=B"},{"name":"X","value":"v","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},
                                {"name":"Y","valueFrom":{}},
                                {"name":"Z","valueFrom":{"configMapKeyRef":{"name":"c","key":"k"},"secretKeyRef":{"name":"s","key":"k"}}},
                                {"name":"W","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"spec.bogus"}}}])")),
      ElementsAre("spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment "
                  "variable name must consist only of "
                  "printable ASCII characters other than '='",
                  "spec.containers[0].env[1].valueFrom: Invalid value: \"\": may not be specified "
                  "when `value` is not empty",
                  "spec.containers[0].env[2].valueFrom: Invalid value: \"\": must specify one of: "
                  "`fieldRef`, `resourceFieldRef`, "
                  "`configMapKeyRef` or `secretKeyRef`",
                  "spec.containers[0].env[3].valueFrom: Invalid value: \"\": may not have more "
                  "than one field specified at a time",
                  "spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Unsupported value: "
                  "\"spec.bogus\": supported values: "
                  "\"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", "
                  "\"spec.serviceAccountName\", "
                  "\"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\""));
}

TEST(Pod, EnvFromNeedsOneSource) {
  EXPECT_THAT(Create(kPod, Pod(R"(,"envFrom":[{"prefix":"P_"}])")),
              ElementsAre("spec.containers[0].envFrom: Invalid value: \"\": must specify one of: "
                          "`configMapRef` or `secretRef`"));
}

TEST(Pod, RequestsMustNotExceedLimits) {
  EXPECT_THAT(
      Create(
          kPod,
          Pod(R"(,"resources":{"requests":{"cpu":"200m","memory":"1Gi"},"limits":{"cpu":"100m","memory":"1024Mi"}})")),
      ElementsAre("spec.containers[0].resources.requests: Invalid value: \"200m\": must be less "
                  "than or equal to cpu limit of 100m"));
}

TEST(Pod, BadQuantitiesAndResourceNames) {
  auto errs = Create(kPod, Pod(R"(,"resources":{"requests":{"cpu":"lots","gpu":"1"}})"));
  ASSERT_EQ(errs.size(), 3u);
  EXPECT_EQ(errs[0].rfind("spec.containers[0].resources.requests[cpu]: Invalid value: \"lots\": "
                          "quantities must match the regular expression",
                          0),
            0u)
      << errs[0];
  EXPECT_EQ(errs[1],
            "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a "
            "standard resource type or fully qualified");
  EXPECT_EQ(errs[2],
            "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a "
            "standard resource for containers");
  EXPECT_THAT(Create(kPod, Pod(R"(,"resources":{"limits":{"memory":"-1"}})")),
              ElementsAre("spec.containers[0].resources.limits[memory]: Invalid value: \"-1\": "
                          "must be greater than or equal to 0"));
}

TEST(Pod, Probes) {
  EXPECT_THAT(
      Create(kPod, Pod(R"(,"livenessProbe":{"periodSeconds":-1,"successThreshold":2},
                          "readinessProbe":{"exec":{"command":["true"]},"tcpSocket":{"port":80},"successThreshold":1},
                          "startupProbe":{"httpGet":{"path":"","port":"http","scheme":"FTP"},"successThreshold":1})")),
      ElementsAre("spec.containers[0].livenessProbe: Required value: must specify a handler type",
                  "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be "
                  "greater than or equal to 0",
                  "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
                  "spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more "
                  "than 1 handler type",
                  "spec.containers[0].startupProbe.httpGet.path: Required value",
                  "spec.containers[0].startupProbe.httpGet.scheme: Unsupported value: \"FTP\": "
                  "supported values: \"HTTP\", \"HTTPS\""));
}

TEST(Pod, VolumesAndMounts) {
  EXPECT_THAT(
      Create(
          kPod,
          Pod(R"(,"volumeMounts":[{"name":"missing","mountPath":"/a"},{"name":"data","mountPath":"/a"}])",
              R"(,"volumes":[{"name":"data","emptyDir":{}},{"name":"data","emptyDir":{}},{"name":"none"},
                                     {"name":"two","emptyDir":{},"hostPath":{"path":"/x"}},{"name":"cm","configMap":{}}])")),
      ElementsAre(
          "spec.volumes[1].name: Duplicate value: \"data\"",
          "spec.volumes[2]: Required value: must specify a volume type",
          "spec.volumes[3].hostPath: Forbidden: may not specify more than 1 volume type",
          "spec.volumes[4].configMap.name: Required value",
          "spec.containers[0].volumeMounts[0].name: Not found: \"missing\"",
          "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/a\": must be unique"));
}

TEST(Pod, PolicyEnums) {
  EXPECT_THAT(
      Create(
          kPod,
          R"({"metadata":{"name":"p","namespace":"d"},"spec":{"restartPolicy":"Sometimes","dnsPolicy":"Cluster",
                     "containers":[{"name":"c","image":"i","imagePullPolicy":"Maybe","terminationMessagePolicy":"File"}]}})"),
      ElementsAre("spec.containers[0].imagePullPolicy: Unsupported value: \"Maybe\": supported "
                  "values: \"Always\", \"IfNotPresent\", \"Never\"",
                  "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: "
                  "\"Always\", \"OnFailure\", \"Never\"",
                  "spec.dnsPolicy: Unsupported value: \"Cluster\": supported values: "
                  "\"ClusterFirstWithHostNet\", "
                  "\"ClusterFirst\", \"Default\", \"None\""));
}

TEST(Pod, NodeSelectorTolerationsAffinity) {
  EXPECT_THAT(
      Create(kPod, Pod("", R"(,"nodeSelector":{"disk":"ssd!"},
        "tolerations":[{"operator":"Equal","value":"x"},{"key":"k","operator":"Exists","value":"v"},{"key":"k","operator":"Is"}],
        "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}},
                    "podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":0,"podAffinityTerm":{"topologyKey":"zone"}}]}})")),
      ElementsAre("spec.nodeSelector: Invalid value: \"ssd!\": a valid label must be an empty "
                  "string or consist of alphanumeric "
                  "characters, '-', '_' or '.', and must start and end with an alphanumeric "
                  "character (e.g. 'MyValue',  or "
                  "'my_value',  or '12345', regex used for validation is "
                  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                  "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
                  "nodeSelectorTerms: Required value: must "
                  "have at least one node selector term",
                  "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]"
                  ".weight: Invalid value: 0: must be "
                  "in the range 1-100",
                  "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists "
                  "when `key` is empty, which means "
                  "\"match all values and all keys\"",
                  "spec.tolerations[1].operator: Invalid value: \"v\": value must be "
                  "empty when `operator` is 'Exists'",
                  "spec.tolerations[2].operator: Unsupported value: \"Is\": supported values: "
                  "\"Equal\", \"Exists\""));
}

TEST(PodUpdate, ImageMayChange) {
  std::string old = Pod(R"(,"ports":[{"containerPort":80,"protocol":"TCP"}])");
  std::string now = old;
  now.replace(now.find("busybox"), 7, "busybox:2");
  EXPECT_THAT(Update(kPod, now, old), IsEmpty());
}

TEST(PodUpdate, OtherFieldsMayNot) {
  std::string old = Pod(R"(,"ports":[{"containerPort":80,"protocol":"TCP"}])");
  std::string now = Pod(R"(,"ports":[{"containerPort":81,"protocol":"TCP"}])");
  auto errs = Update(kPod, now, old);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].rfind("spec: Forbidden: pod updates may not change fields other than "
                          "`spec.containers[*].image`,"
                          "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec."
                          "tolerations` (only additions "
                          "to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it "
                          "to be set to 1 if it was "
                          "previously negative)\n",
                          0),
            0u)
      << errs[0];
}

TEST(PodUpdate, ContainersCannotBeAddedAndTolerationsOnlyAdded) {
  std::string old = Pod("", R"(,"tolerations":[{"key":"a","operator":"Exists"}])");
  std::string more =
      R"({"metadata":{"name":"p","namespace":"d","resourceVersion":"1"},"spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst",
      "containers":[{"name":"c","image":"busybox","imagePullPolicy":"IfNotPresent","terminationMessagePolicy":"File"},
                    {"name":"d","image":"busybox","imagePullPolicy":"IfNotPresent","terminationMessagePolicy":"File"}]}})";
  EXPECT_THAT(
      Update(kPod, more, old),
      ElementsAre("spec.containers: Forbidden: pod updates may not add or remove containers"));
  EXPECT_THAT(
      Update(
          kPod,
          Pod("",
              R"(,"tolerations":[{"key":"a","operator":"Exists"},{"key":"b","operator":"Exists"}])"),
          old),
      IsEmpty());
  auto errs = Update(kPod, Pod("", R"(,"tolerations":[{"key":"b","operator":"Exists"}])"), old);
  ASSERT_GE(errs.size(), 1u);
  EXPECT_EQ(errs[0],
            "spec.tolerations: Forbidden: existing toleration can not be modified except its "
            "tolerationSeconds");
}

TEST(PodTemplate, LabelsReportedAtTemplatePath) {
  EXPECT_THAT(
      Create(
          Res("", "PodTemplate"),
          R"({"metadata":{"name":"t","namespace":"d"},"template":{"metadata":{"labels":{"a":"b c"}},
      "spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst","containers":[{"name":"c","image":"i","imagePullPolicy":"Always","terminationMessagePolicy":"File"}]}}})")
          .size(),
      1u);
}

}  // namespace
}  // namespace kubepp::api::testing
