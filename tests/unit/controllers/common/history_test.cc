#include "controllers/common/history.h"

#include <gtest/gtest.h>

#include "controllers/common/compute_hash.h"
#include "controllers/common/fields.h"
#include "unit/controllers/workload_harness.h"

namespace kubepp::controllers::common {
namespace {

using workload_testing::WorkloadHarness;

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    revisions_informer_ = &h_.informers().For(revisions_);
    h_.Start();
    set_ = h_.api().Seed(sets_, WorkloadHarness::Json(R"({"apiVersion":"apps/v1","kind":"StatefulSet",
        "metadata":{"name":"web","namespace":"ns"},
        "spec":{"selector":{"matchLabels":{"app":"web"}},
                "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"v1"}]}}}})"));
    config_ = HistoryConfig{"apps/v1", "StatefulSet", sets_,
                            [](const boost::json::object& data, std::optional<int64_t> collisions) {
                              std::string hash = ComputeHash(boost::json::value(data), collisions);
                              return std::make_pair(hash, "web-" + hash);
                            },
                            [](const std::string& hash, const std::string&) {
                              return boost::json::object{{"app", "web"}, {kControllerRevisionHashLabel, hash}};
                            }};
    h_.Settle({sets_, revisions_});
  }
  void TearDown() override { h_.informers().Stop(); }

  StatusOr<HistoryResult> Sync() {
    auto set = h_.api().Get(sets_, "ns", "web");
    EXPECT_TRUE(set.ok());
    auto selector = api::LabelSelector::Parse("app=web");
    auto r = SyncHistory(h_.api(), *revisions_informer_, **set, *selector, config_);
    h_.Settle({sets_, revisions_});
    return r;
  }
  void SetImage(std::string_view image) {
    std::string patch = R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":")" + std::string(image) +
                        R"("}]}}}})";
    ASSERT_TRUE(h_.api().Patch(sets_, "ns", "web", client::PatchType::kMerge, patch).ok());
    h_.Settle({sets_});
  }

  WorkloadHarness h_;
  client::Resource sets_ = client::Resource::Of("apps", "statefulsets");
  client::Resource revisions_ = client::Resource::Of("apps", "controllerrevisions");
  client::Informer* revisions_informer_ = nullptr;
  client::ObjectPtr set_;
  HistoryConfig config_;
};

TEST_F(HistoryTest, CreatesFindsAndPromotesRevisions) {
  auto first = Sync();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(RevisionNumber(*first->current), 1);
  EXPECT_EQ(client::NameOf(*first->current), "web-" + first->hash);
  EXPECT_EQ(StrAt(*first->current, {"data", "spec", "template", "$patch"}), "replace");
  auto again = Sync();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(client::UidOf(*again->current), client::UidOf(*first->current));
  SetImage("v2");
  auto second = Sync();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(RevisionNumber(*second->current), 2);
  ASSERT_EQ(second->old.size(), 1u);
  // Back to v1: the first revision is reused and becomes the newest.
  SetImage("v1");
  auto back = Sync();
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(client::NameOf(*back->current), client::NameOf(*first->current));
  EXPECT_EQ(RevisionNumber(*back->current), 3);
}

TEST_F(HistoryTest, NameCollisionRaisesCollisionCount) {
  // Someone else's revision holds the name the current template hashes to.
  auto data = TemplatePatch(*set_);
  auto [hash, name] = config_.name_for(data, std::nullopt);
  h_.api().Seed(revisions_, WorkloadHarness::Json(R"({"apiVersion":"apps/v1","kind":"ControllerRevision",
      "metadata":{"name":")" + name + R"(","namespace":"ns"},"data":{"other":true},"revision":1})"));
  h_.Settle({revisions_});
  auto r = Sync();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsConflict());
  EXPECT_EQ(IntAt(h_.GetOrEmpty(sets_, "ns", "web"), {"status", "collisionCount"}), 1);
  auto retry = Sync();
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_NE(client::NameOf(*retry->current), name);
}

TEST_F(HistoryTest, TruncateKeepsLiveAndNewestRevisions) {
  for (const char* image : {"v2", "v3", "v4"}) {
    ASSERT_TRUE(Sync().ok());
    SetImage(image);
  }
  auto r = Sync();
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->old.size(), 3u);
  std::string live(client::NameOf(*r->old[0]));  // revision 1, still used by a pod
  ASSERT_TRUE(TruncateHistory(h_.api(), r->old, 1, [&](const boost::json::object& rev) {
                return client::NameOf(rev) == live;
              }).ok());
  std::set<int64_t> left;
  for (const auto& rev : h_.List(revisions_, "ns")) left.insert(RevisionNumber(*rev));
  EXPECT_EQ(left, (std::set<int64_t>{1, 3, 4}));
}

}  // namespace
}  // namespace kubepp::controllers::common
