#include "api/managedfields/updater.h"

#include <gtest/gtest.h>

#include "api/managedfields/conflicts.h"
#include "unit/api/managedfields/test_util.h"

namespace kubepp::api::managedfields {
namespace {

using testing::ConfigMapAtom;
using testing::O;
using testing::S;
using testing::V1;

const ManagerId kAlice = ManagerId::Apply("alice");
const ManagerId kBob = ManagerId::Apply("bob");
const ManagerId kEditor = ManagerId::Update("editor", "v1");

Managers With(std::initializer_list<std::pair<ManagerId, std::string_view>> entries) {
  Managers m;
  for (const auto& [id, fields] : entries) m[id] = ManagedSet{S(fields), "v1", std::nullopt};
  return m;
}

TEST(Updater, UpdateMovesChangedFieldsToTheWriterAndDropsEmptyEntries) {
  Updater u(ConfigMapAtom(), FieldFilter());
  auto managers = u.Update(u.Changes(O(R"({"data":{"a":"1","b":"2"}})"), O(R"({"data":{"a":"9","b":"2","c":"3"}})")),
                           "v1", With({{kAlice, R"({"f:data":{"f:a":{}}})"}, {kBob, R"({"f:data":{"f:b":{}}})"}}),
                           kEditor);
  EXPECT_FALSE(managers.contains(kAlice));  // its only field was taken
  EXPECT_EQ(V1(managers[kBob].set), R"({"f:data":{"f:b":{}}})");
  EXPECT_EQ(V1(managers[kEditor].set), R"({"f:data":{"f:a":{},"f:c":{}}})");
  // Removed fields belong to nobody.
  managers = u.Update(u.Changes(O(R"({"data":{"a":"9","b":"2","c":"3"}})"), O(R"({"data":{"a":"9"}})")), "v1", managers,
                      kEditor);
  EXPECT_FALSE(managers.contains(kBob));
  EXPECT_EQ(V1(managers[kEditor].set), R"({"f:data":{"f:a":{}}})");
}

TEST(Updater, ApplyConflictsWithOtherOwnersUnlessTheValueIsTheSame) {
  Updater u(ConfigMapAtom(), FieldFilter());
  auto live = O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"1","b":"2"}})");
  auto managers = With({{kEditor, R"({"f:data":{"f:a":{},"f:b":{}}})"}});
  auto same = u.Apply(live, O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"1"}})"), "v1",
                      managers, kAlice, false);
  ASSERT_TRUE(same.conflicts.empty());
  EXPECT_FALSE(same.changed);
  EXPECT_EQ(V1(same.managers[kEditor].set), R"({"f:data":{"f:a":{},"f:b":{}}})");  // shared ownership
  EXPECT_TRUE(same.managers[kAlice].set.Has({PathElement::Field("data"), PathElement::Field("a")}));

  auto changed = u.Apply(live, O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"5"}})"),
                         "v1", managers, kAlice, false);
  ASSERT_EQ(changed.conflicts.size(), 1u);
  EXPECT_EQ(changed.conflicts[0].manager, kEditor);
  Status st = ConflictStatus(changed.conflicts);
  EXPECT_EQ(st.http_code(), 409);
  EXPECT_EQ(st.message(), R"(Apply failed with 1 conflict: conflict with "editor" using v1: .data.a)");
  ASSERT_EQ(st.causes().size(), 1u);
  EXPECT_EQ(st.causes()[0].type, "FieldManagerConflict");
  EXPECT_EQ(st.causes()[0].message, R"(conflict with "editor" using v1)");
  EXPECT_EQ(st.causes()[0].field, ".data.a");

  auto forced = u.Apply(live, O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"5"}})"),
                        "v1", managers, kAlice, true);
  ASSERT_TRUE(forced.conflicts.empty());
  EXPECT_TRUE(forced.changed);
  EXPECT_EQ(V1(forced.managers[kEditor].set), R"({"f:data":{"f:b":{}}})");
  EXPECT_EQ(boost::json::serialize(forced.object["data"]), R"({"a":"5","b":"2"})");
}

TEST(Updater, ApplyRemovesWhatTheApplierNoLongerAppliesUnlessSomeoneElseOwnsIt) {
  Updater u(ConfigMapAtom(), FieldFilter());
  auto live = O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","labels":{"l":"1"}},"data":{"a":"1","b":"2","c":"3"}})");
  auto managers = With({{kAlice, R"({"f:data":{"f:a":{},"f:b":{},"f:c":{}},"f:metadata":{"f:labels":{"f:l":{}}}})"},
                        {kBob, R"({"f:data":{"f:c":{}}})"}});
  auto applied = u.Apply(live, O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"1"}})"),
                         "v1", managers, kAlice, false);
  ASSERT_TRUE(applied.conflicts.empty());
  EXPECT_TRUE(applied.changed);
  // b and the label go; c stays because bob owns it too.
  EXPECT_EQ(boost::json::serialize(applied.object["data"]), R"({"a":"1","c":"3"})");
  EXPECT_FALSE(applied.object["metadata"].as_object().contains("labels"));
}

TEST(Updater, FieldsNobodyOwnedSurviveAnApply) {
  Updater u(ConfigMapAtom(), FieldFilter());
  auto live = O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"1","z":"26"}})");
  auto managers = With({{kAlice, R"({"f:data":{"f:a":{}}})"}});
  auto applied = u.Apply(live, O(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"b":"2"}})"),
                         "v1", managers, kAlice, false);
  ASSERT_TRUE(applied.conflicts.empty());
  EXPECT_EQ(boost::json::serialize(applied.object["data"]), R"({"z":"26","b":"2"})");
}

TEST(Updater, ConflictsListEveryManagerSorted) {
  std::map<ManagerId, FieldSet> sets;
  sets[ManagerId::Update("zed", "v1")] = S(R"({"f:data":{"f:a":{}}})");
  sets[ManagerId::Update("kube-controller-manager", "apps/v1", "status")] = S(R"({"f:data":{"f:b":{},"f:c":{}}})");
  Status st = ConflictStatus(ConflictsFrom(sets));
  EXPECT_EQ(st.message(),
            "Apply failed with 3 conflicts: conflicts with \"kube-controller-manager\" with subresource \"status\" "
            "using apps/v1:\n- .data.b\n- .data.c\nconflicts with \"zed\" using v1:\n- .data.a");
  EXPECT_TRUE(IsApplyConflict(st));
}

}  // namespace
}  // namespace kubepp::api::managedfields
