#include "api/protobuf/schema.h"

#include <gtest/gtest.h>

#include "api/protobuf/protobuf.h"

namespace kubepp::api::protobuf {
namespace {

TEST(SchemaTest, BuiltInTableKnowsServedKinds) {
  const std::pair<const char*, const char*> kinds[] = {
      {"v1", "Pod"},
      {"v1", "PodList"},
      {"v1", "Service"},
      {"v1", "ConfigMap"},
      {"v1", "Secret"},
      {"v1", "Namespace"},
      {"v1", "Node"},
      {"v1", "Event"},
      {"v1", "ServiceAccount"},
      {"v1", "Endpoints"},
      {"v1", "PersistentVolumeClaim"},
      {"v1", "ResourceQuota"},
      {"v1", "LimitRange"},
      {"v1", "Binding"},
      {"v1", "Status"},
      {"v1", "DeleteOptions"},
      {"apps/v1", "DeleteOptions"},
      {"apps/v1", "Deployment"},
      {"apps/v1", "StatefulSet"},
      {"apps/v1", "DaemonSet"},
      {"apps/v1", "ReplicaSet"},
      {"apps/v1", "ControllerRevision"},
      {"batch/v1", "Job"},
      {"batch/v1", "CronJob"},
      {"autoscaling/v1", "Scale"},
      {"autoscaling/v1", "HorizontalPodAutoscaler"},
      {"autoscaling/v2", "HorizontalPodAutoscaler"},
      {"networking.k8s.io/v1", "Ingress"},
      {"networking.k8s.io/v1", "IngressClass"},
      {"networking.k8s.io/v1", "NetworkPolicy"},
      {"discovery.k8s.io/v1", "EndpointSlice"},
      {"coordination.k8s.io/v1", "Lease"},
      {"events.k8s.io/v1", "Event"},
      {"rbac.authorization.k8s.io/v1", "ClusterRole"},
      {"rbac.authorization.k8s.io/v1", "RoleBinding"},
      {"storage.k8s.io/v1", "StorageClass"},
      {"policy/v1", "PodDisruptionBudget"},
      {"policy/v1", "Eviction"},
      {"scheduling.k8s.io/v1", "PriorityClass"},
      {"authentication.k8s.io/v1", "TokenReview"},
      {"authentication.k8s.io/v1", "TokenRequest"},
      {"authorization.k8s.io/v1", "SelfSubjectAccessReview"},
      {"authorization.k8s.io/v1", "SubjectAccessReview"},
  };
  for (const auto& [av, kind] : kinds)
    EXPECT_TRUE(HasProtobufSchema(av, kind)) << av << " " << kind;
  EXPECT_FALSE(HasProtobufSchema("meta.k8s.io/v1", "Table"));
  EXPECT_FALSE(HasProtobufSchema("v1", "Deployment"));
  EXPECT_FALSE(HasProtobufSchema("example.com/v1", "Widget"));
}

TEST(SchemaTest, FieldsCarryJsonRules) {
  const Schema& s = Schema::Get();
  const Message* spec = s.FindMessage("apps.DeploymentSpec");
  ASSERT_NE(spec, nullptr);
  const Field* replicas = spec->FindNumber(1);
  ASSERT_NE(replicas, nullptr);
  EXPECT_EQ(replicas->json, "replicas");
  EXPECT_TRUE(replicas->pointer);
  const Message* volume = s.FindMessage("core.Volume");
  ASSERT_NE(volume, nullptr);
  ASSERT_NE(volume->FindNumber(2), nullptr);
  EXPECT_TRUE(volume->FindNumber(2)->inline_);
  const Message* secret = s.FindMessage("core.Secret");
  ASSERT_NE(secret, nullptr);
  EXPECT_EQ(secret->FindNumber(2)->type.kind, WireKind::kMap);
  EXPECT_EQ(secret->FindNumber(2)->map_value.kind, WireKind::kBytes);
  EXPECT_EQ(s.FindMessage("meta.ObjectMeta")->FindNumber(8)->type.message->special, Special::kTime);
  EXPECT_EQ(s.FindMessage("authn.ExtraValue")->special, Special::kListWrapper);
}

TEST(SchemaTest, ParsesItsNotation) {
  const char text[] = R"(
@t example.com/v1
!Widget metadata=1:meta.ObjectMeta? size=2:i*? parts=3:Part+? tags=4:{s,s}?
Part name=1:s
@meta meta.k8s.io/v1
ObjectMeta name=1:s?
)";
  std::string error;
  auto s = Schema::Parse({text}, &error);
  ASSERT_NE(s, nullptr) << error;
  const Message* w = s->FindKind("example.com/v1", "Widget");
  ASSERT_NE(w, nullptr);
  ASSERT_EQ(w->fields.size(), 4u);
  EXPECT_EQ(w->fields[2].type.message, s->FindMessage("t.Part"));
  EXPECT_TRUE(w->fields[2].repeated);
  EXPECT_TRUE(w->fields[1].pointer);
  EXPECT_EQ(w->fields[0].type.message, s->FindMessage("meta.ObjectMeta"));
}

TEST(SchemaTest, RejectsBrokenTables) {
  std::string error;
  EXPECT_EQ(Schema::Parse({"@t v1\nA x=1:Missing\n"}, &error), nullptr);
  EXPECT_NE(error.find("Missing"), std::string::npos) << error;
  EXPECT_EQ(Schema::Parse({"@t v1\nA x=1:s y=1:s\n"}, &error), nullptr);
  EXPECT_EQ(Schema::Parse({"@t v1\nA x=0:s\n"}, &error), nullptr);
  EXPECT_EQ(Schema::Parse({"A x=1:s\n"}, &error), nullptr);
  EXPECT_EQ(Schema::Parse({"@t v1\nA x=1:s%\n"}, &error), nullptr);
}

}  // namespace
}  // namespace kubepp::api::protobuf
