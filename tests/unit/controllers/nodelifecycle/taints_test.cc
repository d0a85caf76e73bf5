#include "controllers/nodelifecycle/taints.h"

#include <gtest/gtest.h>

namespace kubepp::controllers {
namespace {

const Taint kUnreachable{"node.kubernetes.io/unreachable", "", "NoExecute", "2026-01-01T00:00:00Z"};
const Taint kDedicated{"dedicated", "gpu", "NoExecute", ""};

boost::json::object PodWith(boost::json::array tolerations) {
  return {{"spec", {{"tolerations", std::move(tolerations)}}}};
}

TEST(Taints, TolerationMatching) {
  EXPECT_TRUE(ToleratesTaint({{"key", "dedicated"}, {"operator", "Equal"}, {"value", "gpu"}}, kDedicated));
  EXPECT_TRUE(ToleratesTaint({{"key", "dedicated"}, {"value", "gpu"}, {"effect", "NoExecute"}}, kDedicated));
  EXPECT_FALSE(ToleratesTaint({{"key", "dedicated"}, {"value", "cpu"}}, kDedicated));
  EXPECT_TRUE(ToleratesTaint({{"key", "dedicated"}, {"operator", "Exists"}}, kDedicated));
  EXPECT_FALSE(ToleratesTaint({{"key", "dedicated"}, {"operator", "Exists"}, {"effect", "NoSchedule"}}, kDedicated));
  EXPECT_TRUE(ToleratesTaint({{"operator", "Exists"}}, kDedicated));
  EXPECT_FALSE(ToleratesTaint({{"key", ""}, {"operator", "Equal"}}, kDedicated));
}

TEST(Taints, TolerationSeconds) {
  EXPECT_EQ(TolerationSecondsFor(PodWith({}), {kUnreachable}), std::nullopt);
  auto defaulted = PodWith({{{"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 300}}});
  EXPECT_EQ(TolerationSecondsFor(defaulted, {kUnreachable}), 300);
  EXPECT_EQ(TolerationSecondsFor(defaulted, {kUnreachable, kDedicated}), std::nullopt);
  auto forever = PodWith({{{"operator", "Exists"}}});
  EXPECT_EQ(TolerationSecondsFor(forever, {kUnreachable, kDedicated}), -1);
  auto two = PodWith({{{"operator", "Exists"}, {"tolerationSeconds", 60}},
                      {{"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"}, {"tolerationSeconds", 10}}});
  EXPECT_EQ(TolerationSecondsFor(two, {kUnreachable}), 10);
}

TEST(Taints, JsonRoundTrip) {
  boost::json::object node{{"spec", {{"taints", TaintsToJson({kUnreachable, kDedicated})}}}};
  auto back = TaintsOf(node);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0], kUnreachable);
  EXPECT_EQ(back[0].time_added, kUnreachable.time_added);
  EXPECT_EQ(back[1].value, "gpu");
}

}  // namespace
}  // namespace kubepp::controllers
