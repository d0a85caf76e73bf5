#include "api/openapi/operations.h"

#include <gtest/gtest.h>

namespace kubepp::api::openapi {
namespace {

TEST(Operations, NamesFollowUpstreamsOperationIds) {
  EXPECT_EQ(GroupTag(""), "core");
  EXPECT_EQ(GroupTag("rbac.authorization.k8s.io"), "rbacAuthorization");
  EXPECT_EQ(GroupVersionTag("networking.k8s.io", "v1"), "networking_v1");
  EXPECT_EQ(GroupVersionCamel("", "v1"), "CoreV1");
  EXPECT_EQ(GroupVersionCamel("autoscaling", "v2"), "AutoscalingV2");
  EXPECT_EQ(GroupCamel("rbac.authorization.k8s.io"), "RbacAuthorization");
}

TEST(Operations, ClusterScopedResourceWithSomeVerbs) {
  ResourceInfo r;
  r.group = "storage.k8s.io";
  r.version = "v1";
  r.resource = "storageclasses";
  r.kind = "StorageClass";
  r.namespaced = false;
  r.verbs = {"get", "list", "patch"};
  auto items = ResourcePaths(r, SchemaRegistry::Get());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].path, "/apis/storage.k8s.io/v1/storageclasses");
  ASSERT_EQ(items[0].ops.size(), 1u);
  EXPECT_EQ(items[0].ops[0].operation_id, "listStorageV1StorageClass");
  EXPECT_EQ(items[0].ops[0].response_type, "io.k8s.api.storage.v1.StorageClassList");
  EXPECT_EQ(items[1].path, "/apis/storage.k8s.io/v1/storageclasses/{name}");
  ASSERT_EQ(items[1].ops.size(), 2u);
  EXPECT_EQ(items[1].ops[1].operation_id, "patchStorageV1StorageClass");
  EXPECT_EQ(items[1].ops[1].action, "patch");
  ASSERT_TRUE(items[1].ops[1].gvk.has_value());
  EXPECT_EQ(items[1].ops[1].gvk->kind, "StorageClass");
  // No watch verb, no namespaces: no watch or all-namespaces paths.
  for (const auto& item : items) EXPECT_EQ(item.path.find("watch"), std::string::npos);
}

TEST(Operations, NamespacedResourceGetsWatchAndAllNamespacesPaths) {
  ResourceInfo r;
  r.group = "";
  r.version = "v1";
  r.resource = "configmaps";
  r.kind = "ConfigMap";
  r.verbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
  std::vector<std::string> ids;
  for (const auto& item : ResourcePaths(r, SchemaRegistry::Get())) {
    for (const auto& op : item.ops) ids.push_back(item.path + " " + op.operation_id);
  }
  std::vector<std::string> want = {
      "/api/v1/namespaces/{namespace}/configmaps listCoreV1NamespacedConfigMap",
      "/api/v1/namespaces/{namespace}/configmaps createCoreV1NamespacedConfigMap",
      "/api/v1/namespaces/{namespace}/configmaps deleteCoreV1CollectionNamespacedConfigMap",
      "/api/v1/namespaces/{namespace}/configmaps/{name} readCoreV1NamespacedConfigMap",
      "/api/v1/namespaces/{namespace}/configmaps/{name} replaceCoreV1NamespacedConfigMap",
      "/api/v1/namespaces/{namespace}/configmaps/{name} deleteCoreV1NamespacedConfigMap",
      "/api/v1/namespaces/{namespace}/configmaps/{name} patchCoreV1NamespacedConfigMap",
      "/api/v1/watch/namespaces/{namespace}/configmaps watchCoreV1NamespacedConfigMapList",
      "/api/v1/watch/namespaces/{namespace}/configmaps/{name} watchCoreV1NamespacedConfigMap",
      "/api/v1/configmaps listCoreV1ConfigMapForAllNamespaces",
      "/api/v1/watch/configmaps watchCoreV1ConfigMapListForAllNamespaces",
  };
  EXPECT_EQ(ids, want);
}

}  // namespace
}  // namespace kubepp::api::openapi
