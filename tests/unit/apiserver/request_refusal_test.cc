// A LIST at a resourceVersion the store has compacted away is 410 Expired in
// upstream's words, whether asked for exactly or through a continue token; list
// and watch options upstream forbids, and versions the store has not reached;
// and requests refused before any object is read.
#include <gtest/gtest.h>

#include "api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;

constexpr const char* kNamespace =
    R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"old"}})";

std::string ConfigMap(const std::string& name) {
  return R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name + R"("}})";
}

std::string StringAt(const boost::json::value& v, const char* a, const char* b = nullptr) {
  const auto* o = v.if_object();
  const auto* x = o ? o->if_contains(a) : nullptr;
  if (x && b) x = x->is_object() ? x->as_object().if_contains(b) : nullptr;
  return x && x->is_string() ? std::string(x->as_string()) : "";
}

TEST(ListExpiredTest, CompactedResourceVersionsAreExpired) {
  ApiTestHarness h;
  ASSERT_EQ(h.Do("POST", "/api/v1/namespaces", kNamespace).status, 201);
  auto first = h.Do("POST", "/api/v1/namespaces/old/configmaps", ConfigMap("a"));
  ASSERT_EQ(first.status, 201);
  std::string old_rv = StringAt(first.body, "metadata", "resourceVersion");
  ASSERT_EQ(h.Do("POST", "/api/v1/namespaces/old/configmaps", ConfigMap("b")).status, 201);
  auto page = h.Do("GET", "/api/v1/namespaces/old/configmaps?limit=1");
  ASSERT_EQ(page.status, 200);
  std::string token = StringAt(page.body, "metadata", "continue");
  ASSERT_FALSE(token.empty());
  auto latest = h.Do("POST", "/api/v1/namespaces/old/configmaps", ConfigMap("c"));
  ASSERT_TRUE(
      h.store().Compact(std::stoll(StringAt(latest.body, "metadata", "resourceVersion"))).ok());

  auto exact = h.Do("GET", "/api/v1/namespaces/old/configmaps?resourceVersion=" + old_rv +
                               "&resourceVersionMatch=Exact");
  EXPECT_EQ(exact.status, 410);
  EXPECT_EQ(StringAt(exact.body, "reason"), "Expired");
  EXPECT_EQ(StringAt(exact.body, "message"),
            "The resourceVersion for the provided list is too old.");

  auto continued = h.Do("GET", "/api/v1/namespaces/old/configmaps?limit=1&continue=" + token);
  EXPECT_EQ(continued.status, 410);
  EXPECT_EQ(StringAt(continued.body, "reason"), "Expired");
  EXPECT_TRUE(StringAt(continued.body, "message")
                  .starts_with("The provided continue parameter is too old"));
  // With it comes a token for the rest of the list as it is now, as the message says.
  std::string fresh = StringAt(continued.body, "metadata", "continue");
  ASSERT_FALSE(fresh.empty());
  auto rest = h.Do("GET", "/api/v1/namespaces/old/configmaps?limit=10&continue=" + fresh);
  ASSERT_EQ(rest.status, 200);
  std::vector<std::string> names;
  for (const auto& item : rest.body.at("items").as_array()) {
    names.push_back(StringAt(item, "metadata", "name"));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"b", "c"}));
}

// Not about lists, but about requests the API refuses before it looks at any object.
TEST(RequestRefusalTest, UnknownDryRunAndWritesToCollections) {
  ApiTestHarness h;
  ASSERT_EQ(h.Do("POST", "/api/v1/namespaces", kNamespace).status, 201);
  auto bogus = h.Do("POST", "/api/v1/namespaces/old/configmaps?dryRun=Bogus", ConfigMap("a"));
  EXPECT_EQ(bogus.status, 422);
  EXPECT_EQ(StringAt(bogus.body, "message"),
            "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: "
            "[]string{\"Bogus\"}: supported values: \"All\"");
  EXPECT_EQ(h.Do("GET", "/api/v1/namespaces/old/configmaps/a").status, 404);  // nothing was written
  EXPECT_EQ(h.Do("POST", "/api/v1/namespaces/old/configmaps?dryRun=All", ConfigMap("a")).status,
            201);
  EXPECT_EQ(h.Do("GET", "/api/v1/namespaces/old/configmaps/a").status, 404);
  EXPECT_EQ(h.Do("PUT", "/api/v1/namespaces/old/configmaps", ConfigMap("a")).status, 405);
  // Subresources that write check it too, before anything else.
  EXPECT_EQ(h.Do("POST", "/api/v1/namespaces/old/pods/nope/eviction?dryRun=Bogus",
                 R"({"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"nope"}})")
                .status,
            422);
  // kubectl delete --dry-run=server names the dry run in the body.
  ASSERT_EQ(h.Do("POST", "/api/v1/namespaces/old/configmaps", ConfigMap("kept")).status, 201);
  auto deleted = h.Do("DELETE", "/api/v1/namespaces/old/configmaps/kept",
                      R"({"kind":"DeleteOptions","apiVersion":"v1","dryRun":["Bogus"]})");
  EXPECT_EQ(deleted.status, 422);
  EXPECT_EQ(StringAt(deleted.body, "message"),
            "DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported "
            "value: []string{\"Bogus\"}: supported values: \"All\"");
  EXPECT_EQ(h.Do("GET", "/api/v1/namespaces/old/configmaps/kept").status, 200);
}

// The 422 upstream's ValidateListOptions gives, with the WatchList feature on (v1.32).
TEST(ListOptionsTest, CombinationsUpstreamForbidsAreInvalid) {
  ApiTestHarness h;
  ASSERT_EQ(h.Do("POST", "/api/v1/namespaces", kNamespace).status, 201);
  auto message = [&](const std::string& path) {
    auto r = h.Do("GET", path);
    EXPECT_EQ(r.status, 422) << path;
    EXPECT_EQ(StringAt(r.body, "details", "kind"), "ListOptions") << path;
    EXPECT_EQ(StringAt(r.body, "details", "group"), "meta.k8s.io") << path;
    return StringAt(r.body, "message");
  };
  const std::string list = "/api/v1/namespaces/old/configmaps";
  const std::string watch = "/api/v1/watch/namespaces/old/configmaps";
  const std::string prefix = "ListOptions.meta.k8s.io \"\" is invalid: ";
  EXPECT_EQ(message(list + "?resourceVersionMatch=Exact"),
            prefix +
                "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless "
                "resourceVersion is provided");
  EXPECT_EQ(message(list + "?resourceVersion=1&resourceVersionMatch=Newest"),
            prefix +
                "resourceVersionMatch: Unsupported value: \"Newest\": supported values: "
                "\"Exact\", \"NotOlderThan\", \"\"");
  EXPECT_EQ(message(list + "?resourceVersion=0&resourceVersionMatch=Exact"),
            prefix +
                "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is "
                "forbidden for resourceVersion \"0\"");
  EXPECT_EQ(message(list + "?sendInitialEvents=true"),
            prefix + "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
  EXPECT_EQ(message(watch + "?sendInitialEvents=true"),
            prefix +
                "resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
                "resourceVersionMatch to NotOlderThan");
  EXPECT_EQ(message(watch + "?resourceVersion=1&resourceVersionMatch=NotOlderThan"),
            prefix +
                "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for "
                "watch unless sendInitialEvents is provided");
  // Several errors are listed together, each a cause of its own.
  auto both = h.Do("GET", watch + "?sendInitialEvents=false&resourceVersionMatch=Exact");
  EXPECT_EQ(StringAt(both.body, "message"),
            prefix +
                "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
                "resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported "
                "value: \"Exact\": supported values: \"NotOlderThan\"]");
  const auto* causes = both.body.at("details").as_object().if_contains("causes");
  ASSERT_NE(causes, nullptr);
  ASSERT_EQ(causes->as_array().size(), 2u);
  EXPECT_EQ(StringAt(causes->as_array()[1], "reason"), "FieldValueNotSupported");
  EXPECT_EQ(StringAt(causes->as_array()[1], "field"), "resourceVersionMatch");
  // What upstream allows still lists.
  EXPECT_EQ(h.Do("GET", list + "?resourceVersion=0&resourceVersionMatch=NotOlderThan").status, 200);
}

TEST(ListOptionsTest, VersionsTheStoreHasNotReachedAreATimeoutToRetry) {
  ApiTestHarness h;
  ASSERT_EQ(h.Do("POST", "/api/v1/namespaces", kNamespace).status, 201);
  auto created = h.Do("POST", "/api/v1/namespaces/old/configmaps", ConfigMap("a"));
  ASSERT_EQ(created.status, 201);
  const std::string current = std::to_string(h.store().CurrentRevision());
  const std::string ahead = std::to_string(h.store().CurrentRevision() + 100);
  for (const std::string& path :
       {"/api/v1/namespaces/old/configmaps/a?resourceVersion=" + ahead,
        "/api/v1/namespaces/old/configmaps?resourceVersion=" + ahead,
        "/api/v1/watch/namespaces/old/configmaps?sendInitialEvents=true&resourceVersionMatch="
        "NotOlderThan&resourceVersion=" +
            ahead}) {
    auto r = h.Do("GET", path);
    EXPECT_EQ(r.status, 504) << path;
    EXPECT_EQ(StringAt(r.body, "reason"), "Timeout") << path;
    EXPECT_EQ(StringAt(r.body, "message"),
              "Timeout: Too large resource version: " + ahead + ", current: " + current)
        << path;
    const auto& details = r.body.at("details").as_object();
    EXPECT_EQ(details.at("retryAfterSeconds").as_int64(), 1) << path;
    EXPECT_EQ(StringAt(details.at("causes").as_array()[0], "reason"), "ResourceVersionTooLarge");
    bool retry_after = false;
    for (const auto& [name, value] : r.headers)
      retry_after |= name == "Retry-After" && value == "1";
    EXPECT_TRUE(retry_after) << path;
  }
}

// Upstream reads a body's apiVersion and kind with Go's encoding/json before anything else; what
// that read refuses is a 400 in Go's words, with the start of the body.
TEST(RequestRefusalTest, MalformedBodiesAreRefusedInGosWords) {
  ApiTestHarness h;
  ASSERT_EQ(h.Do("POST", "/api/v1/namespaces", kNamespace).status, 201);
  const std::string path = "/api/v1/namespaces/old/configmaps";
  const std::string prefix =
      "the object provided is unrecognized (must be of type ConfigMap): couldn't get "
      "version/kind; json parse error: ";
  auto refused = [&](const std::string& body) {
    auto r = h.Do("POST", path, body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(StringAt(r.body, "reason"), "BadRequest") << body;
    return StringAt(r.body, "message");
  };
  EXPECT_EQ(refused(R"({"a":)"), prefix + R"(unexpected end of JSON input ({"a":))");
  EXPECT_EQ(refused(R"({"metadata":{"name":"x"},"data":{"k":"v",}})"),
            prefix + R"(invalid character '}' looking for beginning of object key string )"
                     R"(({"metadata":{"name":"x"},"data ...))");
  EXPECT_EQ(refused("[1,2]"),
            prefix +
                "json: cannot unmarshal array into Go value of type struct { APIVersion string "
                "\"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
                "\"json:\\\"kind,omitempty\\\"\" } (5b312c325d)");
  EXPECT_EQ(refused(R"({"kind":5,"metadata":{"name":"x"}})"),
            prefix + R"(json: cannot unmarshal number into Go struct field .kind of type string )"
                     R"(({"kind":5,"metadata":{"name":" ...))");
  EXPECT_EQ(refused(""), prefix + "unexpected end of JSON input (<empty>)");
  // A null document is an empty object: refused by validation, not by the decoder.
  EXPECT_EQ(h.Do("POST", path, "null").status, 422);
  EXPECT_EQ(h.Do("GET", path + "/x").status, 404);
}

}  // namespace
}  // namespace kubepp::apiserver
