#include "api/resources/catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace kubepp::api {
namespace {

using Strings = std::vector<std::string>;

const Strings kAllVerbs = {"create", "delete", "deletecollection", "get",
                           "list",   "patch",  "update",           "watch"};

TEST(CatalogTest, FindsPods) {
  const ResourceInfo* pods = Catalog::Get().Find("", "v1", "pods");
  ASSERT_NE(pods, nullptr);
  EXPECT_EQ(pods->kind, "Pod");
  EXPECT_EQ(pods->singular, "pod");
  EXPECT_TRUE(pods->namespaced);
  EXPECT_EQ(pods->verbs, kAllVerbs);
  EXPECT_EQ(pods->short_names, Strings{"po"});
  EXPECT_EQ(pods->categories, Strings{"all"});
  EXPECT_EQ(pods->subresources, (Strings{"attach", "binding", "ephemeralcontainers", "eviction",
                                         "exec", "log", "portforward", "proxy", "status"}));
  EXPECT_EQ(pods->ApiVersion(), "v1");
  EXPECT_TRUE(pods->preferred_version);
  EXPECT_FALSE(pods->virtual_resource);
  EXPECT_EQ(pods->storage_resource, "pods");
}

TEST(CatalogTest, SubresourceKinds) {
  const ResourceInfo* pods = Catalog::Get().Find("", "v1", "pods");
  ASSERT_NE(pods, nullptr);
  const SubresourceInfo* ev = pods->FindSubresource("eviction");
  ASSERT_NE(ev, nullptr);
  EXPECT_EQ(ev->group, "policy");
  EXPECT_EQ(ev->version, "v1");
  EXPECT_EQ(ev->kind, "Eviction");
  EXPECT_EQ(ev->verbs, Strings{"create"});
  const SubresourceInfo* exec = pods->FindSubresource("exec");
  ASSERT_NE(exec, nullptr);
  EXPECT_EQ(exec->kind, "PodExecOptions");
  EXPECT_EQ(exec->verbs, (Strings{"create", "get"}));
  EXPECT_EQ(pods->FindSubresource("scale"), nullptr);

  const ResourceInfo* deploy = Catalog::Get().Find("apps", "v1", "deployments");
  ASSERT_NE(deploy, nullptr);
  const SubresourceInfo* scale = deploy->FindSubresource("scale");
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ(scale->group, "autoscaling");
  EXPECT_EQ(scale->kind, "Scale");
  EXPECT_EQ(scale->verbs, (Strings{"get", "patch", "update"}));
  EXPECT_TRUE(deploy->HasSubresource("status"));
}

TEST(CatalogTest, FindKind) {
  const ResourceInfo* d = Catalog::Get().FindKind("apps", "v1", "Deployment");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->resource, "deployments");
  EXPECT_EQ(Catalog::Get().FindKind("apps", "v1", "Pod"), nullptr);
  EXPECT_EQ(Catalog::Get().FindKind("", "v1", "Deployment"), nullptr);
  const ResourceInfo* ep = Catalog::Get().FindKind("", "v1", "Endpoints");
  ASSERT_NE(ep, nullptr);
  EXPECT_EQ(ep->singular, "endpoints");
}

TEST(CatalogTest, UnknownIsNull) {
  EXPECT_EQ(Catalog::Get().Find("", "v1", "nosuch"), nullptr);
  EXPECT_EQ(Catalog::Get().Find("apps", "v2", "deployments"), nullptr);
  EXPECT_EQ(Catalog::Get().Find("", "v1", "deployments"), nullptr);
  EXPECT_EQ(Catalog::Get().Resolve("nosuch"), nullptr);
}

TEST(CatalogTest, ShortNames) {
  struct Case {
    const char* short_name;
    const char* group;
    const char* resource;
  };
  const Case cases[] = {
      {"deploy", "apps", "deployments"},
      {"po", "", "pods"},
      {"svc", "", "services"},
      {"ns", "", "namespaces"},
      {"cm", "", "configmaps"},
      {"ep", "", "endpoints"},
      {"ev", "", "events"},
      {"hpa", "autoscaling", "horizontalpodautoscalers"},
      {"netpol", "networking.k8s.io", "networkpolicies"},
      {"pdb", "policy", "poddisruptionbudgets"},
      {"pc", "scheduling.k8s.io", "priorityclasses"},
      {"sc", "storage.k8s.io", "storageclasses"},
      {"sts", "apps", "statefulsets"},
      {"ds", "apps", "daemonsets"},
      {"rs", "apps", "replicasets"},
      {"rc", "", "replicationcontrollers"},
      {"cj", "batch", "cronjobs"},
      {"sa", "", "serviceaccounts"},
      {"pv", "", "persistentvolumes"},
      {"pvc", "", "persistentvolumeclaims"},
      {"quota", "", "resourcequotas"},
      {"limits", "", "limitranges"},
      {"ing", "networking.k8s.io", "ingresses"},
      {"cs", "", "componentstatuses"},
      {"no", "", "nodes"},
  };
  for (const auto& c : cases) {
    const ResourceInfo* r = Catalog::Get().Resolve(c.short_name);
    ASSERT_NE(r, nullptr) << c.short_name;
    EXPECT_EQ(r->group, c.group) << c.short_name;
    EXPECT_EQ(r->resource, c.resource) << c.short_name;
    EXPECT_TRUE(r->preferred_version) << c.short_name;
  }
}

TEST(CatalogTest, ResolveQualifiedAndSingular) {
  const ResourceInfo* r = Catalog::Get().Resolve("deployment");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->resource, "deployments");
  r = Catalog::Get().Resolve("events.events.k8s.io");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->group, "events.k8s.io");
  r = Catalog::Get().Resolve("hpa.autoscaling");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->version, "v2");
  r = Catalog::Get().Resolve("endpointslices.discovery.k8s.io");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, "EndpointSlice");
  EXPECT_EQ(Catalog::Get().Resolve("pods.apps"), nullptr);
}

TEST(CatalogTest, HorizontalPodAutoscalerVersions) {
  const Catalog& c = Catalog::Get();
  const ResourceInfo* v2 = c.Find("autoscaling", "v2", "horizontalpodautoscalers");
  const ResourceInfo* v1 = c.Find("autoscaling", "v1", "horizontalpodautoscalers");
  ASSERT_NE(v2, nullptr);
  ASSERT_NE(v1, nullptr);
  EXPECT_TRUE(v2->preferred_version);
  EXPECT_FALSE(v1->preferred_version);
  EXPECT_EQ(v1->storage_resource, v2->storage_resource);
  EXPECT_EQ(c.PreferredVersion("autoscaling"), "v2");
  EXPECT_EQ(c.VersionsOf("autoscaling"), (Strings{"v2", "v1"}));
  EXPECT_EQ(c.FindPreferred("autoscaling", "hpa"), v2);
}

TEST(CatalogTest, EventsShareStorage) {
  const ResourceInfo* core = Catalog::Get().Find("", "v1", "events");
  const ResourceInfo* ev = Catalog::Get().Find("events.k8s.io", "v1", "events");
  ASSERT_NE(core, nullptr);
  ASSERT_NE(ev, nullptr);
  EXPECT_EQ(ev->storage_group, "");
  EXPECT_EQ(ev->storage_resource, "events");
  EXPECT_EQ(core->storage_group, ev->storage_group);
}

TEST(CatalogTest, GroupOrderFollowsUpstreamPriority) {
  Strings got;
  for (const auto& gv : Catalog::Get().group_versions()) got.push_back(gv.ApiVersion());
  const Strings want = {"v1",
                        "apps/v1",
                        "events.k8s.io/v1",
                        "authentication.k8s.io/v1",
                        "authorization.k8s.io/v1",
                        "autoscaling/v2",
                        "autoscaling/v1",
                        "batch/v1",
                        "networking.k8s.io/v1",
                        "policy/v1",
                        "rbac.authorization.k8s.io/v1",
                        "storage.k8s.io/v1",
                        "scheduling.k8s.io/v1",
                        "coordination.k8s.io/v1",
                        "discovery.k8s.io/v1",
                        "metrics.k8s.io/v1beta1"};
  EXPECT_EQ(got, want);
}

TEST(CatalogTest, ResourcesSortedWithinGroupVersion) {
  const auto& rs = Catalog::Get().resources();
  for (size_t i = 1; i < rs.size(); ++i) {
    if (rs[i].group == rs[i - 1].group && rs[i].version == rs[i - 1].version) {
      EXPECT_LT(rs[i - 1].resource, rs[i].resource);
    }
  }
}

TEST(CatalogTest, VirtualResources) {
  const Catalog& c = Catalog::Get();
  for (const char* name : {"selfsubjectaccessreviews", "selfsubjectrulesreviews"}) {
    const ResourceInfo* r = c.Find("authorization.k8s.io", "v1", name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_TRUE(r->virtual_resource);
    EXPECT_FALSE(r->namespaced);
    EXPECT_EQ(r->verbs, Strings{"create"});
  }
  const ResourceInfo* ssr = c.Find("authentication.k8s.io", "v1", "selfsubjectreviews");
  ASSERT_NE(ssr, nullptr);
  EXPECT_TRUE(ssr->virtual_resource);
  const ResourceInfo* b = c.Find("", "v1", "bindings");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->verbs, Strings{"create"});
  EXPECT_TRUE(b->virtual_resource);
  const ResourceInfo* cs = c.Find("", "v1", "componentstatuses");
  ASSERT_NE(cs, nullptr);
  EXPECT_EQ(cs->verbs, (Strings{"get", "list"}));
  EXPECT_FALSE(cs->namespaced);
}

TEST(CatalogTest, ResourceMetrics) {
  const Catalog& c = Catalog::Get();
  const ResourceInfo* nodes = c.Find("metrics.k8s.io", "v1beta1", "nodes");
  ASSERT_NE(nodes, nullptr);
  EXPECT_EQ(nodes->kind, "NodeMetrics");
  EXPECT_FALSE(nodes->namespaced);
  EXPECT_EQ(nodes->verbs, (Strings{"get", "list"}));
  EXPECT_TRUE(nodes->virtual_resource);
  const ResourceInfo* pods = c.Find("metrics.k8s.io", "v1beta1", "pods");
  ASSERT_NE(pods, nullptr);
  EXPECT_EQ(pods->kind, "PodMetrics");
  EXPECT_TRUE(pods->namespaced);
  // Unqualified names still mean the core resources.
  EXPECT_EQ(c.Resolve("nodes")->group, "");
  EXPECT_EQ(c.Resolve("pods")->group, "");
  EXPECT_EQ(c.Resolve("pods.metrics.k8s.io"), pods);
  EXPECT_EQ(c.Resolve(""), nullptr);
}

TEST(CatalogTest, NamespacesHaveNoDeleteCollection) {
  const ResourceInfo* ns = Catalog::Get().Find("", "v1", "namespaces");
  ASSERT_NE(ns, nullptr);
  EXPECT_FALSE(ns->namespaced);
  EXPECT_FALSE(ns->HasVerb("deletecollection"));
  EXPECT_TRUE(ns->HasVerb("watch"));
  EXPECT_EQ(ns->subresources, (Strings{"finalize", "status"}));
}

TEST(CatalogTest, CategoryAll) {
  std::set<std::string> got;
  for (const ResourceInfo* r : Catalog::Get().InCategory("all")) got.insert(r->resource);
  const std::set<std::string> want = {"pods",         "replicationcontrollers",
                                      "services",     "daemonsets",
                                      "deployments",  "replicasets",
                                      "statefulsets", "horizontalpodautoscalers",
                                      "cronjobs",     "jobs"};
  EXPECT_EQ(got, want);
}

TEST(CatalogTest, EveryResourceIsConsistent) {
  std::set<std::string> seen;
  for (const auto& r : Catalog::Get().resources()) {
    EXPECT_TRUE(seen.insert(r.ApiVersion() + "/" + r.resource).second) << r.resource;
    EXPECT_FALSE(r.kind.empty());
    // Only the resource metrics have no singular name (as metrics-server serves them).
    EXPECT_EQ(r.singular.empty(), r.group == "metrics.k8s.io") << r.resource;
    EXPECT_FALSE(r.verbs.empty());
    EXPECT_EQ(r.subresources.size(), r.subresource_infos.size());
    if (!r.virtual_resource) {
      EXPECT_FALSE(r.storage_resource.empty()) << r.resource;
      EXPECT_FALSE(r.etcd_prefix.empty()) << r.resource;
    }
    EXPECT_EQ(Catalog::Get().Find(r.group, r.version, r.resource), &r);
  }
}

}  // namespace
}  // namespace kubepp::api
