// Odd shapes (wrong JSON types, missing sections) produce errors, never crashes.
#include <gtest/gtest.h>

#include "unit/api/validation/test_util.h"

namespace kubepp::api::testing {
namespace {

TEST(Robustness, WrongTypesAreReportedNotThrown) {
  const std::vector<ResourceInfo> kinds = {Res("", "Pod"),
                                           Res("apps", "Deployment"),
                                           Res("apps", "StatefulSet"),
                                           Res("apps", "DaemonSet"),
                                           Res("", "Service"),
                                           Res("batch", "Job"),
                                           Res("batch", "CronJob"),
                                           Res("networking.k8s.io", "Ingress"),
                                           Res("", "Secret"),
                                           Res("rbac.authorization.k8s.io", "RoleBinding"),
                                           Res("", "Node", false)};
  const std::vector<std::string> bodies = {
      R"({})", R"({"metadata":"x","spec":"y"})",
      R"({"metadata":{"name":"a","namespace":"d","labels":[1]},"spec":{"containers":{"a":1},"template":[],"ports":"80",
          "selector":"app=x","rules":5,"jobTemplate":null,"schedule":7}})",
      R"({"metadata":{"name":"a","namespace":"d"},"spec":{"template":{"spec":{"containers":[1,"x",null,{"ports":[7]}]}}}})"};
  for (const auto& r : kinds) {
    for (const auto& body : bodies) {
      auto errs = ValidateCreate(r, J(body));
      if (body == "{}") {
        EXPECT_FALSE(errs.empty()) << r.kind;  // no name at least
      }
      for (const auto& e : errs)
        EXPECT_NE(e.type, "InternalError") << r.kind << ": " << validation::ErrorString(e);
      auto update = ValidateUpdate(r, J(body), J(body));
      for (const auto& e : update)
        EXPECT_NE(e.type, "InternalError") << r.kind << ": " << validation::ErrorString(e);
    }
  }
}

TEST(Robustness, UnknownKindsGetObjectMetaOnly) {
  EXPECT_TRUE(Create(Res("example.com", "Widget"),
                     R"({"metadata":{"name":"w","namespace":"d"},"spec":{"anything":1}})")
                  .empty());
  EXPECT_THAT(Create(Res("example.com", "Widget"), R"({"metadata":{"name":"W","namespace":"d"}})"),
              ::testing::ElementsAre("metadata.name: Invalid value: \"W\": " + kSubdomainMsg));
}

TEST(Robustness, GroupQualifiedKindInStatus) {
  auto errs = ValidateCreate(Res("networking.k8s.io", "Ingress"),
                             J(R"({"metadata":{"name":"i","namespace":"d"},"spec":{}})"));
  Status st = InvalidStatus(Res("networking.k8s.io", "Ingress"), "i", errs);
  EXPECT_EQ(st.message(),
            "Ingress.networking.k8s.io \"i\" is invalid: spec: Invalid value: "
            "[]networking.IngressRule(nil): either "
            "`defaultBackend` or `rules` must be specified");
}

}  // namespace
}  // namespace kubepp::api::testing
