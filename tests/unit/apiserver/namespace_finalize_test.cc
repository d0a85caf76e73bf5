#include <gtest/gtest.h>

#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;

std::string Str(const boost::json::value& v, std::initializer_list<const char*> path) {
  const boost::json::value* cur = &v;
  for (const char* p : path) {
    if (!cur->is_object()) return "";
    cur = cur->as_object().if_contains(p);
    if (!cur) return "";
  }
  return cur->is_string() ? std::string(cur->as_string()) : "";
}

TEST(NamespaceFinalize, RemovingTheLastFinalizerOfADeletedNamespaceRemovesIt) {
  ApiTestHarness api;
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}})").status, 201);
  auto deleted = api.Do("DELETE", "/api/v1/namespaces/x");
  ASSERT_EQ(deleted.status, 202);  // accepted: the namespace waits for its finalizer
  auto got = api.Do("GET", "/api/v1/namespaces/x");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(Str(got.body, {"status", "phase"}), "Terminating");
  EXPECT_FALSE(Str(got.body, {"metadata", "deletionTimestamp"}).empty());

  // A plain update may not drop the token through finalize's back door: only
  // the finalize subresource reads spec.finalizers; other fields are ignored.
  auto finalized = api.Do("PUT", "/api/v1/namespaces/x/finalize",
                          R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x","labels":{"a":"b"}},"spec":{"finalizers":[]}})");
  EXPECT_EQ(finalized.status, 200) << boost::json::serialize(finalized.body);
  EXPECT_EQ(api.Do("GET", "/api/v1/namespaces/x").status, 404);
}

TEST(NamespaceFinalize, OnALiveNamespaceOnlyChangesSpecFinalizers) {
  ApiTestHarness api;
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"y"}})").status, 201);
  auto finalized = api.Do("PUT", "/api/v1/namespaces/y/finalize",
                          R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"y","labels":{"a":"b"}},"spec":{"finalizers":["example.com/keep"]}})");
  ASSERT_EQ(finalized.status, 200) << boost::json::serialize(finalized.body);
  auto got = api.Do("GET", "/api/v1/namespaces/y");
  ASSERT_EQ(got.status, 200);
  const auto& f = got.body.at("spec").at("finalizers").as_array();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].as_string(), "example.com/keep");
  EXPECT_EQ(Str(got.body, {"metadata", "labels", "a"}), "");
  EXPECT_EQ(Str(got.body, {"status", "phase"}), "Active");
}

TEST(NamespaceFinalize, OrdinaryUpdatesKeepSpecFinalizers) {
  ApiTestHarness api;
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"w"}})").status, 201);
  auto put = api.Do("PUT", "/api/v1/namespaces/w",
                    R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"w","labels":{"a":"b"}},"spec":{"finalizers":[]}})");
  ASSERT_EQ(put.status, 200) << boost::json::serialize(put.body);
  EXPECT_EQ(Str(put.body, {"metadata", "labels", "a"}), "b");
  const auto& f = put.body.at("spec").at("finalizers").as_array();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].as_string(), "kubernetes");
  auto patched = api.Do("PATCH", "/api/v1/namespaces/w", R"({"spec":{"finalizers":null}})", "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << boost::json::serialize(patched.body);
  EXPECT_EQ(patched.body.at("spec").at("finalizers").as_array().size(), 1u);
}

TEST(NamespaceFinalize, OtherVerbsAreNotAllowed) {
  ApiTestHarness api;
  ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"z"}})").status, 201);
  EXPECT_EQ(api.Do("GET", "/api/v1/namespaces/z/finalize").status, 405);
}

}  // namespace
}  // namespace kubepp::apiserver
