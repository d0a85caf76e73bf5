// Server-side apply and managedFields through the apiserver's REST handler.
#include <gtest/gtest.h>

#include "apiserver/field_manager_name.h"
#include "apiserver/field_managers.h"
#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;
using testing::Response;

constexpr const char* kApply = "application/apply-patch+yaml";
constexpr const char* kCm = "/api/v1/namespaces/default/configmaps";

std::string Str(const boost::json::value& v, std::initializer_list<const char*> path) {
  const boost::json::value* cur = &v;
  for (const char* p : path) {
    if (!cur->is_object()) return "";
    cur = cur->as_object().if_contains(p);
    if (!cur) return "";
  }
  return cur->is_string() ? std::string(cur->as_string()) : "";
}

const boost::json::array& Entries(const Response& r) {
  static const boost::json::array kNone;
  const auto* mf = r.body.at("metadata").as_object().if_contains("managedFields");
  return mf ? mf->as_array() : kNone;
}

std::string EntryText(const Response& r, size_t i) {
  boost::json::object e = Entries(r).at(i).as_object();
  e.stable_erase("time");
  return boost::json::serialize(e);
}

class ServerSideApply : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api.Do("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"default"}})").status, 201);
  }
  Response ApplyCm(std::string_view body, std::string_view query = "fieldManager=tester") {
    return api.Do("PATCH", std::string(kCm) + "/cm?" + std::string(query), std::string(body), kApply);
  }
  ApiTestHarness api;
};

TEST_F(ServerSideApply, WritesRecordTheUserAgentOrFieldManager) {
  api.set_user_agent("kubectl-create/v1.32.0 (linux/amd64) kubernetes/abcdef");
  auto created = api.Do("POST", kCm, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}})");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  ASSERT_EQ(Entries(created).size(), 1u);
  EXPECT_EQ(EntryText(created, 0),
            R"({"manager":"kubectl-create","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{}}}})");

  auto patched = api.Do("PATCH", std::string(kCm) + "/cm?fieldManager=kubectl-label",
                        R"({"metadata":{"labels":{"x":"y"}}})", "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200);
  ASSERT_EQ(Entries(patched).size(), 2u);
  EXPECT_EQ(EntryText(patched, 1),
            R"({"manager":"kubectl-label","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:x":{}}}}})");

  api.set_user_agent("");
  auto put = patched.body;
  put.as_object()["data"].as_object()["a"] = "2";
  auto updated = api.Do("PUT", std::string(kCm) + "/cm", boost::json::serialize(put));
  ASSERT_EQ(updated.status, 200);
  EXPECT_EQ(Str(updated.body, {"metadata", "managedFields"}), "");
  bool unknown = false;
  for (const auto& e : Entries(updated)) unknown |= e.at("manager").as_string() == "unknown";
  EXPECT_TRUE(unknown) << boost::json::serialize(updated.body);
}

TEST_F(ServerSideApply, FieldManagerIsValidated) {
  auto r = api.Do("POST", std::string(kCm) + "?fieldManager=" + std::string(129, 'x'),
                  R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"}})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Str(r.body, {"message"}), R"(CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: must have at most 128 bytes)");
  r = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"}})", "");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Str(r.body, {"message"}), R"(PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch)");
  r = api.Do("PATCH", std::string(kCm) + "/cm?force=true", "{}", "application/merge-patch+json");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Str(r.body, {"message"}), R"(PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch)");
}

TEST_F(ServerSideApply, CreatesReappliesWithoutWritingAndPrunes) {
  auto created = ApplyCm(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  a: "1"
  b: "2"
)");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  EXPECT_EQ(EntryText(created, 0),
            R"({"manager":"tester","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{},"f:b":{}}}})");
  std::string rv = Str(created.body, {"metadata", "resourceVersion"});

  auto again = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1","b":"2"}})");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(Str(again.body, {"metadata", "resourceVersion"}), rv);

  auto pruned = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}})");
  ASSERT_EQ(pruned.status, 200);
  EXPECT_NE(Str(pruned.body, {"metadata", "resourceVersion"}), rv);
  EXPECT_EQ(boost::json::serialize(pruned.body.at("data")), R"({"a":"1"})");
}

TEST_F(ServerSideApply, ConflictsNameTheOwnerAndForceTakesOver) {
  ASSERT_EQ(ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}})").status, 201);
  api.set_user_agent("kubectl-edit/v1.32.0");
  ASSERT_EQ(api.Do("PATCH", std::string(kCm) + "/cm", R"({"data":{"a":"edited"}})", "application/merge-patch+json").status, 200);
  api.set_user_agent("");

  auto conflict = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}})");
  ASSERT_EQ(conflict.status, 409) << boost::json::serialize(conflict.body);
  EXPECT_EQ(Str(conflict.body, {"reason"}), "Conflict");
  EXPECT_EQ(Str(conflict.body, {"message"}), R"(Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.a)");
  const auto& details = conflict.body.at("details").as_object();
  EXPECT_FALSE(details.contains("name"));
  ASSERT_EQ(details.at("causes").as_array().size(), 1u);
  EXPECT_EQ(boost::json::serialize(details.at("causes").at(0)),
            R"({"reason":"FieldManagerConflict","message":"conflict with \"kubectl-edit\" using v1","field":".data.a"})");

  auto forced = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}})",
                        "fieldManager=tester&force=true");
  ASSERT_EQ(forced.status, 200);
  EXPECT_EQ(Str(forced.body, {"data", "a"}), "1");
  ASSERT_EQ(Entries(forced).size(), 1u);  // kubectl-edit owned nothing else
}

TEST_F(ServerSideApply, RefusesWhatUpstreamRefuses) {
  auto r = ApplyCm(R"({"apiVersion":"v2","kind":"ConfigMap","metadata":{"name":"cm"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Str(r.body, {"message"}), "invalid object type: /v2, Kind=ConfigMap");
  r = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Str(r.body, {"message"}), "the name of the object (other) does not match the name on the URL (cm)");
  r = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"cm-"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Str(r.body, {"message"}), "the name of the object () does not match the name on the URL (cm)");
  r = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"dta":{}})");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(Str(r.body, {"message"}),
            "failed to create typed patch object (/cm; /v1, Kind=ConfigMap): .dta: field not declared in schema");
  r = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","uid":"123"}})");
  EXPECT_EQ(r.status, 409);
  r = ApplyCm("- not an object");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(api.Do("GET", std::string(kCm) + "/cm").status, 404);
}

TEST_F(ServerSideApply, RepeatedKeysAreRefusedWhenStrictAndWarnedOtherwise) {
  const std::string body = "{\n\"apiVersion\": \"v1\",\n\"kind\": \"ConfigMap\",\n\"metadata\": {\"name\": \"cm\"},\n"
                           "\"data\": {\n\"a\": \"1\",\n\"a\": \"2\"\n}\n}";
  auto strict = ApplyCm(body, "fieldManager=tester&fieldValidation=Strict");
  EXPECT_EQ(strict.status, 400);
  EXPECT_EQ(Str(strict.body, {"message"}),
            "error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key \"a\" already set in map");
  auto warned = ApplyCm(body);
  ASSERT_EQ(warned.status, 201);
  EXPECT_EQ(Str(warned.body, {"data", "a"}), "2");
  ASSERT_EQ(warned.headers.size(), 1u);
  EXPECT_EQ(warned.headers[0].second, R"(299 - "line 7: key \"a\" already set in map")");
}

TEST_F(ServerSideApply, DryRunCreatesNothing) {
  auto r = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}})",
                   "fieldManager=tester&dryRun=All");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(Str(r.body, {"data", "a"}), "1");
  EXPECT_EQ(api.Do("GET", std::string(kCm) + "/cm").status, 404);
}

TEST_F(ServerSideApply, StatusIsAppliedThroughItsSubresource) {
  const std::string deploy = "/apis/apps/v1/namespaces/default/deployments/web";
  auto created = api.Do("PATCH", deploy + "?fieldManager=ci", R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
      "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
      "spec":{"containers":[{"name":"web","image":"nginx"}]}}},"status":{"replicas":7}})", kApply);
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  // Status is not the main resource's to set.
  const auto* created_status = created.body.as_object().if_contains("status");
  EXPECT_TRUE(!created_status || !created_status->as_object().contains("replicas")) << boost::json::serialize(created.body);
  auto status = api.Do("PATCH", deploy + "/status?fieldManager=controller",
                       R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"status":{"replicas":2}})", kApply);
  ASSERT_EQ(status.status, 200) << boost::json::serialize(status.body);
  ASSERT_TRUE(status.body.as_object().contains("status")) << boost::json::serialize(status.body);
  ASSERT_EQ(Entries(status).size(), 2u) << boost::json::serialize(status.body);
  ASSERT_NE(status.body.at("status").as_object().if_contains("replicas"), nullptr) << boost::json::serialize(status.body);
  EXPECT_EQ(status.body.at("status").at("replicas").as_int64(), 2);
  EXPECT_EQ(EntryText(status, 1),
            R"({"manager":"controller","operation":"Apply","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:replicas":{}}},"subresource":"status"})");
  EXPECT_EQ(api.Do("PATCH", "/apis/apps/v1/namespaces/default/deployments/none/status?fieldManager=c",
                   R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"none"}})", kApply)
                .status,
            404);
}

TEST_F(ServerSideApply, ScalingIsRecordedAgainstTheScaleSubresource) {
  const std::string deploy = "/apis/apps/v1/namespaces/default/deployments/web";
  const std::string body = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
      "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
      "spec":{"containers":[{"name":"web","image":"nginx"}]}}}})";
  ASSERT_EQ(api.Do("PATCH", deploy + "?fieldManager=kubectl", body, kApply).status, 201);
  api.set_user_agent("kubectl/v1.33.0 (linux/amd64) kubernetes/abc");
  ASSERT_EQ(api.Do("PATCH", deploy + "/scale", R"({"spec":{"replicas":5}})", "application/merge-patch+json").status, 200);
  api.set_user_agent("");
  auto conflict = api.Do("PATCH", deploy + "?fieldManager=kubectl", body, kApply);
  ASSERT_EQ(conflict.status, 409);
  EXPECT_EQ(Str(conflict.body, {"message"}),
            R"(Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas)");
}

TEST_F(ServerSideApply, DefaultedListKeysMatchOnReapply) {
  // Ports are keyed by (port, protocol); the protocol the server defaults
  // to TCP is the key's default too, so the same configuration changes nothing.
  const std::string svc = "/api/v1/namespaces/default/services/web?fieldManager=ci";
  const std::string body = R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
      "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":8080}]}})";
  auto created = api.Do("PATCH", svc, body, kApply);
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.body);
  EXPECT_EQ(Str(created.body, {"spec", "ports"}), "");
  EXPECT_EQ(created.body.at("spec").at("ports").at(0).at("protocol").as_string(), "TCP");
  EXPECT_EQ(EntryText(created, 0),
            R"({"manager":"ci","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{)"
            R"("f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{},"f:name":{},"f:port":{},"f:targetPort":{}}},)"
            R"("f:selector":{}}}})");
  auto again = api.Do("PATCH", svc, body, kApply);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(Str(again.body, {"metadata", "resourceVersion"}), Str(created.body, {"metadata", "resourceVersion"}));
}

TEST_F(ServerSideApply, ManagedFieldsInRequestBodies) {
  ASSERT_EQ(ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}})").status, 201);
  auto got = api.Do("GET", std::string(kCm) + "/cm");
  // Applied configurations may not carry them.
  auto r = ApplyCm(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","managedFields":[]}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Str(r.body, {"message"}), "metadata.managedFields must be nil");
  // Wrong JSON types are a decoding error.
  auto bad = got.body;
  bad.as_object()["metadata"].as_object()["managedFields"] = boost::json::parse(R"([{"manager":5}])");
  r = api.Do("PUT", std::string(kCm) + "/cm", boost::json::serialize(bad));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Str(r.body, {"message"}),
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct "
            "field ManagedFieldsEntry.metadata.managedFields.manager of type string");
  // A manager name that is too long is invalid.
  auto toolong = got.body;
  toolong.as_object()["metadata"].as_object()["managedFields"].as_array()[0].as_object()["manager"] = std::string(130, 'm');
  r = api.Do("PUT", std::string(kCm) + "/cm", boost::json::serialize(toolong));
  EXPECT_EQ(r.status, 422) << boost::json::serialize(r.body);
  // [] clears them.
  r = api.Do("PATCH", std::string(kCm) + "/cm", R"({"metadata":{"managedFields":[]}})", "application/merge-patch+json");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Entries(r).empty());
}

}  // namespace
}  // namespace kubepp::apiserver

namespace kubepp::apiserver {
namespace {

TEST(FieldManagers, EveryStoredResourceHasOne) {
  for (const auto& r : api::Catalog::Get().resources()) {
    if (r.virtual_resource) continue;
    EXPECT_NE(FieldManagerFor(r, ""), nullptr) << r.ApiVersion() << " " << r.kind;
    if (r.HasSubresource("status")) {
      EXPECT_NE(FieldManagerFor(r, "status"), nullptr) << r.kind;
    }
  }
}

TEST(ManagerName, IsTheFieldManagerOrTheUserAgentsProduct) {
  std::string ua = "kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/abc/system:serviceaccount:x";
  EXPECT_EQ(ManagerName("", &ua), "kube-controller-manager");
  EXPECT_EQ(ManagerName("mine", &ua), "mine");
  EXPECT_EQ(ManagerName("", nullptr), "unknown");
  std::string odd = std::string("a\x01") + "b\x7f" + std::string(200, 'c') + "/x";
  std::string name = ManagerName("", &odd);
  EXPECT_EQ(name.substr(0, 2), "ab");
  EXPECT_EQ(name.size(), 128u);
}

}  // namespace
}  // namespace kubepp::apiserver
