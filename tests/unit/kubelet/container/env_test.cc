#include "kubelet/container/env.h"

#include <gtest/gtest.h>

#include "fakes/fake_api_client.h"
#include "kubelet/container/env_expansion.h"
#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::container {
namespace {

using client::Resource;
using testing::Json;

std::map<std::string, std::string> AsMap(const std::vector<EnvVar>& env) {
  std::map<std::string, std::string> out;
  for (const EnvVar& e : env)
    EXPECT_TRUE(out.emplace(e.name, e.value).second) << "duplicate " << e.name;
  return out;
}

std::vector<std::string> Names(const std::vector<EnvVar>& env) {
  std::vector<std::string> out;
  for (const EnvVar& e : env) out.push_back(e.name);
  return out;
}

class EnvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_ = fakes::FakeApiClient::Create(clock_);
    getter_ = NewApiObjectGetter(*api_);
    api_->Seed(Resource::Of("", "configmaps"), Json(R"j({"metadata":{"name":"cm","namespace":"ns"},
        "data":{"LOG_LEVEL":"debug","PORT":"8080","app.conf":"x=1"}})j"));
    // "c2VjcmV0" is "secret", "YWRtaW4=" is "admin".
    api_->Seed(Resource::Of("", "secrets"), Json(R"j({"metadata":{"name":"creds","namespace":"ns"},
        "data":{"PASSWORD":"c2VjcmV0","USER":"YWRtaW4="}})j"));
  }

  StatusOr<std::vector<EnvVar>> Build(const boost::json::object& pod, size_t container = 0) {
    const auto& c = pod.at("spec").at("containers").at(container).as_object();
    return MakeEnvironmentVariables(pod, c, context_, *getter_);
  }

  static boost::json::object PodWithEnv(std::string_view container_json) {
    auto pod = Json(R"j({"metadata":{"name":"web-1","namespace":"ns","uid":"1234-5678",
        "labels":{"app":"web","tier":"front"},"annotations":{"note":"a \"quoted\" value"}},
        "spec":{"nodeName":"node-a","serviceAccountName":"sa","enableServiceLinks":false,"containers":[]}})j");
    pod["spec"].as_object()["containers"].as_array().push_back(Json(container_json));
    return pod;
  }

  FakeClock clock_;
  std::unique_ptr<fakes::FakeApiClient> api_;
  std::unique_ptr<ObjectGetter> getter_;
  EnvContext context_;
};

TEST_F(EnvTest, EnvFromThenEnvInDeclarationOrder) {
  auto pod = PodWithEnv(R"j({"name":"app",
      "envFrom":[{"configMapRef":{"name":"cm"}},{"prefix":"DB_","secretRef":{"name":"creds"}}],
      "env":[{"name":"PORT","value":"9090"},{"name":"URL","value":"http://$(DB_USER):$(DB_PASSWORD)@db:$(PORT)"},
             {"name":"EMPTY","value":""}]})j");
  auto env = Build(pod);
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  // First definition fixes the position; env overrides envFrom's value.
  EXPECT_EQ(Names(*env), (std::vector<std::string>{"LOG_LEVEL", "PORT", "app.conf", "DB_PASSWORD",
                                                   "DB_USER", "URL", "EMPTY"}));
  auto m = AsMap(*env);
  EXPECT_EQ(m["PORT"], "9090");
  EXPECT_EQ(m["DB_USER"], "admin");
  EXPECT_EQ(m["DB_PASSWORD"], "secret");
  EXPECT_EQ(m["URL"], "http://admin:secret@db:9090");
  EXPECT_EQ(m["EMPTY"], "");
  // v1.32 passes keys that are not C identifiers on (the apiserver checks names).
  EXPECT_EQ(m["app.conf"], "x=1");
}

TEST_F(EnvTest, ExpansionSeesOnlyEarlierVariables) {
  auto pod =
      PodWithEnv(R"j({"name":"app","env":[{"name":"A","value":"$(B)-a"},{"name":"B","value":"b"},
      {"name":"C","value":"$(B)-$$(B)-$(NOPE)"}]})j");
  auto m = AsMap(*Build(pod));
  EXPECT_EQ(m["A"], "$(B)-a");
  EXPECT_EQ(m["C"], "b-$(B)-$(NOPE)");
}

TEST_F(EnvTest, KeyRefsAndTheirErrors) {
  auto pod = PodWithEnv(R"j({"name":"app","env":[
      {"name":"LEVEL","valueFrom":{"configMapKeyRef":{"name":"cm","key":"LOG_LEVEL"}}},
      {"name":"PW","valueFrom":{"secretKeyRef":{"name":"creds","key":"PASSWORD"}}},
      {"name":"OPT_KEY","valueFrom":{"configMapKeyRef":{"name":"cm","key":"nope","optional":true}}},
      {"name":"OPT_CM","valueFrom":{"configMapKeyRef":{"name":"gone","key":"k","optional":true}}},
      {"name":"OPT_SECRET","valueFrom":{"secretKeyRef":{"name":"gone","key":"k","optional":true}}}]})j");
  auto env = Build(pod);
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  EXPECT_EQ(Names(*env), (std::vector<std::string>{"LEVEL", "PW"}));
  auto m = AsMap(*env);
  EXPECT_EQ(m["LEVEL"], "debug");
  EXPECT_EQ(m["PW"], "secret");

  auto missing_cm = Build(PodWithEnv(R"j({"name":"app","env":[
      {"name":"X","valueFrom":{"configMapKeyRef":{"name":"gone","key":"k"}}}]})j"));
  ASSERT_FALSE(missing_cm.ok());
  EXPECT_TRUE(missing_cm.status().IsNotFound());
  EXPECT_EQ(missing_cm.status().message(), "configmap \"gone\" not found");

  auto missing_secret =
      Build(PodWithEnv(R"j({"name":"app","envFrom":[{"secretRef":{"name":"gone"}}]})j"));
  ASSERT_FALSE(missing_secret.ok());
  EXPECT_EQ(missing_secret.status().message(), "secret \"gone\" not found");

  auto missing_key = Build(PodWithEnv(R"j({"name":"app","env":[
      {"name":"X","valueFrom":{"configMapKeyRef":{"name":"cm","key":"nope"}}}]})j"));
  ASSERT_FALSE(missing_key.ok());
  EXPECT_EQ(missing_key.status().message(), "couldn't find key nope in ConfigMap ns/cm");

  auto missing_secret_key = Build(PodWithEnv(R"j({"name":"app","env":[
      {"name":"X","valueFrom":{"secretKeyRef":{"name":"creds","key":"nope"}}}]})j"));
  ASSERT_FALSE(missing_secret_key.ok());
  EXPECT_EQ(missing_secret_key.status().message(), "couldn't find key nope in Secret ns/creds");

  auto optional_from = Build(PodWithEnv(
      R"j({"name":"app","envFrom":[{"configMapRef":{"name":"gone","optional":true}}]})j"));
  ASSERT_TRUE(optional_from.ok());
  EXPECT_TRUE(optional_from->empty());
}

TEST_F(EnvTest, OptionalMissingKeyKeepsTheEnvFromValue) {
  auto pod = PodWithEnv(R"j({"name":"app","envFrom":[{"configMapRef":{"name":"cm"}}],
      "env":[{"name":"PORT","valueFrom":{"configMapKeyRef":{"name":"cm","key":"nope","optional":true}}}]})j");
  EXPECT_EQ(AsMap(*Build(pod))["PORT"], "8080");
}

TEST_F(EnvTest, FieldRefs) {
  context_.pod_ips = {"10.1.0.5", "fd00::5"};
  context_.host_ips = {"192.168.1.10", "fd00::10"};
  auto pod = PodWithEnv(R"j({"name":"app","env":[
      {"name":"NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},
      {"name":"NS","valueFrom":{"fieldRef":{"fieldPath":"metadata.namespace"}}},
      {"name":"UID","valueFrom":{"fieldRef":{"fieldPath":"metadata.uid"}}},
      {"name":"APP","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}},
      {"name":"NONE","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['absent']"}}},
      {"name":"NOTE","valueFrom":{"fieldRef":{"fieldPath":"metadata.annotations['note']"}}},
      {"name":"LABELS","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels"}}},
      {"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}},
      {"name":"OLD_NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.host"}}},
      {"name":"SA","valueFrom":{"fieldRef":{"fieldPath":"spec.serviceAccountName"}}},
      {"name":"HOST_IP","valueFrom":{"fieldRef":{"fieldPath":"status.hostIP"}}},
      {"name":"HOST_IPS","valueFrom":{"fieldRef":{"fieldPath":"status.hostIPs"}}},
      {"name":"POD_IP","valueFrom":{"fieldRef":{"fieldPath":"status.podIP"}}},
      {"name":"POD_IPS","valueFrom":{"fieldRef":{"fieldPath":"status.podIPs"}}}]})j");
  auto env = Build(pod);
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  auto m = AsMap(*env);
  EXPECT_EQ(m["NAME"], "web-1");
  EXPECT_EQ(m["NS"], "ns");
  EXPECT_EQ(m["UID"], "1234-5678");
  EXPECT_EQ(m["APP"], "web");
  EXPECT_EQ(m["NONE"], "");
  EXPECT_EQ(m["NOTE"], "a \"quoted\" value");
  EXPECT_EQ(m["LABELS"], "app=\"web\"\ntier=\"front\"");
  EXPECT_EQ(m["NODE"], "node-a");
  EXPECT_EQ(m["OLD_NODE"], "node-a");
  EXPECT_EQ(m["SA"], "sa");
  EXPECT_EQ(m["HOST_IP"], "192.168.1.10");
  EXPECT_EQ(m["HOST_IPS"], "192.168.1.10,fd00::10");
  EXPECT_EQ(m["POD_IP"], "10.1.0.5");
  EXPECT_EQ(m["POD_IPS"], "10.1.0.5,fd00::5");

  // A node whose primary IP is IPv6 lists the pod's IPv6 address first.
  context_.host_ips = {"fd00::10", "192.168.1.10"};
  m = AsMap(*Build(pod));
  EXPECT_EQ(m["POD_IP"], "fd00::5");
  EXPECT_EQ(m["POD_IPS"], "fd00::5,10.1.0.5");
}

TEST_F(EnvTest, FieldRefErrorsAsUpstream) {
  struct Case {
    const char* field_ref;
    const char* message;
  } cases[] = {
      {R"j({"fieldPath":"spec.restartPolicy"})j", "unsupported fieldPath: spec.restartPolicy"},
      {R"j({"fieldPath":"spec.containers"})j", "field label not supported: spec.containers"},
      {R"j({"fieldPath":"spec.nodeName['x']"})j",
       "field label does not support subscript: spec.nodeName['x']"},
      {R"j({"apiVersion":"v2","fieldPath":"metadata.name"})j", "unsupported pod version: v2"},
  };
  for (const Case& c : cases) {
    auto pod =
        PodWithEnv(std::string(R"j({"name":"app","env":[{"name":"X","valueFrom":{"fieldRef":)j") +
                   c.field_ref + "}}]}");
    auto env = Build(pod);
    ASSERT_FALSE(env.ok()) << c.field_ref;
    EXPECT_EQ(env.status().message(), c.message);
  }
  auto no_host = Build(PodWithEnv(
      R"j({"name":"app","env":[{"name":"X","valueFrom":{"fieldRef":{"fieldPath":"status.hostIP"}}}]})j"));
  EXPECT_FALSE(no_host.ok());
}

TEST_F(EnvTest, ResourceFieldRefsDefaultMissingLimitsToAllocatable) {
  context_.node_allocatable = {{"cpu", *api::Quantity::Parse("4")},
                               {"memory", *api::Quantity::Parse("8Gi")}};
  auto pod = PodWithEnv(
      R"j({"name":"app","resources":{"requests":{"cpu":"250m","memory":"1500Ki"},"limits":{"cpu":"500m"}},
      "env":[
      {"name":"CPU_LIMIT_M","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu","divisor":"1m"}}},
      {"name":"CPU_LIMIT","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu"}}},
      {"name":"CPU_REQUEST","valueFrom":{"resourceFieldRef":{"resource":"requests.cpu","divisor":"0"}}},
      {"name":"MEM_LIMIT_MI","valueFrom":{"resourceFieldRef":{"resource":"limits.memory","divisor":"1Mi"}}},
      {"name":"MEM_REQUEST_MI","valueFrom":{"resourceFieldRef":{"resource":"requests.memory","divisor":"1Mi"}}},
      {"name":"OTHER_CPU","valueFrom":{"resourceFieldRef":{"containerName":"side","resource":"limits.cpu","divisor":"1m"}}}]})j");
  pod["spec"].as_object()["containers"].as_array().push_back(
      Json(R"j({"name":"side","resources":{}})j"));
  auto env = Build(pod);
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  auto m = AsMap(*env);
  EXPECT_EQ(m["CPU_LIMIT_M"], "500");
  EXPECT_EQ(m["CPU_LIMIT"], "1");  // rounded up
  EXPECT_EQ(m["CPU_REQUEST"], "1");
  EXPECT_EQ(m["MEM_LIMIT_MI"], "8192");  // the node's allocatable
  EXPECT_EQ(m["MEM_REQUEST_MI"], "2");   // 1500Ki is 1.46Mi
  EXPECT_EQ(m["OTHER_CPU"], "4000");

  auto bad = Build(PodWithEnv(
      R"j({"name":"app","env":[{"name":"X","valueFrom":{"resourceFieldRef":{"resource":"limits.pods"}}}]})j"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "unsupported container resource : limits.pods");
  auto no_container = Build(PodWithEnv(
      R"j({"name":"app","env":[{"name":"X","valueFrom":{"resourceFieldRef":{"containerName":"zz","resource":"limits.cpu"}}}]})j"));
  ASSERT_FALSE(no_container.ok());
  EXPECT_EQ(no_container.status().message(), "container zz not found");
}

TEST_F(EnvTest, ServiceLinksComeLastAndNeverDuplicate) {
  context_.services = {
      client::MakeObject(Json(R"j({"metadata":{"name":"kubernetes","namespace":"default"},
          "spec":{"clusterIP":"10.0.0.1","ports":[{"name":"https","port":443,"protocol":"TCP"}]}})j")),
      client::MakeObject(Json(R"j({"metadata":{"name":"db","namespace":"ns"},
          "spec":{"clusterIP":"10.0.0.20","ports":[{"port":5432}]}})j")),
      client::MakeObject(Json(R"j({"metadata":{"name":"other","namespace":"elsewhere"},
          "spec":{"clusterIP":"10.0.0.30","ports":[{"port":80}]}})j")),
  };
  auto pod = PodWithEnv(R"j({"name":"app","env":[{"name":"DB_SERVICE_HOST","value":"override"},
      {"name":"API","value":"https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)"}]})j");
  // enableServiceLinks: false still gives the master service.
  auto env = Build(pod);
  ASSERT_TRUE(env.ok());
  auto m = AsMap(*env);
  EXPECT_EQ(m["API"], "https://10.0.0.1:443");
  EXPECT_EQ(m.count("DB_PORT"), 0u);
  EXPECT_EQ(m["KUBERNETES_PORT_443_TCP_ADDR"], "10.0.0.1");
  EXPECT_EQ(Names(*env)[0], "DB_SERVICE_HOST");
  EXPECT_EQ(Names(*env)[1], "API");
  EXPECT_EQ(Names(*env)[2], "KUBERNETES_PORT");  // then service links, sorted

  pod["spec"].as_object()["enableServiceLinks"] = true;
  m = AsMap(*Build(pod));
  EXPECT_EQ(m["DB_SERVICE_HOST"], "override");
  EXPECT_EQ(m["DB_SERVICE_PORT"], "5432");
  EXPECT_EQ(m["DB_PORT"], "tcp://10.0.0.20:5432");
  EXPECT_EQ(m.count("OTHER_SERVICE_HOST"), 0u);
}

TEST_F(EnvTest, CommandArgsAndSubPathExpansion) {
  std::vector<EnvVar> env = {{"POD", "web-1"}, {"EMPTY", ""}, {"N", "3"}};
  auto c =
      Json(R"j({"command":["sh","-c","echo $(POD) $$(POD) $(MISSING)"],"args":["--n=$(N)"]})j");
  CommandAndArgs expanded = ExpandContainerCommandAndArgs(c, env);
  EXPECT_EQ(expanded.command,
            (std::vector<std::string>{"sh", "-c", "echo web-1 $(POD) $(MISSING)"}));
  EXPECT_EQ(expanded.args, (std::vector<std::string>{"--n=3"}));

  EXPECT_EQ(*ExpandSubPathExpr("logs/$(POD)", env), "logs/web-1");
  auto missing = ExpandSubPathExpr("$(ZED)/$(EMPTY)/$(POD)/$(ALPHA)", env);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "missing value for ALPHA, EMPTY, ZED");
}

}  // namespace
}  // namespace kubepp::kubelet::container
