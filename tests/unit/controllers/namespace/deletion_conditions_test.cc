#include "controllers/namespace/deletion_conditions.h"

#include <gtest/gtest.h>

#include "controllers/util/object_fields.h"

namespace kubepp::controllers {
namespace {

const boost::json::object* Condition(const boost::json::object& ns, std::string_view type) {
  const auto* conds = util::ArrayAt(ns, {"status", "conditions"});
  if (!conds) return nullptr;
  for (const auto& c : *conds) {
    if (c.is_object() && util::StringAt(c.as_object(), {"type"}) == type) return &c.as_object();
  }
  return nullptr;
}

TEST(NamespaceDeletionConditions, RemainingContentAsUpstreamWordsIt) {
  boost::json::object ns{{"metadata", {{"name", "x"}}}};
  DeletionOutcome outcome;
  outcome.totals.remaining_by_resource["pods."] = 2;
  outcome.totals.remaining_by_resource["deployments.apps"] = 1;
  outcome.totals.remaining_by_finalizer["example.com/hold"] = 1;
  FakeClock clock;
  ASSERT_TRUE(UpdateDeletionConditions(ns, outcome, clock.Now()));

  const auto* remaining = Condition(ns, "NamespaceContentRemaining");
  ASSERT_NE(remaining, nullptr);
  EXPECT_EQ(util::StringAt(*remaining, {"status"}), "True");
  EXPECT_EQ(util::StringAt(*remaining, {"reason"}), "SomeResourcesRemain");
  EXPECT_EQ(util::StringAt(*remaining, {"message"}),
            "Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances");
  const auto* finalizers = Condition(ns, "NamespaceFinalizersRemaining");
  ASSERT_NE(finalizers, nullptr);
  EXPECT_EQ(util::StringAt(*finalizers, {"reason"}), "SomeFinalizersRemain");
  EXPECT_EQ(util::StringAt(*finalizers, {"message"}),
            "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
  const auto* discovery = Condition(ns, "NamespaceDeletionDiscoveryFailure");
  ASSERT_NE(discovery, nullptr);
  EXPECT_EQ(util::StringAt(*discovery, {"status"}), "False");
  EXPECT_EQ(util::StringAt(*discovery, {"reason"}), "ResourcesDiscovered");
  EXPECT_EQ(util::StringAt(*discovery, {"message"}), "All resources successfully discovered");
  const auto* content = Condition(ns, "NamespaceDeletionContentFailure");
  ASSERT_NE(content, nullptr);
  EXPECT_EQ(util::StringAt(*content, {"reason"}), "ContentDeleted");
  EXPECT_EQ(util::ArrayAt(ns, {"status", "conditions"})->size(), 5u);

  // The same outcome again changes nothing; content gone flips the condition.
  EXPECT_FALSE(UpdateDeletionConditions(ns, outcome, clock.Now()));
  clock.Advance(std::chrono::seconds(10));
  ASSERT_TRUE(UpdateDeletionConditions(ns, DeletionOutcome{}, clock.Now()));
  remaining = Condition(ns, "NamespaceContentRemaining");
  EXPECT_EQ(util::StringAt(*remaining, {"status"}), "False");
  EXPECT_EQ(util::StringAt(*remaining, {"reason"}), "ContentRemoved");
  EXPECT_EQ(util::StringAt(*remaining, {"message"}), "All content successfully removed");
  EXPECT_EQ(util::StringAt(*remaining, {"lastTransitionTime"}), util::FormatTime(clock.Now()));
  EXPECT_EQ(util::StringAt(*Condition(ns, "NamespaceDeletionDiscoveryFailure"), {"lastTransitionTime"}),
            util::FormatTime(clock.Now() - std::chrono::seconds(10)));
}

TEST(NamespaceDeletionConditions, DeleteFailures) {
  boost::json::object ns;
  DeletionOutcome outcome;
  outcome.totals.delete_errors = {"b failed", "a failed"};
  ASSERT_TRUE(UpdateDeletionConditions(ns, outcome, FakeClock().Now()));
  const auto* content = Condition(ns, "NamespaceDeletionContentFailure");
  ASSERT_NE(content, nullptr);
  EXPECT_EQ(util::StringAt(*content, {"status"}), "True");
  EXPECT_EQ(util::StringAt(*content, {"reason"}), "ContentDeletionFailed");
  EXPECT_EQ(util::StringAt(*content, {"message"}), "Failed to delete all resource types, 2 remaining: a failed, b failed");
}

TEST(NamespaceDeletableResources, NamespacedStoredPreferredOnly) {
  auto resources = DeletableNamespacedResources();
  auto has = [&](std::string_view group, std::string_view resource) {
    for (const auto& r : resources) {
      if (r.group == group && r.resource == resource) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("", "pods"));
  EXPECT_TRUE(has("", "configmaps"));
  EXPECT_TRUE(has("apps", "deployments"));
  EXPECT_TRUE(has("", "events"));
  EXPECT_FALSE(has("events.k8s.io", "events"));  // the same stored objects as core events
  EXPECT_FALSE(has("", "nodes"));                // cluster-scoped
  EXPECT_FALSE(has("", "bindings"));             // virtual
  EXPECT_FALSE(has("authorization.k8s.io", "localsubjectaccessreviews"));
  for (const auto& r : resources) {
    EXPECT_TRUE(r.namespaced) << r.resource;
    EXPECT_FALSE(r.group == "autoscaling" && r.version == "v1") << "one version per group";
  }
}

}  // namespace
}  // namespace kubepp::controllers
