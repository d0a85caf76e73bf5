#include "controllers/garbagecollector/garbagecollector.h"

#include <gtest/gtest.h>

#include "controllers/garbagecollector/owner_graph.h"
#include "controllers/util/object_fields.h"
#include "unit/controllers/informer_test_env.h"

namespace kubepp::controllers {
namespace {

using testing::InformerTestEnv;
using testing::WaitFor;

const client::Resource kReplicaSets = client::Resource::Of("apps", "replicasets");
const client::Resource kPods = client::Resource::Of("", "pods");
const client::Resource kConfigMaps = client::Resource::Of("", "configmaps");

boost::json::object Object(std::string kind, std::string name) {
  return {{"kind", kind}, {"metadata", {{"name", name}, {"namespace", "ns"}}}};
}

boost::json::object OwnedPod(std::string name, std::vector<std::pair<client::ObjectPtr, bool>> owners) {
  auto pod = Object("Pod", name);
  boost::json::array refs;
  for (const auto& [owner, block] : owners) {
    refs.push_back(boost::json::object{{"apiVersion", "apps/v1"},
                                       {"kind", "ReplicaSet"},
                                       {"name", client::NameOf(*owner)},
                                       {"uid", client::UidOf(*owner)},
                                       {"controller", true},
                                       {"blockOwnerDeletion", block}});
  }
  pod["metadata"].as_object()["ownerReferences"] = std::move(refs);
  return pod;
}

// An owner being deleted with `finalizer` (the apiserver's doing for a
// Foreground or Orphan delete).
client::ObjectPtr SeedDeletingOwner(InformerTestEnv& env, std::string name, std::string finalizer) {
  auto obj = Object("ReplicaSet", name);
  obj["metadata"].as_object()["finalizers"] = boost::json::array{boost::json::value(finalizer)};
  env.client().Seed(kReplicaSets, obj);
  return env.MarkDeleting(kReplicaSets, "ns", name);
}

TEST(GarbageCollector, DeletesDependentsOfMissingOwners) {
  InformerTestEnv env;
  auto rs = env.client().Seed(kReplicaSets, Object("ReplicaSet", "rs"));
  env.client().Seed(kPods, OwnedPod("kept", {{rs, false}}));
  // An owner uid nothing has: the dependent dangles.
  auto ghost = client::MakeObject({{"metadata", {{"name", "ghost"}, {"uid", "no-such-uid"}}}});
  env.client().Seed(kPods, OwnedPod("dangling", {{ghost, false}}));
  env.client().Seed(kPods, Object("Pod", "unowned"));
  env.Start(MakeGarbageCollectorRegistration());

  EXPECT_TRUE(WaitFor([&] { return env.Get(kPods, "ns", "dangling") == nullptr; }));
  EXPECT_NE(env.Get(kPods, "ns", "kept"), nullptr);
  EXPECT_NE(env.Get(kPods, "ns", "unowned"), nullptr);

  // Background: the owner goes, then its dependents.
  ASSERT_TRUE(env.client().Delete(kReplicaSets, "ns", "rs").ok());
  EXPECT_TRUE(WaitFor([&] { return env.Get(kPods, "ns", "kept") == nullptr; }));
  EXPECT_NE(env.Get(kPods, "ns", "unowned"), nullptr);
}

TEST(GarbageCollector, OwnerOfTheSameNameButAnotherUidIsGone) {
  InformerTestEnv env;
  auto old_rs = env.client().Seed(kReplicaSets, Object("ReplicaSet", "rs"));
  env.client().Seed(kPods, OwnedPod("p", {{old_rs, false}}));
  ASSERT_TRUE(env.client().Delete(kReplicaSets, "ns", "rs").ok());
  auto new_rs = env.client().Seed(kReplicaSets, Object("ReplicaSet", "rs"));
  ASSERT_NE(client::UidOf(*new_rs), client::UidOf(*old_rs));
  env.Start(MakeGarbageCollectorRegistration());
  EXPECT_TRUE(WaitFor([&] { return env.Get(kPods, "ns", "p") == nullptr; }));
}

TEST(GarbageCollector, KeepsObjectWithALiveOwnerButDropsTheDeadReference) {
  InformerTestEnv env;
  auto live = env.client().Seed(kReplicaSets, Object("ReplicaSet", "live"));
  auto ghost = client::MakeObject({{"metadata", {{"name", "dead"}, {"uid", "dead-uid"}}}});
  env.client().Seed(kPods, OwnedPod("p", {{live, false}, {ghost, false}}));
  env.Start(MakeGarbageCollectorRegistration());
  EXPECT_TRUE(WaitFor([&] {
    auto p = env.Get(kPods, "ns", "p");
    return p && OwnerRefsOf(*p).size() == 1;
  }));
  auto p = env.Get(kPods, "ns", "p");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(OwnerRefsOf(*p)[0].uid, client::UidOf(*live));
}

TEST(GarbageCollector, ForegroundDeletesDependentsThenReleasesTheOwner) {
  InformerTestEnv env;
  auto rs = SeedDeletingOwner(env, "rs", "foregroundDeletion");
  env.client().Seed(kPods, OwnedPod("blocking", {{rs, true}}));
  env.client().Seed(kPods, OwnedPod("plain", {{rs, false}}));
  env.Start(MakeGarbageCollectorRegistration());

  EXPECT_TRUE(WaitFor([&] { return env.List(kPods, "ns").empty(); }));
  EXPECT_TRUE(WaitFor([&] {
    auto owner = env.Get(kReplicaSets, "ns", "rs");
    return !owner || !HasFinalizer(*owner, "foregroundDeletion");
  }));
}

TEST(GarbageCollector, ForegroundWaitsForABlockingDependentHeldByAFinalizer) {
  InformerTestEnv env;
  auto rs = SeedDeletingOwner(env, "rs", "foregroundDeletion");
  auto pod = OwnedPod("held", {{rs, true}});
  pod["metadata"].as_object()["finalizers"] = boost::json::array{"example.com/hold"};
  env.client().Seed(kPods, pod);
  env.Start(MakeGarbageCollectorRegistration());

  ASSERT_TRUE(WaitFor([&] {
    auto p = env.Get(kPods, "ns", "held");
    return p && util::HasDeletionTimestamp(*p);
  }));
  auto owner = env.Get(kReplicaSets, "ns", "rs");
  ASSERT_NE(owner, nullptr);
  EXPECT_TRUE(HasFinalizer(*owner, "foregroundDeletion"));

  // The dependent's finalizer goes, so does the dependent, then the owner is released.
  boost::json::object released = *env.Get(kPods, "ns", "held");
  released["metadata"].as_object()["finalizers"] = boost::json::array();
  ASSERT_TRUE(env.client().Update(kPods, "ns", released).ok());
  EXPECT_TRUE(WaitFor([&] {
    auto o = env.Get(kReplicaSets, "ns", "rs");
    return !o || !HasFinalizer(*o, "foregroundDeletion");
  }));
}

TEST(GarbageCollector, OrphanStripsReferencesThenTheFinalizer) {
  InformerTestEnv env;
  auto rs = SeedDeletingOwner(env, "rs", "orphan");
  env.client().Seed(kPods, OwnedPod("p", {{rs, true}}));
  env.Start(MakeGarbageCollectorRegistration());

  EXPECT_TRUE(WaitFor([&] {
    auto o = env.Get(kReplicaSets, "ns", "rs");
    return !o || !HasFinalizer(*o, "orphan");
  }));
  auto p = env.Get(kPods, "ns", "p");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(OwnerRefsOf(*p).empty());
}

TEST(OwnerGraph, TracksDependentsAndVirtualOwners) {
  OwnerGraph graph;
  auto dep = client::MakeObject(
      {{"metadata", {{"name", "d"}, {"uid", "d1"}, {"ownerReferences", {{{"uid", "o1"}, {"kind", "ReplicaSet"}}}}}}});
  auto wake = graph.Upsert(kPods, dep);
  EXPECT_EQ(wake, std::vector<std::string>{"d1"});
  auto owner = graph.Node("o1");
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->object, nullptr);  // virtual until seen
  EXPECT_EQ(owner->dependent_count, 1u);

  auto owner_obj = client::MakeObject({{"metadata", {{"name", "o"}, {"uid", "o1"}}}});
  EXPECT_TRUE(graph.Upsert(kReplicaSets, owner_obj).empty());
  ASSERT_EQ(graph.Dependents("o1").size(), 1u);
  EXPECT_EQ(client::UidOf(*graph.Dependents("o1")[0].object), "d1");
  // The owner goes: its dependents are woken.
  EXPECT_EQ(graph.Remove(owner_obj), std::vector<std::string>{"d1"});
  // The dependent goes: the virtual owner left behind disappears with it.
  graph.Remove(dep);
  EXPECT_EQ(graph.size(), 0u);
}

}  // namespace
}  // namespace kubepp::controllers
