#include "controllers/serviceaccount/serviceaccount.h"

#include <gtest/gtest.h>

#include "controllers/util/object_fields.h"
#include "unit/controllers/informer_test_env.h"

namespace kubepp::controllers {
namespace {

using testing::InformerTestEnv;
using testing::WaitFor;

const client::Resource kNamespaces = client::Resource::Of("", "namespaces");
const client::Resource kServiceAccounts = client::Resource::Of("", "serviceaccounts");
const client::Resource kConfigMaps = client::Resource::Of("", "configmaps");

boost::json::object Namespace(std::string name) {
  return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}, {"status", {{"phase", "Active"}}}};
}

TEST(ServiceAccountController, CreatesDefaultInEveryActiveNamespace) {
  InformerTestEnv env;
  env.client().Seed(kNamespaces, Namespace("a"));
  env.client().Seed(kNamespaces, Namespace("b"));
  auto terminating = Namespace("gone");
  terminating["metadata"].as_object()["deletionTimestamp"] = "2026-01-01T00:00:00Z";
  terminating["status"].as_object()["phase"] = "Terminating";
  env.client().Seed(kNamespaces, terminating);
  env.Start(MakeServiceAccountRegistration());

  EXPECT_TRUE(WaitFor([&] { return env.Get(kServiceAccounts, "a", "default") && env.Get(kServiceAccounts, "b", "default"); }));
  env.client().Create(kNamespaces, "", Namespace("c"));
  EXPECT_TRUE(WaitFor([&] { return env.Get(kServiceAccounts, "c", "default") != nullptr; }));
  EXPECT_EQ(env.Get(kServiceAccounts, "gone", "default"), nullptr);
}

TEST(ServiceAccountController, RecreatesDeletedDefault) {
  InformerTestEnv env;
  env.client().Seed(kNamespaces, Namespace("a"));
  env.Start(MakeServiceAccountRegistration());
  ASSERT_TRUE(WaitFor([&] { return env.Get(kServiceAccounts, "a", "default") != nullptr; }));
  std::string uid(client::UidOf(*env.Get(kServiceAccounts, "a", "default")));
  ASSERT_TRUE(env.client().Delete(kServiceAccounts, "a", "default").ok());
  EXPECT_TRUE(WaitFor([&] {
    auto sa = env.Get(kServiceAccounts, "a", "default");
    return sa && client::UidOf(*sa) != uid;
  }));
}

TEST(RootCaCertPublisher, PublishesAndRestoresTheCa) {
  InformerTestEnv env;
  env.options().root_ca_pem = "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n";
  env.client().Seed(kNamespaces, Namespace("a"));
  env.Start(MakeRootCaCertPublisherRegistration());
  ASSERT_TRUE(WaitFor([&] { return env.Get(kConfigMaps, "a", "kube-root-ca.crt") != nullptr; }));
  auto cm = env.Get(kConfigMaps, "a", "kube-root-ca.crt");
  EXPECT_EQ(util::StringAt(*cm, {"data", "ca.crt"}), env.options().root_ca_pem);
  EXPECT_EQ(util::StringAt(*cm, {"metadata", "annotations", "kubernetes.io/description"}).substr(0, 24),
            "Contains a CA bundle tha");

  // Someone edits it: the publisher writes the CA back.
  boost::json::object edited = *cm;
  edited["data"] = boost::json::object{{"ca.crt", "tampered"}, {"extra", "x"}};
  ASSERT_TRUE(env.client().Update(kConfigMaps, "a", edited).ok());
  EXPECT_TRUE(WaitFor([&] {
    auto now = env.Get(kConfigMaps, "a", "kube-root-ca.crt");
    return now && util::StringAt(*now, {"data", "ca.crt"}) == env.options().root_ca_pem &&
           !util::At(*now, {"data", "extra"});
  }));

  // Deleted: it comes back.
  ASSERT_TRUE(env.client().Delete(kConfigMaps, "a", "kube-root-ca.crt").ok());
  EXPECT_TRUE(WaitFor([&] { return env.Get(kConfigMaps, "a", "kube-root-ca.crt") != nullptr; }));
}

}  // namespace
}  // namespace kubepp::controllers
