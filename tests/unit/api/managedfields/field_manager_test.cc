#include "api/managedfields/field_manager.h"

#include <gtest/gtest.h>

#include "api/managedfields/managers.h"
#include "unit/api/managedfields/test_util.h"

namespace kubepp::api::managedfields {
namespace {

using testing::O;

constexpr int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z

class FieldManagerTest : public ::testing::Test {
 protected:
  std::unique_ptr<FieldManager> Manager(std::string_view group, std::string_view version, std::string_view kind,
                                        std::string_view subresource = "", bool status = false) {
    auto m = FieldManager::Create(group, version, kind, subresource, status, [this] { return now_; });
    EXPECT_NE(m, nullptr);
    return m;
  }
  static std::string Entries(const boost::json::object& obj) {
    const auto* mf = obj.at("metadata").as_object().if_contains("managedFields");
    return mf ? boost::json::serialize(*mf) : "none";
  }
  // The object as stored after a create by `manager`.
  boost::json::object Created(const FieldManager& fm, std::string_view body, std::string_view manager) {
    auto obj = O(body);
    fm.Update(nullptr, obj, manager);
    obj["metadata"].as_object()["uid"] = "u-1";
    return obj;
  }

  int64_t now_ = kT0;
};

TEST_F(FieldManagerTest, CreateRecordsTheWritersFieldsWithoutServerMetadata) {
  auto fm = Manager("", "v1", "ConfigMap");
  auto obj = Created(*fm,
                     R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"d","labels":{"a":"b"},
                         "creationTimestamp":null},"data":{"k":"v"}})",
                     "kubectl-create");
  EXPECT_EQ(Entries(obj),
            R"([{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z",)"
            R"("fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:k":{}},"f:metadata":{"f:labels":{".":{},"f:a":{}}}}}])");
}

TEST_F(FieldManagerTest, CreateOfAWorkloadDoesNotClaimItsValueStructs) {
  auto fm = Manager("apps", "v1", "Deployment", "", true);
  auto obj = Created(*fm, R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
      "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}},"status":{"replicas":5}})",
                     "kubectl-create");
  // spec and template exist in a new Go object, so only what is inside them
  // is new; status belongs to the status subresource.
  EXPECT_EQ(Entries(obj),
            R"([{"manager":"kubectl-create","operation":"Update","apiVersion":"apps/v1","time":"2026-01-01T00:00:00Z",)"
            R"("fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{)"
            R"("k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{}}}}}}}}])");
}

// Creates that differ only in what no entry owns get the same entry, remembered rather than
// worked out again, with their own time.
TEST_F(FieldManagerTest, CreatesOfOneShapeGetTheSameEntryWithTheirOwnTime) {
  constexpr std::string_view kFirst =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p-1","namespace":"a",
      "labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}]}]}})";
  constexpr std::string_view kSecond =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p-2","namespace":"b",
      "uid":"u-2","creationTimestamp":"2026-01-01T00:00:00Z","labels":{"app":"x"}},
      "spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}]}]}})";
  auto fm = Manager("", "v1", "Pod", "", true);
  auto first = Created(*fm, kFirst, "bench");
  now_ = kT0 + 61;
  auto second = Created(*fm, kSecond, "bench");
  auto fresh = Manager("", "v1", "Pod", "", true);  // remembers nothing yet
  auto expected = Created(*fresh, kSecond, "bench");
  EXPECT_EQ(Entries(second), Entries(expected));
  EXPECT_NE(Entries(second).find(R"("time":"2026-01-01T00:01:01Z")"), std::string::npos)
      << Entries(second);
  EXPECT_NE(Entries(first).find(R"("time":"2026-01-01T00:00:00Z")"), std::string::npos)
      << Entries(first);
}

TEST_F(FieldManagerTest, CreatesOfAnotherShapeOrByAnotherManagerAreWorkedOutAfresh) {
  auto fm = Manager("", "v1", "ConfigMap");
  Created(*fm, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}})",
          "one");
  auto other_data = Created(
      *fm, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"j":"v"}})",
      "one");
  EXPECT_NE(Entries(other_data).find(R"("f:data":{".":{},"f:j":{}})"), std::string::npos)
      << Entries(other_data);
  auto other_manager = Created(
      *fm, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}})",
      "two");
  EXPECT_NE(Entries(other_manager).find(R"("manager":"two")"), std::string::npos)
      << Entries(other_manager);
  auto no_metadata = O(R"({"apiVersion":"v1","kind":"ConfigMap","data":{"k":"v"}})");
  fm->Update(nullptr, no_metadata, "one");
  EXPECT_NE(Entries(no_metadata).find(R"("manager":"one")"), std::string::npos)
      << Entries(no_metadata);
}

TEST(CreateMemo, ShapeLeavesOutWhatNoEntryOwns) {
  auto a =
      O(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","uid":"1","resourceVersion":"5",
      "generation":1,"labels":{"x":"y"}},"spec":{"n":1}})");
  auto b = O(
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"b","namespace":"n","labels":{"x":"y"}},
      "spec":{"n":1}})");
  auto c = O(
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"x":"z"}},"spec":{"n":1}})");
  EXPECT_EQ(CreateMemo::Shape(a, "m"), CreateMemo::Shape(b, "m"));
  EXPECT_NE(CreateMemo::Shape(a, "m"), CreateMemo::Shape(c, "m"));
  EXPECT_NE(CreateMemo::Shape(a, "m"), CreateMemo::Shape(a, "n"));
  EXPECT_EQ(CreateMemo::Shape(O(R"({"metadata":[]})"), "m"), std::nullopt);
  boost::json::object big = O(R"({"metadata":{"name":"files"},"data":{}})");
  big["data"].as_object()["file"] = std::string(CreateMemo::kMaxShapeBytes, 'x');
  EXPECT_EQ(CreateMemo::Shape(big, "m"), std::nullopt);
}

TEST(CreateMemo, HandsOutCopiesWithTheTimeRenewedAndTakesOnlyOneEntryOfThatTime) {
  CreateMemo memo;
  auto one = boost::json::parse(R"([{"manager":"m","time":"2026-01-01T00:00:00Z","fieldsV1":{}}])");
  auto two =
      boost::json::parse(R"([{"manager":"m","time":"2026-01-01T00:00:00Z"},{"manager":"n"}])");
  memo.Remember("two", two, kT0);
  EXPECT_EQ(memo.Find("two", kT0), std::nullopt);
  memo.Remember("stale", one, kT0 + 1);  // not made at that time
  EXPECT_EQ(memo.Find("stale", kT0 + 1), std::nullopt);
  memo.Remember("one", one, kT0);
  auto found = memo.Find("one", kT0 + 3600);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(boost::json::serialize(*found),
            R"([{"manager":"m","time":"2026-01-01T01:00:00Z","fieldsV1":{}}])");
  EXPECT_EQ(boost::json::serialize(*memo.Find("one", kT0)), boost::json::serialize(one));
}

TEST_F(FieldManagerTest, UpdatesMoveOwnershipAndKeepSeparateEntries) {
  auto fm = Manager("", "v1", "ConfigMap");
  auto v1 = Created(*fm, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1","b":"2"}})",
                    "creator");
  now_ += 60;
  auto v2 = v1;
  v2["data"].as_object()["a"] = "changed";
  v2["metadata"].as_object()["labels"] = O(R"({"l":"x"})");
  fm->Update(&v1, v2, "kubectl-edit");
  EXPECT_EQ(Entries(v2),
            R"([{"manager":"creator","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1",)"
            R"("fieldsV1":{"f:data":{".":{},"f:b":{}}}},)"
            R"({"manager":"kubectl-edit","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:01:00Z","fieldsType":"FieldsV1",)"
            R"("fieldsV1":{"f:data":{"f:a":{}},"f:metadata":{"f:labels":{".":{},"f:l":{}}}}}])");

  // A write that changes nothing touches no entry, not even its time.
  now_ += 60;
  auto v3 = v2;
  fm->Update(&v2, v3, "kubectl-edit");
  EXPECT_EQ(Entries(v3), Entries(v2));

  // Removing a field: the creator still owns the map it created.
  auto v4 = v3;
  v4["data"].as_object().erase("b");
  fm->Update(&v3, v4, "someone");
  EXPECT_NE(Entries(v4).find(R"("manager":"creator","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{}})"),
            std::string::npos)
      << Entries(v4);
  // Removing all of it drops its entry.
  auto v5 = v4;
  v5.erase("data");
  fm->Update(&v4, v5, "someone");
  EXPECT_EQ(Entries(v5).find("creator"), std::string::npos);
  EXPECT_EQ(Entries(v5).find("someone"), std::string::npos);  // removing owns nothing
}

TEST_F(FieldManagerTest, StatusWritesAreTheirOwnEntriesAndOwnOnlyStatus) {
  auto fm = Manager("apps", "v1", "Deployment", "", true);
  auto status = Manager("apps", "v1", "Deployment", "status", true);
  auto v1 = Created(*fm, R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1},"status":{}})", "me");
  auto v2 = v1;
  v2["status"] = O(R"({"replicas":1,"conditions":[{"type":"Available","status":"True"}]})");
  status->Update(&v1, v2, "kube-controller-manager");
  EXPECT_NE(Entries(v2).find(
                R"({"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","time":"2026-01-01T00:00:00Z",)"
                R"("fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:conditions":{".":{},"k:{\"type\":\"Available\"}":{".":{},)"
                R"("f:status":{},"f:type":{}}},"f:replicas":{}}},"subresource":"status"})"),
            std::string::npos)
      << Entries(v2);
}

TEST_F(FieldManagerTest, RequestsMayReplaceOrClearManagedFieldsButNotBreakThem) {
  auto fm = Manager("", "v1", "ConfigMap");
  auto v1 = Created(*fm, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}})", "creator");
  // Invalid entries are ignored: the stored ones stay.
  auto bad = v1;
  bad["metadata"].as_object()["managedFields"] = boost::json::parse(R"([{"manager":"x","operation":"Delete","apiVersion":"v1","fieldsType":"FieldsV1"}])");
  fm->Update(&v1, bad, "editor");
  EXPECT_EQ(Entries(bad), Entries(v1));
  // Valid ones replace them.
  auto replaced = v1;
  replaced["metadata"].as_object()["managedFields"] = boost::json::parse(
      R"([{"manager":"other","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}])");
  fm->Update(&v1, replaced, "editor");
  EXPECT_EQ(Entries(replaced),
            R"([{"manager":"other","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}])");
  // [] clears them, and an existing object without any stays so on updates.
  auto cleared = v1;
  cleared["metadata"].as_object()["managedFields"] = boost::json::array();
  fm->Update(&v1, cleared, "editor");
  EXPECT_EQ(Entries(cleared), "none");
  auto later = cleared;
  later["data"].as_object()["a"] = "2";
  fm->Update(&cleared, later, "editor");
  EXPECT_EQ(Entries(later), "none");
}

TEST_F(FieldManagerTest, SubresourceWritesKeepTheStoredManagedFields) {
  auto status = Manager("apps", "v1", "Deployment", "status", true);
  auto fm = Manager("apps", "v1", "Deployment", "", true);
  auto v1 = Created(*fm, R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1}})", "me");
  auto v2 = v1;
  v2["metadata"].as_object()["managedFields"] = boost::json::array();
  status->Update(&v1, v2, "x");
  EXPECT_EQ(Entries(v2), Entries(v1));
}

TEST_F(FieldManagerTest, MoreThanTenUpdatersFoldIntoAncientChanges) {
  auto fm = Manager("", "v1", "ConfigMap");
  auto obj = Created(*fm, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k0":"v"}})", "m0");
  for (int i = 1; i <= 11; ++i) {
    now_ += 1;
    auto next = obj;
    next["data"].as_object()["k" + std::to_string(i)] = "v";
    fm->Update(&obj, next, "m" + std::to_string(i));
    obj = std::move(next);
  }
  auto managers = DecodeManagers(obj.at("metadata").as_object().if_contains("managedFields"));
  ASSERT_TRUE(managers.ok());
  EXPECT_EQ(managers->size(), 10u);
  auto bucket = managers->find(ManagerId::Update("ancient-changes", "v1"));
  ASSERT_NE(bucket, managers->end());
  EXPECT_EQ(testing::V1(bucket->second.set), R"({"f:data":{".":{},"f:k0":{},"f:k1":{},"f:k2":{}}})");
  EXPECT_FALSE(managers->contains(ManagerId::Update("m0", "v1")));
}

constexpr std::string_view kDeployment = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
  "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
  "spec":{"containers":[{"name":"web","image":"nginx:1"}]}}}})";

TEST_F(FieldManagerTest, ApplyCreatesAndRecordsAnApplyEntryFirst) {
  auto fm = Manager("apps", "v1", "Deployment", "", true);
  auto created = fm->Apply(nullptr, O(kDeployment), "kubectl", false);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  auto stored = *created;
  stored["metadata"].as_object()["uid"] = "u-1";
  EXPECT_EQ(Entries(stored),
            R"([{"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1",)"
            R"("fieldsV1":{"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},)"
            R"("f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}}}}])");

  // Someone scales it: a conflict for the next apply of another replica count.
  now_ += 10;
  auto scaled = stored;
  scaled["spec"].as_object()["replicas"] = 5;
  auto scaler = Manager("apps", "v1", "Deployment", "scale", true);
  scaler->Update(&stored, scaled, "kubectl");
  auto conflict = fm->Apply(&scaled, O(kDeployment), "ci", false);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().http_code(), 409);
  EXPECT_EQ(conflict.status().message(),
            R"(Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas)");
  // Forcing takes the field over.
  auto forced = fm->Apply(&scaled, O(kDeployment), "ci", true);
  ASSERT_TRUE(forced.ok()) << forced.status().ToString();
  EXPECT_EQ(forced->at("spec").at("replicas").as_int64(), 3);
  EXPECT_EQ(Entries(*forced).find("\"subresource\":\"scale\""), std::string::npos);
  // Entries sort by operation, then time: kubectl's apply came first.
  EXPECT_EQ(Entries(*forced).find(R"([{"manager":"kubectl","operation":"Apply")"), 0u) << Entries(*forced);
  EXPECT_NE(Entries(*forced).find(R"(},{"manager":"ci","operation":"Apply","apiVersion":"apps/v1","time":"2026-01-01T00:00:10Z")"),
            std::string::npos);

  // An update made after the applies still sorts after them.
  now_ += 10;
  auto edited = *forced;
  edited["metadata"].as_object()["labels"] = O(R"({"x":"y"})");
  fm->Update(forced.operator->(), edited, "kubectl-label");
  EXPECT_NE(Entries(edited).find(R"(},{"manager":"kubectl-label","operation":"Update")"), std::string::npos);
}

TEST_F(FieldManagerTest, ReapplyingTheSameConfigurationChangesNothing) {
  auto fm = Manager("apps", "v1", "Deployment", "", true);
  auto stored = *fm->Apply(nullptr, O(kDeployment), "kubectl", false);
  stored["metadata"].as_object()["uid"] = "u-1";
  stored["metadata"].as_object()["resourceVersion"] = "7";
  now_ += 100;
  auto again = fm->Apply(&stored, O(kDeployment), "kubectl", false);
  ASSERT_TRUE(again.ok());
  auto expected = stored;
  expected["metadata"].as_object().erase("resourceVersion");  // not pinned by the configuration
  EXPECT_EQ(boost::json::serialize(*again), boost::json::serialize(expected));
}

TEST_F(FieldManagerTest, ApplyRefusesConfigurationsUpstreamRefuses) {
  auto fm = Manager("apps", "v1", "Deployment", "", true);
  auto other_kind = fm->Apply(nullptr, O(R"({"apiVersion":"apps/v1beta1","kind":"Deployment","metadata":{"name":"x"}})"), "m", false);
  EXPECT_EQ(other_kind.status().http_code(), 400);
  EXPECT_EQ(other_kind.status().message(), "invalid object type: apps/v1beta1, Kind=Deployment");
  auto with_fields = fm->Apply(
      nullptr, O(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x","managedFields":[]}})"), "m", false);
  EXPECT_EQ(with_fields.status().message(), "metadata.managedFields must be nil");
  auto unknown = fm->Apply(
      nullptr, O(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x","namespace":"ns"},"spec":{"bogus":1}})"),
      "m", false);
  EXPECT_EQ(unknown.status().http_code(), 500);
  EXPECT_EQ(unknown.status().message(),
            "failed to create typed patch object (ns/x; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema");
}

TEST_F(FieldManagerTest, FirstApplyToAnUntrackedObjectCreditsBeforeFirstApply) {
  auto fm = Manager("", "v1", "ConfigMap");
  auto live = O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"u"},"data":{"old":"1"}})");
  auto applied = fm->Apply(&live, O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"new":"2"}})"),
                           "m", false);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(boost::json::serialize(applied->at("data")), R"({"old":"1","new":"2"})");
  EXPECT_NE(Entries(*applied).find(R"("manager":"before-first-apply","operation":"Update")"), std::string::npos);
}

TEST_F(FieldManagerTest, KubectlTakesOverWhatClientSideApplySetAndKeepsTheAnnotationCurrent) {
  auto fm = Manager("", "v1", "ConfigMap");
  const std::string annotation = R"({"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c"}})";
  boost::json::object body = O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}})");
  body["metadata"].as_object()["annotations"] = boost::json::object{{"kubectl.kubernetes.io/last-applied-configuration", annotation + "\n"}};
  auto live = Created(*fm, boost::json::serialize(body), "kubectl-client-side-apply");

  // Same value as the annotation: no conflict for "kubectl"; other appliers conflict.
  auto config = O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"2"}})");
  EXPECT_EQ(fm->Apply(&live, config, "someone", false).status().http_code(), 409);
  auto applied = fm->Apply(&live, config, "kubectl", false);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(applied->at("data").at("a").as_string(), "2");
  EXPECT_EQ(applied->at("metadata").at("annotations").at("kubectl.kubernetes.io/last-applied-configuration").as_string(),
            "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"2\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}\n");
}

}  // namespace
}  // namespace kubepp::api::managedfields

namespace kubepp::api::managedfields {
namespace {

TEST(ManagedTimes, RoundTripEveryFourDigitYear) {
  for (std::string_view t : {"0777-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-11-22T13:45:07Z", "9999-12-31T23:59:59Z"}) {
    auto parsed = ParseTime(t);
    ASSERT_TRUE(parsed.has_value()) << t;
    EXPECT_EQ(FormatTime(*parsed), t);
  }
  EXPECT_EQ(ParseTime("2026-01-01T01:00:00+01:00"), ParseTime("2026-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseTime("777-01-01T00:00:00Z").has_value());
  EXPECT_FALSE(ParseTime("2026-13-01T00:00:00Z").has_value());
}

}  // namespace
}  // namespace kubepp::api::managedfields
