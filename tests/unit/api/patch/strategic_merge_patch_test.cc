#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "api/patch/patch.h"
#include "api/patch/patch_schema.h"
#include "test_util.h"

namespace kubepp::api {
namespace {

using testing::J;

struct Case {
  const char* name;
  const char* api_version;
  const char* kind;
  const char* doc;
  const char* patch;
  const char* want;
};

const std::vector<Case> kCases = {
    // ---- lists of objects merged by key ----
    {"containers merge by name", "apps/v1", "Deployment",
     R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}})",
     R"({"spec":{"template":{"spec":{"containers":[{"name":"b","image":"b:2"}]}}}})",
     R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]}}}})"},
    {"new container goes before unordered live ones", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"a","image":"a"}]}})",
     R"({"spec":{"containers":[{"name":"c","image":"c"}]}})",
     R"({"spec":{"containers":[{"name":"c","image":"c"},{"name":"a","image":"a"}]}})"},
    {"env merged by name inside a container", "apps/v1", "Deployment",
     R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a",
         "env":[{"name":"X","value":"1"},{"name":"Y","value":"1"}]}]}}}})",
     R"({"spec":{"template":{"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"2"}]}]}}}})",
     R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a",
         "env":[{"name":"X","value":"2"},{"name":"Y","value":"1"}]}]}}}})"},
    {"env item deleted by $patch", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1"},{"name":"Y","value":"1"}]}]}})",
     R"({"spec":{"containers":[{"name":"a","env":[{"name":"X","$patch":"delete"}]}]}})",
     R"({"spec":{"containers":[{"name":"a","env":[{"name":"Y","value":"1"}]}]}})"},
    {"container deleted by $patch", "apps/v1", "Deployment",
     R"({"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}}})",
     R"({"spec":{"template":{"spec":{"containers":[{"name":"a","$patch":"delete"}]}}}})",
     R"({"spec":{"template":{"spec":{"containers":[{"name":"b"}]}}}})"},
    {"delete of a missing item is a no-op", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"a"}]}})",
     R"({"spec":{"containers":[{"name":"zz","$patch":"delete"}]}})",
     R"({"spec":{"containers":[{"name":"a"}]}})"},
    {"ports merged by containerPort (numbers)", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http"}]}]}})",
     R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443}]}]}})",
     R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http","protocol":"TCP"},
         {"containerPort":443}]}]}})"},
    {"volumeMounts by mountPath", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"a","volumeMounts":[{"mountPath":"/a","name":"v1"}]}]}})",
     R"({"spec":{"containers":[{"name":"a","volumeMounts":[{"mountPath":"/a","readOnly":true}]}]}})",
     R"({"spec":{"containers":[{"name":"a","volumeMounts":[{"mountPath":"/a","name":"v1","readOnly":true}]}]}})"},
    {"initContainers and ephemeralContainers by name", "v1", "Pod",
     R"({"spec":{"initContainers":[{"name":"i","image":"1"}],"ephemeralContainers":[{"name":"e","image":"1"}]}})",
     R"({"spec":{"initContainers":[{"name":"i","image":"2"}],"ephemeralContainers":[{"name":"e","image":"2"}]}})",
     R"({"spec":{"initContainers":[{"name":"i","image":"2"}],"ephemeralContainers":[{"name":"e","image":"2"}]}})"},
    {"imagePullSecrets by name", "v1", "Pod", R"({"spec":{"imagePullSecrets":[{"name":"a"}]}})",
     R"({"spec":{"imagePullSecrets":[{"name":"b"}]}})",
     R"({"spec":{"imagePullSecrets":[{"name":"b"},{"name":"a"}]}})"},
    {"hostAliases by ip", "v1", "Pod",
     R"({"spec":{"hostAliases":[{"ip":"1.1.1.1","hostnames":["a"]}]}})",
     R"({"spec":{"hostAliases":[{"ip":"1.1.1.1","hostnames":["b"]}]}})",
     R"({"spec":{"hostAliases":[{"ip":"1.1.1.1","hostnames":["b"]}]}})"},
    {"volumes by name; volume source replaced via $retainKeys", "apps/v1", "Deployment",
     R"({"spec":{"template":{"spec":{"volumes":[{"name":"v","emptyDir":{}},{"name":"w","emptyDir":{}}]}}}})",
     R"({"spec":{"template":{"spec":{"volumes":[{"name":"v","$retainKeys":["name","configMap"],
         "configMap":{"name":"cm"}}]}}}})",
     R"({"spec":{"template":{"spec":{"volumes":[{"name":"v","configMap":{"name":"cm"}},{"name":"w","emptyDir":{}}]}}}})"},
    {"tolerations have no strategy: replaced", "v1", "Pod",
     R"({"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}})",
     R"({"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}})",
     R"({"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}})"},
    {"container args (no strategy) replaced", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"a","args":["1","2"]}]}})",
     R"({"spec":{"containers":[{"name":"a","args":["3"]}]}})",
     R"({"spec":{"containers":[{"name":"a","args":["3"]}]}})"},
    {"service ports by port", "v1", "Service",
     R"({"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":8443}]}})",
     R"({"spec":{"ports":[{"port":80,"targetPort":9090}]}})",
     R"({"spec":{"ports":[{"port":80,"targetPort":9090},{"port":443,"targetPort":8443}]}})"},
    {"node conditions by type", "v1", "Node",
     R"({"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"MemoryPressure","status":"False"}],
         "addresses":[{"type":"InternalIP","address":"10.0.0.1"}]}})",
     R"({"status":{"conditions":[{"type":"Ready","status":"True"}],
         "addresses":[{"type":"Hostname","address":"n1"}]}})",
     R"({"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"MemoryPressure","status":"False"}],
         "addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"10.0.0.1"}]}})"},
    {"node podCIDRs is a merged primitive list", "v1", "Node",
     R"({"spec":{"podCIDRs":["10.0.0.0/24"]}})", R"({"spec":{"podCIDRs":["fd00::/64"]}})",
     R"({"spec":{"podCIDRs":["fd00::/64","10.0.0.0/24"]}})"},
    {"node taints have no strategy", "v1", "Node",
     R"({"spec":{"taints":[{"key":"a","effect":"NoSchedule"}]}})",
     R"({"spec":{"taints":[{"key":"b","effect":"NoSchedule"}]}})",
     R"({"spec":{"taints":[{"key":"b","effect":"NoSchedule"}]}})"},
    {"pod status conditions by type", "v1", "Pod",
     R"({"status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True"}]}})",
     R"({"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}})",
     R"({"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}]}})"},
    {"deployment status conditions by type", "apps/v1", "Deployment",
     R"({"status":{"conditions":[{"type":"Available","status":"False"}]}})",
     R"({"status":{"conditions":[{"type":"Available","status":"True"}]}})",
     R"({"status":{"conditions":[{"type":"Available","status":"True"}]}})"},
    {"cronjob reaches its pod template", "batch/v1", "CronJob",
     R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b"}]}}}}}})",
     R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"2"}]}}}}}})",
     R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"2"},{"name":"b"}]}}}}}})"},
    {"service account secrets by name", "v1", "ServiceAccount", R"({"secrets":[{"name":"a"}]})",
     R"({"secrets":[{"name":"b"}]})", R"({"secrets":[{"name":"b"},{"name":"a"}]})"},
    {"ownerReferences by uid", "v1", "ConfigMap",
     R"({"metadata":{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"b"}]}})",
     R"({"metadata":{"ownerReferences":[{"uid":"2","controller":true}]}})",
     R"({"metadata":{"ownerReferences":[{"uid":"1","name":"a"},{"uid":"2","name":"b","controller":true}]}})"},
    {"pdb selector is replaced", "policy/v1", "PodDisruptionBudget",
     R"({"spec":{"selector":{"matchLabels":{"a":"1"}}}})",
     R"({"spec":{"selector":{"matchLabels":{"b":"2"}}}})",
     R"({"spec":{"selector":{"matchLabels":{"b":"2"}}}})"},

    // ---- primitive lists ----
    {"finalizers set union, new first", "v1", "ConfigMap",
     R"({"metadata":{"finalizers":["a","b"]}})", R"({"metadata":{"finalizers":["c"]}})",
     R"({"metadata":{"finalizers":["c","a","b"]}})"},
    {"finalizers keep live order for known items", "v1", "ConfigMap",
     R"({"metadata":{"finalizers":["a","b"]}})", R"({"metadata":{"finalizers":["b","c"]}})",
     R"({"metadata":{"finalizers":["a","b","c"]}})"},
    {"finalizers $deleteFromPrimitiveList", "apps/v1", "Deployment",
     R"({"metadata":{"finalizers":["a","b","a"]}})",
     R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})",
     R"({"metadata":{"finalizers":["b"]}})"},
    {"delete from a list the object lacks adds nothing", "v1", "ConfigMap",
     R"({"metadata":{"name":"x"}})",
     R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})",
     R"({"metadata":{"name":"x"}})"},
    {"delete from a list without merge strategy", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"a","args":["1","2","3"]}]}})",
     R"({"spec":{"containers":[{"name":"a","$deleteFromPrimitiveList/args":["2"]}]}})",
     R"({"spec":{"containers":[{"name":"a","args":["1","3"]}]}})"},
    {"primitive add and delete together", "v1", "ConfigMap",
     R"({"metadata":{"finalizers":["a","b"]}})",
     R"({"metadata":{"finalizers":["c"],"$deleteFromPrimitiveList/finalizers":["a"]}})",
     R"({"metadata":{"finalizers":["c","b"]}})"},

    // ---- $setElementOrder (upstream's "set elements order" cases) ----
    {"set element order", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"1","other":"a"},{"name":"3","value":"3"},{"name":"4","value":"4"},
         {"name":"2","value":"2"}]}})",
     R"({"spec":{"$setElementOrder/containers":[{"name":"4"},{"name":"2"},{"name":"3"},{"name":"1"}]}})",
     R"({"spec":{"containers":[{"name":"4","value":"4"},{"name":"2","value":"2"},{"name":"3","value":"3"},
         {"name":"1","other":"a"}]}})"},
    {"set element order with server-only items", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"1","other":"a"},{"name":"2","value":"2"},{"name":"7"},{"name":"9"},
         {"name":"8"},{"name":"3","value":"3"},{"name":"4","value":"4"}]}})",
     R"({"spec":{"$setElementOrder/containers":[{"name":"2"},{"name":"1"},{"name":"4"},{"name":"3"}]}})",
     R"({"spec":{"containers":[{"name":"2","value":"2"},{"name":"1","other":"a"},{"name":"7"},{"name":"9"},
         {"name":"8"},{"name":"4","value":"4"},{"name":"3","value":"3"}]}})"},
    {"set element order with new items", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"1","other":"a"},{"name":"2","value":"2","other":"b"}]}})",
     R"({"spec":{"$setElementOrder/containers":[{"name":"1"},{"name":"4"},{"name":"2"},{"name":"3"}],
         "containers":[{"name":"4","value":"4"},{"name":"3","value":"3"}]}})",
     R"({"spec":{"containers":[{"name":"1","other":"a"},{"name":"4","value":"4"},{"name":"2","value":"2","other":"b"},
         {"name":"3","value":"3"}]}})"},
    {"set element order with a deletion and an addition", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"1"},{"name":"2","other":"b"},{"name":"4","other":"c"}]}})",
     R"({"spec":{"$setElementOrder/containers":[{"name":"2"},{"name":"3"}],
         "containers":[{"name":"3"},{"name":"1","$patch":"delete"}]}})",
     // Upstream orders server-only "4" against its live list as edited in
     // place by the merge ([2 4 3]), hence 4 before 3.
     R"({"spec":{"containers":[{"name":"2","other":"b"},{"name":"4","other":"c"},{"name":"3"}]}})"},
    {"set element order with deletions only", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"1"},{"name":"2"},{"name":"3"}]}})",
     R"({"spec":{"$setElementOrder/containers":[{"name":"3"},{"name":"1"}],
         "containers":[{"name":"2","$patch":"delete"}]}})",
     R"({"spec":{"containers":[{"name":"3"},{"name":"1"}]}})"},
    {"set element order of a primitive list", "v1", "ConfigMap",
     R"({"metadata":{"finalizers":["1","2","4"]}})",
     R"({"metadata":{"$setElementOrder/finalizers":["1","2","3"],"finalizers":["3"]}})",
     R"({"metadata":{"finalizers":["1","2","3","4"]}})"},
    {"set element order with primitive deletion", "v1", "ConfigMap",
     R"({"metadata":{"finalizers":["1","2","3","4"]}})",
     R"({"metadata":{"$setElementOrder/finalizers":["1","2"],"$deleteFromPrimitiveList/finalizers":["3"]}})",
     R"({"metadata":{"finalizers":["1","2","4"]}})"},

    // ---- $patch in maps and lists ----
    {"$patch replace in a list", "v1", "Pod",
     R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
     R"({"spec":{"containers":[{"name":"z","image":"z"},{"$patch":"replace"}]}})",
     R"({"spec":{"containers":[{"name":"z","image":"z"}]}})"},
    {"$patch replace in a map", "v1", "Pod", R"({"metadata":{"labels":{"a":"1","b":"2"}}})",
     R"({"metadata":{"labels":{"$patch":"replace","c":"3"}}})",
     R"({"metadata":{"labels":{"c":"3"}}})"},
    {"$patch delete in a map empties it", "v1", "Pod",
     R"({"metadata":{"labels":{"a":"1"}},"spec":{"x":1}})",
     R"({"metadata":{"labels":{"$patch":"delete"}}})",
     R"({"metadata":{"labels":{}},"spec":{"x":1}})"},
    {"new member carrying $patch is not stored", "v1", "Pod", R"({"metadata":{}})",
     R"({"metadata":{"labels":{"$patch":"delete"}}})", R"({"metadata":{}})"},

    // ---- $retainKeys ----
    {"$retainKeys on deployment strategy", "apps/v1", "Deployment",
     R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})",
     R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})",
     R"({"spec":{"strategy":{"type":"Recreate"}}})"},
    {"$retainKeys keeps listed live members", "apps/v1", "Deployment",
     R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}})",
     R"({"spec":{"strategy":{"$retainKeys":["type","rollingUpdate"],"rollingUpdate":{"maxSurge":2}}}})",
     R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":2,"maxUnavailable":0}}}})"},

    // ---- plain members ----
    {"null deletes a member", "v1", "Pod", R"({"metadata":{"labels":{"a":"1","b":"2"}}})",
     R"({"metadata":{"labels":{"a":null}}})", R"({"metadata":{"labels":{"b":"2"}}})"},
    {"nulls inside new values are dropped", "v1", "Pod", R"({"metadata":{}})",
     R"({"metadata":{"annotations":{"a":"1","b":null}}})",
     R"({"metadata":{"annotations":{"a":"1"}}})"},
    {"new list items lose directives", "v1", "Pod", R"({"spec":{}})",
     R"({"spec":{"containers":[{"name":"a","env":[{"name":"x","$patch":"delete"},{"name":"y"}]}]}})",
     R"({"spec":{"containers":[{"name":"a","env":[{"name":"y"}]}]}})"},
    {"type change replaces", "v1", "Pod", R"({"spec":{"x":{"a":1}}})", R"({"spec":{"x":[1]}})",
     R"({"spec":{"x":[1]}})"},
    {"scalars replace", "apps/v1", "Deployment", R"({"spec":{"replicas":1,"paused":false}})",
     R"({"spec":{"replicas":5}})", R"({"spec":{"replicas":5,"paused":false}})"},
    {"null patch changes nothing", "v1", "Pod", R"({"a":1})", "null", R"({"a":1})"},

    // ---- kinds without a schema (custom resources) ----
    {"custom resource lists replace", "example.com/v1", "Widget",
     R"({"spec":{"items":[{"name":"a"}]},"metadata":{"finalizers":["x"]}})",
     R"({"spec":{"items":[{"name":"b"}]},"metadata":{"finalizers":["y"]}})",
     R"({"spec":{"items":[{"name":"b"}]},"metadata":{"finalizers":["y","x"]}})"},
};

TEST(StrategicMergePatchTest, Merges) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    auto got = ApplyStrategicMergePatch(J(c.doc), J(c.patch), c.api_version, c.kind);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, J(c.want)) << "got: " << boost::json::serialize(*got);
  }
}

TEST(StrategicMergePatchTest, MergedListOrderIsExact) {
  // EXPECT_EQ on values compares arrays in order; make the order the point.
  auto got = ApplyStrategicMergePatch(
      J(R"({"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}})"),
      J(R"({"spec":{"containers":[{"name":"b","image":"x"},{"name":"d"}]}})"), "v1", "Pod");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(
      boost::json::serialize(*got),
      R"({"spec":{"containers":[{"name":"a"},{"name":"b","image":"x"},{"name":"d"},{"name":"c"}]}})");
}

TEST(StrategicMergePatchTest, RemovalsKeepMemberOrder) {
  auto got = ApplyStrategicMergePatch(
      J(R"({"metadata":{"labels":{"z":"1","a":"2","m":"3","q":"4"}},"spec":{"t":1,"u":2}})"),
      J(R"({"metadata":{"labels":{"a":null,"n":"5"}},"spec":{"t":null}})"), "v1", "Pod");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(boost::json::serialize(*got),
            R"({"metadata":{"labels":{"z":"1","m":"3","q":"4","n":"5"}},"spec":{"u":2}})");
}

struct ErrCase {
  const char* name;
  const char* doc;
  const char* patch;
  Reason reason;
  const char* message;
};

const std::vector<ErrCase> kErrors = {
    {"patch not an object", R"({})", R"([1])", Reason::kBadRequest,
     "json: cannot unmarshal array into Go value of type map[string]interface {}"},
    {"retainKeys not a list", R"({"spec":{"strategy":{}}})",
     R"({"spec":{"strategy":{"$retainKeys":"type"}}})", Reason::kBadRequest,
     "invalid patch format of retainKeys"},
    {"patch sets a member retainKeys does not name", R"({"spec":{"strategy":{"type":"Recreate"}}})",
     R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{"maxSurge":1}}}})",
     Reason::kBadRequest, "invalid patch format of retainKeys"},
    {"bad setElementOrder prefix", R"({"spec":{}})",
     R"({"spec":{"$setElementOrderX/containers":[]}})", Reason::kBadRequest,
     "invalid patch format of setElementOrder list"},
    {"bad deleteFromPrimitiveList prefix", R"({"metadata":{}})",
     R"({"metadata":{"$deleteFromPrimitiveList":["a"]}})", Reason::kBadRequest,
     "invalid patch format of primitive list"},
    {"list of lists", R"({"spec":{"containers":[[1]]}})", R"({"spec":{"containers":[[2]]}})",
     Reason::kInvalid, "the server rejected our request due to an error in our request"},
    {"missing merge key", R"({"spec":{"containers":[{"name":"a"}]}})",
     R"({"spec":{"containers":[{"image":"b"}]}})", Reason::kUnknown,
     "map: map[image:b] does not contain declared merge key: name"},
    {"delete item without merge key", R"({"spec":{"containers":[{"name":"a"}]}})",
     R"({"spec":{"containers":[{"$patch":"delete"}]}})", Reason::kUnknown,
     "map: map[$patch:delete] does not contain declared merge key: name"},
    {"unknown $patch in a map", R"({"spec":{}})", R"({"spec":{"$patch":"frob","a":1}})",
     Reason::kUnknown, "unknown patch type: frob in map: map[$patch:frob a:1]"},
    {"$patch merge in a map is unknown", R"({"spec":{}})", R"({"spec":{"$patch":"merge"}})",
     Reason::kUnknown, "unknown patch type: merge in map: map[$patch:merge]"},
    {"$patch merge in a list", R"({"spec":{"containers":[{"name":"a"}]}})",
     R"({"spec":{"containers":[{"$patch":"merge"}]}})", Reason::kUnknown,
     "merging lists cannot yet be specified in the patch"},
    {"unknown $patch in a list", R"({"spec":{"containers":[{"name":"a"}]}})",
     R"({"spec":{"containers":[{"$patch":7}]}})", Reason::kUnknown,
     "unknown patch type: %!s(int64=7) in map: map[$patch:7]"},
    {"mixed element types", R"({"metadata":{"finalizers":["a"]}})",
     R"({"metadata":{"finalizers":[1]}})", Reason::kUnknown,
     "list element types are not identical: [[a] [1]]"},
    {"setElementOrder not a list", R"({"spec":{"containers":[{"name":"a"}]}})",
     R"({"spec":{"$setElementOrder/containers":{"name":"a"}}})", Reason::kUnknown,
     "expected a []interface {}, but received a map[string]interface {}"},
    {"setElementOrder disagrees with the patch",
     R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})",
     R"({"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],
         "containers":[{"name":"b"},{"name":"a"}]}})",
     Reason::kUnknown,
     "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n"
     "[map[name:a] map[name:b]]\n"},
};

TEST(StrategicMergePatchTest, Errors) {
  for (const auto& c : kErrors) {
    SCOPED_TRACE(c.name);
    auto got = ApplyStrategicMergePatch(J(c.doc), J(c.patch), "v1", "Pod");
    ASSERT_FALSE(got.ok()) << boost::json::serialize(*got);
    EXPECT_EQ(got.status().reason(), c.reason) << got.status().ToString();
    EXPECT_EQ(got.status().message(), c.message);
  }
}

TEST(StrategicMergePatchTest, UnclassifiedErrorsAre500) {
  auto got = ApplyStrategicMergePatch(J(R"({"spec":{"containers":[{"name":"a"}]}})"),
                                      J(R"({"spec":{"containers":[{"image":"b"}]}})"), "v1", "Pod");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().http_code(), 500);
  EXPECT_EQ(ReasonName(got.status().reason()), "");
}

TEST(StrategicMergePatchTest, DoesNotChangeInputs) {
  auto doc = J(R"({"spec":{"containers":[{"name":"a"}]}})");
  auto patch = J(R"({"spec":{"containers":[{"name":"a","$patch":"delete"}]}})");
  auto got = ApplyStrategicMergePatch(doc, patch, "v1", "Pod");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(doc, J(R"({"spec":{"containers":[{"name":"a"}]}})"));
  EXPECT_EQ(patch, J(R"({"spec":{"containers":[{"name":"a","$patch":"delete"}]}})"));
}

TEST(PatchSchemaTest, KnowsBuiltInKinds) {
  EXPECT_TRUE(HasStrategicMergeSchema("v1", "Pod"));
  EXPECT_TRUE(HasStrategicMergeSchema("apps/v1", "Deployment"));
  EXPECT_TRUE(HasStrategicMergeSchema("v1", "ConfigMap"));
  EXPECT_TRUE(HasStrategicMergeSchema("rbac.authorization.k8s.io/v1", "Role"));
  EXPECT_FALSE(HasStrategicMergeSchema("example.com/v1", "Widget"));
  EXPECT_FALSE(HasStrategicMergeSchema("apps/v1", "Pod"));
  EXPECT_FALSE(HasStrategicMergeSchema("v1", "Deployment"));
}

TEST(PatchSchemaTest, CustomResourcesAnswer415) {
  Status st = StrategicMergeUnsupportedForCustomResources();
  EXPECT_EQ(st.reason(), Reason::kUnsupportedMediaType);
  EXPECT_EQ(st.http_code(), 415);
  EXPECT_EQ(st.message(),
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, "
            "application/apply-patch+yaml");
}

TEST(PatchSchemaTest, NavigatesToTaggedFields) {
  using patch_internal::RootPatchType;
  const auto* deploy = RootPatchType("apps/v1", "Deployment");
  ASSERT_NE(deploy, nullptr);
  const auto* spec = deploy->Find("spec");
  ASSERT_NE(spec, nullptr);
  ASSERT_NE(spec->type, nullptr);
  const auto* strategy = spec->type->Find("strategy");
  ASSERT_NE(strategy, nullptr);
  EXPECT_TRUE(strategy->retain_keys);
  EXPECT_FALSE(strategy->merge);
  const auto* containers =
      spec->type->Find("template")->type->Find("spec")->type->Find("containers");
  ASSERT_NE(containers, nullptr);
  EXPECT_TRUE(containers->merge);
  EXPECT_EQ(containers->merge_key, "name");
  const auto* ports = containers->type->Find("ports");
  ASSERT_NE(ports, nullptr);
  EXPECT_EQ(ports->merge_key, "containerPort");
  EXPECT_EQ(containers->type->Find("tolerations"), nullptr);

  const auto* unknown = RootPatchType("example.com/v1", "Widget");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->Find("spec"), nullptr);
  EXPECT_NE(unknown->Find("metadata"), nullptr);
}

}  // namespace
}  // namespace kubepp::api
