// The myblog walkthrough (examples/myblog) must validate clean once defaulted.
// The objects below are the manifests as the apiserver stores them after
// defaulting (and, for Services, after IP allocation).
#include <gtest/gtest.h>

#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

const char* kMyblogDeployment = R"({
  "apiVersion":"apps/v1","kind":"Deployment",
  "metadata":{"name":"myblog","namespace":"jds","uid":"6b0c0f5e-1","resourceVersion":"10","generation":1,
              "creationTimestamp":"2024-05-01T10:00:00Z"},
  "spec":{"replicas":1,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
    "selector":{"matchLabels":{"app":"myblog"}},
    "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
    "template":{"metadata":{"labels":{"app":"myblog"}},
      "spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler",
        "terminationGracePeriodSeconds":30,"securityContext":{},
        "containers":[{"name":"myblog","image":"10.2.2.10:5000/myblog:v1","imagePullPolicy":"IfNotPresent",
          "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
          "env":[
            {"name":"MYSQL_HOST","valueFrom":{"configMapKeyRef":{"name":"myblog","key":"MYSQL_HOST"}}},
            {"name":"MYSQL_PORT","valueFrom":{"configMapKeyRef":{"name":"myblog","key":"MYSQL_PORT"}}},
            {"name":"MYSQL_USER","valueFrom":{"secretKeyRef":{"name":"myblog","key":"MYSQL_USER"}}},
            {"name":"MYSQL_PASSWD","valueFrom":{"secretKeyRef":{"name":"myblog","key":"MYSQL_PASSWD"}}}],
          "ports":[{"containerPort":8002,"protocol":"TCP"}],
          "resources":{"requests":{"memory":"100Mi","cpu":"50m"},"limits":{"memory":"500Mi","cpu":"100m"}},
          "livenessProbe":{"httpGet":{"path":"/blog/index/","port":8002,"scheme":"HTTP"},"initialDelaySeconds":10,
                           "periodSeconds":15,"timeoutSeconds":2,"successThreshold":1,"failureThreshold":3},
          "readinessProbe":{"httpGet":{"path":"/blog/index/","port":8002,"scheme":"HTTP"},"initialDelaySeconds":10,
                            "timeoutSeconds":2,"periodSeconds":15,"successThreshold":1,"failureThreshold":3}}]}}}})";

const char* kMysqlDeployment = R"({
  "apiVersion":"apps/v1","kind":"Deployment",
  "metadata":{"name":"mysql","namespace":"jds"},
  "spec":{"replicas":1,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
    "selector":{"matchLabels":{"app":"mysql"}},
    "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
    "template":{"metadata":{"labels":{"app":"mysql"}},
      "spec":{"volumes":[{"name":"mysql-data","hostPath":{"path":"/opt/mysql/data","type":""}}],
        "nodeSelector":{"component":"mysql"},"hostNetwork":true,
        "restartPolicy":"Always","dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler",
        "terminationGracePeriodSeconds":30,"securityContext":{},
        "containers":[{"name":"mysql","image":"10.2.2.10:5000/mysql:5.7-utf8","imagePullPolicy":"IfNotPresent",
          "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
          "ports":[{"containerPort":3306,"hostPort":3306,"protocol":"TCP"}],
          "env":[
            {"name":"MYSQL_USER","valueFrom":{"secretKeyRef":{"name":"myblog","key":"MYSQL_USER"}}},
            {"name":"MYSQL_ROOT_PASSWORD","valueFrom":{"secretKeyRef":{"name":"myblog","key":"MYSQL_PASSWD"}}},
            {"name":"MYSQL_DATABASE","value":"myblog"}],
          "resources":{"requests":{"memory":"100Mi","cpu":"50m"},"limits":{"memory":"500Mi","cpu":"100m"}},
          "readinessProbe":{"tcpSocket":{"port":3306},"initialDelaySeconds":5,"periodSeconds":10,
                            "timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
          "livenessProbe":{"tcpSocket":{"port":3306},"initialDelaySeconds":15,"periodSeconds":20,
                           "timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
          "volumeMounts":[{"name":"mysql-data","mountPath":"/var/lib/mysql"}]}]}}}})";

std::string Service(const std::string& name, const std::string& type, int port, int target,
                    const std::string& app, const std::string& extra) {
  return R"({"apiVersion":"v1","kind":"Service","metadata":{"name":")" + name +
         R"(","namespace":"jds"},
    "spec":{"ports":[{"port":)" +
         std::to_string(port) + R"(,"protocol":"TCP","targetPort":)" + std::to_string(target) +
         extra + R"(}],"selector":{"app":")" + app + R"("},"type":")" + type + R"(",
      "sessionAffinity":"None","clusterIP":"10.96.0.12","clusterIPs":["10.96.0.12"],"ipFamilies":["IPv4"],
      "ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster")" +
         (type == "NodePort" ? R"(,"externalTrafficPolicy":"Cluster")" : "") + "}}";
}

std::string Ingress(const std::string& name, const std::string& paths,
                    const std::string& extra_spec = "", const std::string& annotations = "") {
  return R"({"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":")" + name +
         R"(","namespace":"jds")" + annotations +
         R"(},"spec":{"rules":[{"host":"myblog.jds.com","http":{"paths":)" + paths + "}}]" +
         extra_spec + "}}";
}

std::string Path(const std::string& path, const std::string& type, const std::string& svc,
                 int port) {
  return R"({"path":")" + path + R"(","pathType":")" + type +
         R"(","backend":{"service":{"name":")" + svc + R"(","port":{"number":)" +
         std::to_string(port) + "}}}}";
}

TEST(Myblog, NamespaceConfigMapSecret) {
  EXPECT_TRUE(
      Create(
          Res("", "Namespace", false),
          R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"jds"},"spec":{"finalizers":["kubernetes"]}})")
          .empty());
  EXPECT_TRUE(
      Create(
          Res("", "ConfigMap"),
          R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"myblog","namespace":"jds"},
                         "data":{"MYSQL_HOST":"mysql","MYSQL_PORT":"3306"}})")
          .empty());
  // stringData already folded into data (base64), as stored.
  EXPECT_TRUE(
      Create(
          Res("", "Secret"),
          R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"myblog","namespace":"jds"},"type":"Opaque",
                         "data":{"MYSQL_USER":"cm9vdA==","MYSQL_PASSWD":"MTIzNDU2"}})")
          .empty());
}

TEST(Myblog, Deployments) {
  EXPECT_THAT(Create(Res("apps", "Deployment"), kMyblogDeployment), ::testing::IsEmpty());
  EXPECT_THAT(Create(Res("apps", "Deployment"), kMysqlDeployment), ::testing::IsEmpty());
}

TEST(Myblog, Services) {
  EXPECT_THAT(Create(Res("", "Service"), Service("myblog", "ClusterIP", 80, 8002, "myblog", "")),
              ::testing::IsEmpty());
  EXPECT_THAT(Create(Res("", "Service"), Service("mysql", "ClusterIP", 3306, 3306, "mysql", "")),
              ::testing::IsEmpty());
  EXPECT_THAT(Create(Res("", "Service"),
                     Service("myblog-np", "NodePort", 80, 8002, "myblog", R"(,"nodePort":30080)")),
              ::testing::IsEmpty());
}

TEST(Myblog, Ingresses) {
  auto r = Res("networking.k8s.io", "Ingress");
  EXPECT_THAT(Create(r, Ingress("myblog", "[" + Path("/", "Prefix", "myblog", 80) + "]")),
              ::testing::IsEmpty());
  EXPECT_THAT(Create(r, Ingress("simple-fanout-example",
                                "[" + Path("/foo", "Prefix", "service1", 4200) + "," +
                                    Path("/bar", "Prefix", "service2", 8080) + "," +
                                    Path("/", "Prefix", "myblog", 80) + "]")),
              ::testing::IsEmpty());
  EXPECT_THAT(
      Create(
          r,
          Ingress("rewrite-path",
                  "[" + Path("/foo/(.*)", "ImplementationSpecific", "myblog", 80) + "]", "",
                  R"(,"annotations":{"nginx.ingress.kubernetes.io/rewrite-target":"/admin/$1"})")),
      ::testing::IsEmpty());
  EXPECT_THAT(
      Create(r, Ingress("myblog-tls", "[" + Path("/", "Prefix", "myblog", 80) + "]",
                        R"(,"tls":[{"hosts":["myblog.jds.com"],"secretName":"https-secret"}])")),
      ::testing::IsEmpty());
}

TEST(Myblog, DeploymentUpdateKeepsSelector) {
  std::string now = kMyblogDeployment;
  EXPECT_THAT(Update(Res("apps", "Deployment"), now, kMyblogDeployment), ::testing::IsEmpty());
  std::string changed = now;
  changed.replace(changed.find(R"("matchLabels":{"app":"myblog"})"), 30,
                  R"("matchLabels":{"app":"other1"})");
  EXPECT_THAT(Update(Res("apps", "Deployment"), changed, kMyblogDeployment),
              ::testing::ElementsAre(
                  "spec.template.metadata.labels: Invalid value: "
                  "map[string]string{\"app\":\"myblog\"}: `selector` "
                  "does not match template `labels`",
                  "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"
                  "\"app\":\"other1\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: "
                  "field is immutable"));
}

}  // namespace
}  // namespace kubepp::api::testing
