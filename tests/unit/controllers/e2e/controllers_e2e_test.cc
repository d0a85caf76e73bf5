// The controllers of this branch together against a real `kubepp apiserver`
// on loopback, through RestClient and real informers: what the fakes cannot
// show — the apiserver's validation of what the controllers write, its
// propagationPolicy finalizers, namespaces/{name}/finalize. Skipped when the
// kubepp binary is not built.
#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

#include "client/informer.h"
#include "client/rest_client.h"
#include "controllers/endpoints/endpoints.h"
#include "controllers/endpointslice/endpointslice.h"
#include "controllers/garbagecollector/garbagecollector.h"
#include "controllers/namespace/namespace.h"
#include "controllers/nodeipam/nodeipam.h"
#include "controllers/nodelifecycle/nodelifecycle.h"
#include "controllers/nodelifecycle/taints.h"
#include "controllers/serviceaccount/serviceaccount.h"
#include "controllers/util/object_fields.h"
// The client tests' server harness, compiled into this binary too (test
// binaries take only their own folder's sources).
#include "unit/client/rest/kubepp_server.cc"  // NOLINT(bugprone-suspicious-include)
#include "unit/controllers/informer_test_env.h"

namespace kubepp::controllers {
namespace {
using testing::WaitFor;

TEST(ControllersE2E, AgainstARealApiserver) {
  auto server = client::testing::KubeppServer::Start();
  if (!server.ok() && server.status().IsNotFound()) GTEST_SKIP() << server.status().message();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  auto rc = client::NewRestClient((*server)->config());
  ASSERT_TRUE(rc.ok()) << rc.status().ToString();
  auto& api = **rc;
  auto informers = client::InformerFactory::Create(api);
  testing::MemoryRecorder recorder;
  ControllerContext ctx{api, *informers, Clock::Real(), {}, [&](std::string_view) -> client::EventRecorder& { return recorder; }};
  ctx.options.root_ca_pem = "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n";
  ctx.options.node_monitor_grace_period = std::chrono::seconds(2);
  ctx.options.node_monitor_period = std::chrono::seconds(1);
  std::vector<std::unique_ptr<Controller>> cs;
  for (auto reg : {MakeServiceAccountRegistration(), MakeRootCaCertPublisherRegistration(), MakeNamespaceRegistration(),
                   MakeGarbageCollectorRegistration(), MakeEndpointsRegistration(), MakeEndpointSliceRegistration(),
                   MakeNodeIpamRegistration(), MakeNodeLifecycleRegistration()}) {
    cs.push_back(reg.create(ctx));
  }
  informers->Start();
  ASSERT_TRUE(informers->WaitForSync(std::chrono::seconds(30)));
  for (auto& c : cs) c->Start();

  auto R = [](const char* g, const char* r) { return client::Resource::Of(g, r); };
  auto get = [&](const client::Resource& r, std::string_view ns, std::string_view name) -> client::ObjectPtr {
    auto g = api.Get(r, ns, name);
    return g.ok() ? *g : nullptr;
  };
  ASSERT_TRUE(api.Create(R("", "namespaces"), "", {{"metadata", {{"name", "e2e"}}}}).ok());
  EXPECT_TRUE(WaitFor([&] { return get(R("", "serviceaccounts"), "e2e", "default") != nullptr; }));
  EXPECT_TRUE(WaitFor([&] { return get(R("", "configmaps"), "e2e", "kube-root-ca.crt") != nullptr; }));

  // Service + pod -> endpoints and slices.
  auto svc = api.Create(R("", "services"), "e2e",
                        {{"metadata", {{"name", "web"}}},
                         {"spec", {{"selector", {{"app", "web"}}}, {"ports", {{{"port", 80}, {"targetPort", "http"}}}}}}});
  ASSERT_TRUE(svc.ok()) << svc.status().ToString();
  auto pod = api.Create(R("", "pods"), "e2e",
                        {{"metadata", {{"name", "p"}, {"labels", {{"app", "web"}}}}},
                         {"spec", {{"containers", {{{"name", "c"}, {"image", "i"}, {"ports", {{{"name", "http"}, {"containerPort", 8080}}}}}}}}}});
  ASSERT_TRUE(pod.ok()) << pod.status().ToString();
  boost::json::object st = **pod;
  st["status"] = boost::json::object{{"phase", "Running"}, {"podIP", "10.244.0.5"}, {"podIPs", {{{"ip", "10.244.0.5"}}}},
                                     {"conditions", {{{"type", "Ready"}, {"status", "True"}}}}};
  auto upd = api.Update(R("", "pods"), "e2e", st, "status");
  ASSERT_TRUE(upd.ok()) << upd.status().ToString();
  EXPECT_TRUE(WaitFor([&] {
    auto ep = get(R("", "endpoints"), "e2e", "web");
    return ep && util::ArrayAt(*ep, {"subsets"});
  }));
  EXPECT_TRUE(WaitFor([&] {
    auto l = api.List(R("discovery.k8s.io", "endpointslices"), "e2e", {});
    if (!l.ok() || l->items.size() != 1) return false;
    const auto* eps = util::ArrayAt(*l->items[0], {"endpoints"});
    return eps && eps->size() == 1;
  }));

  // Foreground deletion through the GC.
  auto cm_owner = api.Create(R("", "configmaps"), "e2e", {{"metadata", {{"name", "owner"}}}});
  ASSERT_TRUE(cm_owner.ok());
  auto dep = api.Create(R("", "configmaps"), "e2e",
                        {{"metadata", {{"name", "dep"}, {"ownerReferences", {{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "owner"}, {"uid", client::UidOf(**cm_owner)}, {"blockOwnerDeletion", true}}}}}}});
  ASSERT_TRUE(dep.ok()) << dep.status().ToString();
  client::DeleteOptions fg;
  fg.propagation_policy = "Foreground";
  ASSERT_TRUE(api.Delete(R("", "configmaps"), "e2e", "owner", fg).ok());
  EXPECT_TRUE(WaitFor([&] { return get(R("", "configmaps"), "e2e", "owner") == nullptr && get(R("", "configmaps"), "e2e", "dep") == nullptr; }, std::chrono::seconds(20)));
  // Dangling.
  ASSERT_TRUE(api.Create(R("", "configmaps"), "e2e",
                         {{"metadata", {{"name", "dangling"}, {"ownerReferences", {{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "nobody"}, {"uid", "00000000-0000-0000-0000-000000000000"}}}}}}})
                  .ok());
  EXPECT_TRUE(WaitFor([&] { return get(R("", "configmaps"), "e2e", "dangling") == nullptr; }, std::chrono::seconds(20)));

  // Node IPAM.
  ASSERT_TRUE(api.Create(R("", "nodes"), "", {{"metadata", {{"name", "n1"}}}}).ok());
  EXPECT_TRUE(WaitFor([&] {
    auto n = get(R("", "nodes"), "", "n1");
    return n && !util::StringAt(*n, {"spec", "podCIDR"}).empty();
  }));

  // A node whose kubelet reported once, then stopped: Unknown after the (shortened) grace, then tainted.
  {
    auto n = get(R("", "nodes"), "", "n1");
    ASSERT_NE(n, nullptr);
    boost::json::object ready = *n;
    auto now = util::FormatTime(Clock::Real().Now());
    ready["status"] = boost::json::object{
        {"conditions", {{{"type", "Ready"}, {"status", "True"}, {"reason", "KubeletReady"}, {"lastHeartbeatTime", now}, {"lastTransitionTime", now}}}}};
    auto written = api.Update(R("", "nodes"), "", ready, "status");
    ASSERT_TRUE(written.ok()) << written.status().ToString();
  }
  EXPECT_TRUE(WaitFor(
      [&] {
        auto n = get(R("", "nodes"), "", "n1");
        if (!n) return false;
        bool unreachable = false;
        for (const auto& t : TaintsOf(*n)) unreachable |= t.key == kTaintUnreachable && t.effect == "NoExecute";
        return unreachable;
      },
      std::chrono::seconds(90)));

  // Namespace deletion end to end.
  ASSERT_TRUE(api.Delete(R("", "namespaces"), "", "e2e").ok());
  EXPECT_TRUE(WaitFor([&] { return get(R("", "namespaces"), "", "e2e") == nullptr; }, std::chrono::seconds(60)));
  if (auto ns = get(R("", "namespaces"), "", "e2e")) ADD_FAILURE() << boost::json::serialize(*ns);

  for (auto& c : cs) c->Stop();
  informers->Stop();
}

}  // namespace
}  // namespace kubepp::controllers
