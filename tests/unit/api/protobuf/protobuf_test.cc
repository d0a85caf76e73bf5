#include "api/protobuf/protobuf.h"

#include <gtest/gtest.h>

#include <random>

namespace kubepp::api::protobuf {
namespace {

namespace json = boost::json;

std::string Hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

json::value Decode(std::string_view body) {
  std::string av, kind;
  auto v = DecodeKubernetesProtobuf(body, &av, &kind);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? *v : json::value();
}

// JSON → protobuf → JSON must give back the same object.
void ExpectRoundTrip(std::string_view text) {
  json::value in = json::parse(text);
  auto bytes = EncodeKubernetesProtobuf(in.as_object());
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  std::string av, kind;
  auto out = DecodeKubernetesProtobuf(*bytes, &av, &kind);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(av, in.at("apiVersion").as_string());
  EXPECT_EQ(kind, in.at("kind").as_string());
  EXPECT_EQ(*out, in) << "got  " << json::serialize(*out) << "\nwant " << json::serialize(in);
  // Encoding is deterministic: the decoded object encodes to the same bytes.
  auto again = EncodeKubernetesProtobuf(out->as_object());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *bytes);
}

// Built by hand from the wire rules: "k8s\0", then runtime.Unknown with
// typeMeta {apiVersion "v1", kind "ConfigMap"}, raw = ConfigMap
// {metadata {name "cm1"}, data entry {key "a", value "b"}}, and the empty
// contentEncoding and contentType.
const std::string kConfigMapGolden = std::string("k8s\0", 4) +
                                     "\x0a\x0f"
                                     "\x0a\x02v1"
                                     "\x12\x09"
                                     "ConfigMap" +
                                     "\x12\x0f"
                                     "\x0a\x05\x0a\x03"
                                     "cm1"
                                     "\x12\x06\x0a\x01"
                                     "a"
                                     "\x12\x01"
                                     "b" +
                                     std::string("\x1a\x00\x22\x00", 4);

TEST(ProtobufTest, GoldenConfigMap) {
  json::value cm = json::parse(
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"},"data":{"a":"b"}})");
  auto bytes = EncodeKubernetesProtobuf(cm.as_object());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, kConfigMapGolden);
  EXPECT_EQ(Decode(kConfigMapGolden), cm);
}

// Bodies captured from `kubectl create ...` (v1.32): gogo-protobuf writes every
// non-pointer field, so empty strings, zeros and empty messages arrive too.
TEST(ProtobufTest, DecodesKubectlConfigMap) {
  auto body =
      Hex("6b3873000a0f0a0276311209436f6e6669674d6170121d0a130a03636d3112001a0022002a00320038004200"
          "12060a0161120162"
          "1a002200");
  EXPECT_EQ(
      Decode(body),
      json::parse(
          R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1"},"data":{"a":"b"}})"));
}

TEST(ProtobufTest, DecodesKubectlSecretAsBase64) {
  auto body =
      Hex("6b3873000a0c0a0276311206536563726574121e0a120a02733112001a0022002a0032003800420012060a01"
          "6b1201761a001a00"
          "2200");
  EXPECT_EQ(Decode(body),
            json::parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1"},
                                         "data":{"k":"dg=="}})"));
}

TEST(ProtobufTest, DecodesKubectlDeployment) {
  auto body =
      Hex("6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b4010a1d0a02643112001a0022002a00"
          "3200380042005a09"
          "0a03617070120264311284010802120b0a090a03617070120264311a6b0a1b0a0012001a0022002a00320038"
          "0042005a090a0361"
          "707012026431124c122e0a056e67696e7812056e67696e782a00320a0a001000185022002a0042006a007200"
          "8001008801009001"
          "00a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800"
          "1000180020002800"
          "38001a002200");
  EXPECT_EQ(Decode(body), json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"d1","labels":{"app":"d1"}},
    "spec":{"replicas":2,"selector":{"matchLabels":{"app":"d1"}},
            "template":{"metadata":{"labels":{"app":"d1"}},
                        "spec":{"containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}],
                                               "resources":{}}]}},
            "strategy":{}},
    "status":{}})"));
}

TEST(ProtobufTest, DecodesKubectlServiceWithIntTargetPort) {
  auto body =
      Hex("6b3873000a0d0a027631120753657276696365126c0a210a047376633112001a0022002a003200380042005a"
          "0b0a036170701204"
          "7376633112430a1b0a0738302d38303830120354435018502207080010903f1a002800120b0a036170701204"
          "737663311a002209"
          "436c757374657249503a00420052005a00600068001a020a001a002200");
  EXPECT_EQ(Decode(body), json::parse(R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"svc1","labels":{"app":"svc1"}},
    "spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],
            "selector":{"app":"svc1"},"type":"ClusterIP"},
    "status":{"loadBalancer":{}}})"));
}

TEST(ProtobufTest, DecodesKubectlPodDisruptionBudgetKeepingNonOmitemptyZeros) {
  auto body =
      Hex("6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e42756467657412380a140a04"
          "7064623112001a00"
          "22002a0032003800420012140a06080010011a00120a0a080a036170701201781a0a08001800200028003000"
          "1a002200");
  EXPECT_EQ(Decode(body), json::parse(R"({"apiVersion":"policy/v1","kind":"PodDisruptionBudget",
    "metadata":{"name":"pdb1"},
    "spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"x"}}},
    "status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}})"));
}

TEST(ProtobufTest, DecodesKubectlSelfSubjectAccessReview) {
  auto body =
      Hex("6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374"
          "4163636573735265"
          "76696577123c0a100a0012001a0022002a00320038004200121e0a1c0a0764656661756c7412036765741a00"
          "22002a04706f6473"
          "32003a001a08080012001a0020001a002200");
  EXPECT_EQ(Decode(body),
            json::parse(R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
    "metadata":{},"spec":{"resourceAttributes":{"namespace":"default","verb":"get","resource":"pods"}},
    "status":{"allowed":false}})"));
}

TEST(ProtobufTest, PointerZerosAreKept) {
  ExpectRoundTrip(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
    "spec":{"replicas":0,"template":{"spec":{"automountServiceAccountToken":false,
    "containers":[{"name":"c","image":"i"}]}}}})");
}

TEST(ProtobufTest, RoundTripsDeploymentWithProbesResourcesEnv) {
  ExpectRoundTrip(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"web","namespace":"prod","uid":"0b7f1e2a-6c1d-4f7e-9a59-3d2c1b0a9f8e","resourceVersion":"42",
      "generation":3,"creationTimestamp":"2024-05-01T10:00:00Z","labels":{"app":"web","tier":"front"},
      "annotations":{"deployment.kubernetes.io/revision":"2"},
      "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"apps/v1",
        "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}}]},
    "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"},
        "matchExpressions":[{"key":"tier","operator":"In","values":["front","edge"]}]},
      "template":{"metadata":{"labels":{"app":"web"}},
        "spec":{"containers":[{"name":"nginx","image":"nginx:1.25","command":["nginx"],"args":["-g","daemon off;"],
          "ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],
          "env":[{"name":"MODE","value":"prod"},
                 {"name":"POD_IP","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}},
                 {"name":"PASS","valueFrom":{"secretKeyRef":{"name":"db","key":"password","optional":true}}}],
          "envFrom":[{"configMapRef":{"name":"settings"}}],
          "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m","memory":"64Mi"}},
          "livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},
            "initialDelaySeconds":5,"periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
          "readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":5},
          "startupProbe":{"exec":{"command":["cat","/tmp/ready"]},"failureThreshold":30},
          "volumeMounts":[{"name":"data","mountPath":"/data","readOnly":true}],
          "imagePullPolicy":"IfNotPresent","terminationMessagePath":"/dev/termination-log",
          "terminationMessagePolicy":"File",
          "securityContext":{"runAsNonRoot":true,"runAsUser":1000,"allowPrivilegeEscalation":false,
            "capabilities":{"drop":["ALL"]}}}],
          "volumes":[{"name":"data","emptyDir":{"sizeLimit":"1Gi"}},
                     {"name":"cfg","configMap":{"name":"settings","defaultMode":420,
                       "items":[{"key":"a","path":"a.txt"}]}},
                     {"name":"sec","secret":{"secretName":"db"}}],
          "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
          "nodeSelector":{"disk":"ssd"},"serviceAccountName":"web","schedulerName":"default-scheduler",
          "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute",
            "tolerationSeconds":300}],
          "affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,
            "podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"}}]}}}},
      "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":1}},
      "revisionHistoryLimit":10,"progressDeadlineSeconds":600},
    "status":{"observedGeneration":3,"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3,
      "conditions":[{"type":"Available","status":"True","lastUpdateTime":"2024-05-01T10:00:05Z",
        "lastTransitionTime":"2024-05-01T10:00:05Z","reason":"MinimumReplicasAvailable",
        "message":"Deployment has minimum availability."}]}})");
}

TEST(ProtobufTest, RoundTripsPod) {
  ExpectRoundTrip(R"({"apiVersion":"v1","kind":"Pod",
    "metadata":{"name":"web-1","namespace":"default","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet",
      "name":"web-5d4f","uid":"1234","controller":true,"blockOwnerDeletion":true}],
      "deletionTimestamp":"2024-05-01T11:00:00Z","deletionGracePeriodSeconds":30,"finalizers":["example.com/x"]},
    "spec":{"containers":[{"name":"c","image":"busybox","stdin":true,"tty":true,
      "lifecycle":{"preStop":{"exec":{"command":["sh","-c","sleep 1"]}}}}],
      "initContainers":[{"name":"init","image":"busybox","restartPolicy":"Always"}],
      "nodeName":"node-1","hostNetwork":true,"priority":0,"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority",
      "volumes":[{"name":"pvc","persistentVolumeClaim":{"claimName":"data"}},
                 {"name":"proj","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
                   {"downwardAPI":{"items":[{"path":"ns","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}}]},
    "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True",
      "lastTransitionTime":"2024-05-01T10:00:00Z"}],"hostIP":"10.0.0.1","podIP":"10.244.0.5",
      "podIPs":[{"ip":"10.244.0.5"}],"startTime":"2024-05-01T10:00:00Z","qosClass":"BestEffort",
      "containerStatuses":[{"name":"c","state":{"running":{"startedAt":"2024-05-01T10:00:01Z"}},
        "lastState":{"terminated":{"exitCode":-1,"reason":"Error","startedAt":"2024-05-01T09:00:00Z",
          "finishedAt":"2024-05-01T09:59:00Z","containerID":"containerd://abc"}},
        "ready":true,"restartCount":1,"image":"busybox:latest","imageID":"sha256:abc","containerID":"containerd://def",
        "started":true}]}})");
}

TEST(ProtobufTest, RoundTripsServiceWithStringTargetPort) {
  ExpectRoundTrip(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
    "spec":{"type":"NodePort","selector":{"app":"web"},"clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
      "ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":"http","nodePort":30080},
               {"name":"dns","protocol":"UDP","port":53,"targetPort":53}],
      "sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}},
      "ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","externalTrafficPolicy":"Cluster",
      "internalTrafficPolicy":"Cluster"},
    "status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4","ports":[{"port":80,"protocol":"TCP"}]}]}}})");
}

TEST(ProtobufTest, RoundTripsSecretConfigMapNamespace) {
  ExpectRoundTrip(
      R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"Opaque","immutable":true,
    "data":{"bin":"AP8Q","password":"c2VjcmV0"}})");
  ExpectRoundTrip(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ns"},
    "data":{"a.txt":"hello\nworld","b":""},"binaryData":{"x":"AAEC"}})");
  ExpectRoundTrip(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"},
    "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}})");
}

TEST(ProtobufTest, RoundTripsJobAndCronJob) {
  ExpectRoundTrip(R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi"},
    "spec":{"parallelism":2,"completions":4,"backoffLimit":6,"activeDeadlineSeconds":600,"ttlSecondsAfterFinished":100,
      "completionMode":"Indexed","suspend":false,
      "podFailurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[1,2,42]}}]},
      "template":{"spec":{"containers":[{"name":"pi","image":"perl"}],"restartPolicy":"Never"}}},
    "status":{"active":1,"succeeded":2,"startTime":"2024-05-01T10:00:00Z","completedIndexes":"0-1",
      "uncountedTerminatedPods":{},"ready":1}})");
  ExpectRoundTrip(R"({"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"hello"},
    "spec":{"schedule":"*/5 * * * *","timeZone":"Etc/UTC","concurrencyPolicy":"Forbid","startingDeadlineSeconds":20,
      "successfulJobsHistoryLimit":3,"failedJobsHistoryLimit":1,
      "jobTemplate":{"metadata":{"labels":{"a":"b"}},"spec":{"template":{"spec":{"containers":[{"name":"c",
        "image":"busybox","args":["date"]}],"restartPolicy":"OnFailure"}}}}},
    "status":{"active":[{"kind":"Job","namespace":"default","name":"hello-1","uid":"u"}],
      "lastScheduleTime":"2024-05-01T10:05:00Z"}})");
}

TEST(ProtobufTest, RoundTripsNetworkingRbacAndOthers) {
  ExpectRoundTrip(R"({"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"i"},
    "spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.com"],"secretName":"tls"}],
      "defaultBackend":{"service":{"name":"def","port":{"name":"http"}}},
      "rules":[{"host":"a.com","http":{"paths":[{"path":"/","pathType":"Prefix",
        "backend":{"service":{"name":"web","port":{"number":80}}}}]}}]},"status":{"loadBalancer":{}}})");
  ExpectRoundTrip(
      R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"r"},
    "rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"],"resourceNames":["a"]}]})");
  ExpectRoundTrip(
      R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"b"},
    "subjects":[{"kind":"ServiceAccount","name":"default","namespace":"kube-system"}],
    "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"}})");
  ExpectRoundTrip(
      R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"agg"},
    "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"x":"y"}}]},
    "rules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]})");
  ExpectRoundTrip(
      R"({"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"p","namespace":"default"},
    "deleteOptions":{"gracePeriodSeconds":0,"preconditions":{"uid":"u"},"dryRun":["All"]}})");
  ExpectRoundTrip(
      R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"high"},
    "value":1000000,"globalDefault":true,"description":"x","preemptionPolicy":"Never"})");
  ExpectRoundTrip(
      R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node-1"},
    "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"acquireTime":"2024-05-01T10:00:00.000000Z",
      "renewTime":"2024-05-01T10:00:10.123456Z","leaseTransitions":0}})");
  ExpectRoundTrip(
      R"({"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc"},
    "addressType":"IPv4","endpoints":[{"addresses":["10.244.0.5"],"conditions":{"ready":true,"serving":true,
      "terminating":false},"nodeName":"n1","targetRef":{"kind":"Pod","name":"web-1","namespace":"default"}}],
    "ports":[{"name":"http","protocol":"TCP","port":80}]})");
  ExpectRoundTrip(
      R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},
    "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,
      "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}],
      "behavior":{"scaleDown":{"stabilizationWindowSeconds":300,"policies":[{"type":"Pods","value":1,"periodSeconds":60}]}}},
    "status":{"currentReplicas":1,"desiredReplicas":1}})");
  ExpectRoundTrip(R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","metadata":{},
    "spec":{"token":"abc","audiences":["api"]},
    "status":{"authenticated":true,"user":{"username":"u","groups":["g"],"extra":{"scopes":["a","b"]}}}})");
  ExpectRoundTrip(R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},
    "eventTime":"2024-05-01T10:00:00.000001Z","reportingController":"kubelet","reportingInstance":"n1",
    "action":"Pulling","reason":"Pulling","regarding":{"kind":"Pod","name":"p"},"type":"Normal",
    "series":{"count":2,"lastObservedTime":"2024-05-01T10:00:01.000000Z"}})");
}

TEST(ProtobufTest, RoundTripsListsAndStatus) {
  ExpectRoundTrip(
      R"({"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"10","continue":"abc",
    "remainingItemCount":5},"items":[{"metadata":{"name":"a"},"spec":{"containers":[{"name":"c","image":"i"}]}},
    {"metadata":{"name":"b"}}]})");
  ExpectRoundTrip(R"({"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure",
    "message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods",
    "causes":[{"reason":"FieldValueInvalid","message":"bad","field":"spec"}]},"code":404})");
  ExpectRoundTrip(R"({"apiVersion":"v1","kind":"DeleteOptions","propagationPolicy":"Foreground",
    "gracePeriodSeconds":0})");
}

TEST(ProtobufTest, DropsZeroValuesOfOmitemptyFields) {
  // What a gogo client sends for an empty ObjectMeta: every string, the
  // generation and the zero creationTimestamp.
  json::value cm =
      json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"","namespace":"",
    "generation":0,"creationTimestamp":"1970-01-01T00:00:00Z"},"immutable":false})");
  auto bytes = EncodeKubernetesProtobuf(cm.as_object());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(
      Decode(*bytes),
      json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{},"immutable":false})"));
  // Non-pointer int32 without omitempty (containerPort) keeps its zero.
  json::value pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"",
    "ports":[{"containerPort":0,"hostPort":0}]}]}})");
  bytes = EncodeKubernetesProtobuf(pod.as_object());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(Decode(*bytes),
            json::parse(R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"",
    "ports":[{"containerPort":0}]}]}})"));
}

TEST(ProtobufTest, ReportsEnvelopeType) {
  std::string av, kind;
  ASSERT_TRUE(DecodeKubernetesProtobuf(kConfigMapGolden, &av, &kind).ok());
  EXPECT_EQ(av, "v1");
  EXPECT_EQ(kind, "ConfigMap");
  EXPECT_TRUE(DecodeKubernetesProtobuf(kConfigMapGolden, nullptr, nullptr).ok());
}

TEST(ProtobufTest, UnknownKindIsUnsupported) {
  json::value w =
      json::parse(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"}})");
  auto bytes = EncodeKubernetesProtobuf(w.as_object());
  EXPECT_EQ(bytes.status().reason(), Reason::kUnsupportedMediaType);
  std::string body = std::string("k8s\0", 4) +
                     "\x0a\x18\x0a\x0e"
                     "example.com/v1"
                     "\x12\x06"
                     "Widget" +
                     std::string("\x12\x00", 2);
  std::string av, kind;
  auto v = DecodeKubernetesProtobuf(body, &av, &kind);
  EXPECT_EQ(v.status().reason(), Reason::kUnsupportedMediaType);
  EXPECT_EQ(kind, "Widget");
  EXPECT_FALSE(HasProtobufSchema("meta.k8s.io/v1", "Table"));
}

TEST(ProtobufTest, MalformedBodiesAreBadRequests) {
  const std::string bad[] = {
      "",
      "k8s",
      "{\"kind\":\"ConfigMap\"}",
      std::string("k8s\0", 4) + "\x0a",                      // truncated tag length
      std::string("k8s\0", 4) + "\x0a\x0f\x0a\x02v1",        // typeMeta past the end
      std::string("k8s\0", 4) + "\x08\x01",                  // typeMeta as a varint
      std::string("k8s\0", 4) + std::string("\x12\x00", 2),  // no kind
      std::string("k8s\0", 4) +
          "\x0a\x0f\x0a\x02v1\x12\x09"
          "ConfigMap"
          "\x12\x02\x08\x01",  // metadata varint
      std::string("k8s\0", 4) +
          "\x0a\x0f\x0a\x02v1\x12\x09"
          "ConfigMap"
          "\x12\x03\x0a\x05\x0a",  // short metadata
  };
  for (const auto& body : bad) {
    auto v = DecodeKubernetesProtobuf(body, nullptr, nullptr);
    ASSERT_FALSE(v.ok()) << json::serialize(v.ok() ? *v : json::value());
    EXPECT_EQ(v.status().reason(), Reason::kBadRequest) << v.status().ToString();
  }
}

TEST(ProtobufTest, MutatedBodiesNeverCrash) {
  json::value d = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d",
    "creationTimestamp":"2024-05-01T10:00:00Z"},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"c",
    "image":"i","resources":{"limits":{"cpu":"1"}}}]}},"strategy":{"rollingUpdate":{"maxSurge":"25%"}}}})");
  auto bytes = EncodeKubernetesProtobuf(d.as_object());
  ASSERT_TRUE(bytes.ok());
  std::mt19937 rng(7);
  int ok = 0, failed = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string body = *bytes;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = 4 + rng() % (body.size() - 4);
      switch (rng() % 3) {
        case 0:
          body[at] = static_cast<char>(rng());
          break;
        case 1:
          body.erase(at, 1 + rng() % 8);
          break;
        default:
          body.insert(at, 1, static_cast<char>(rng()));
          break;
      }
      if (body.size() < 5) break;
    }
    auto v = DecodeKubernetesProtobuf(body, nullptr, nullptr);
    (v.ok() ? ok : failed)++;
  }
  EXPECT_GT(failed, 0);
  EXPECT_EQ(ok + failed, 5000);
}

TEST(ProtobufTest, EncodeRejectsWrongJsonTypes) {
  const char* bad[] = {
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":5}})",
      R"({"apiVersion":"v1","kind":"ConfigMap","data":["a"]})",
      R"({"apiVersion":"v1","kind":"Secret","data":{"a":"not base64!"}})",
      R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":"3"}})",
      R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":4294967296}})",
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"creationTimestamp":"yesterday"}})",
      R"({"apiVersion":"v1","kind":"Service","spec":{"ports":[{"targetPort":true}]}})",
      R"({"kind":"ConfigMap"})",
  };
  for (const char* text : bad) {
    auto bytes = EncodeKubernetesProtobuf(json::parse(text).as_object());
    EXPECT_EQ(bytes.status().reason(), Reason::kBadRequest) << text;
  }
}

TEST(ProtobufTest, RawExtensionCarriesNestedObjects) {
  // A ControllerRevision's data is embedded JSON.
  ExpectRoundTrip(R"({"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"r"},
    "data":{"spec":{"template":{"spec":{"containers":[{"name":"c"}]}}}},"revision":2})");
  // A v1 List holds whole objects; known kinds travel as nested envelopes.
  ExpectRoundTrip(R"({"apiVersion":"v1","kind":"List","metadata":{},"items":[
    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}},
    {"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":1}}]})");
}

}  // namespace
}  // namespace kubepp::api::protobuf

namespace kubepp::api::protobuf {
namespace {

std::string ConfigMapWithRaw(std::string_view raw) {
  std::string body = std::string("k8s\0", 4) + "\x0a\x0f\x0a\x02v1\x12\x09" + "ConfigMap" + "\x12";
  body.push_back(static_cast<char>(raw.size()));
  body.append(raw);
  return body;
}

// Found by protobuf_decode_fuzz: values that JSON shows as null or as a zero
// time must read as absent, or re-encoding changes the object.
TEST(ProtobufTest, EmptyEmbeddedAndSubSecondTimesReadAsAbsent) {
  // metadata {managedFields [{fieldsV1 {}}]}
  auto v = DecodeKubernetesProtobuf(
      ConfigMapWithRaw(std::string("\x0a\x05\x8a\x01\x02\x3a\x00", 7)), nullptr, nullptr);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, json::parse(
                    R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"managedFields":[{}]}})"));
  // metadata {creationTimestamp {nanos 5}}: JSON shows whole seconds only.
  v = DecodeKubernetesProtobuf(ConfigMapWithRaw(std::string("\x0a\x04\x42\x02\x10\x05", 6)),
                               nullptr, nullptr);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{}})"));
}

}  // namespace
}  // namespace kubepp::api::protobuf
