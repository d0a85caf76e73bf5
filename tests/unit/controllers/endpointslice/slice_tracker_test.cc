#include "controllers/endpointslice/slice_tracker.h"

#include <gtest/gtest.h>

namespace kubepp::controllers {
namespace {

client::ObjectPtr Slice(std::string name, int64_t generation) {
  return client::MakeObject({{"metadata", {{"name", name}, {"generation", generation}}}});
}

TEST(SliceTracker, StaleUntilTheCacheShowsOurWrites) {
  SliceTracker tracker;
  EXPECT_FALSE(tracker.Stale("ns/web", {}));
  tracker.Wrote("ns/web", "web-abc", 1);
  EXPECT_TRUE(tracker.Stale("ns/web", {}));  // created, not cached yet
  EXPECT_FALSE(tracker.Stale("ns/other", {}));
  EXPECT_FALSE(tracker.Stale("ns/web", {Slice("web-abc", 1)}));

  tracker.Wrote("ns/web", "web-abc", 2);
  EXPECT_TRUE(tracker.Stale("ns/web", {Slice("web-abc", 1)}));  // our update not cached yet
  EXPECT_FALSE(tracker.Stale("ns/web", {Slice("web-abc", 3)}));

  tracker.Deleted("ns/web", "web-abc");
  EXPECT_TRUE(tracker.Stale("ns/web", {Slice("web-abc", 3)}));
  EXPECT_FALSE(tracker.Stale("ns/web", {}));
  // Satisfied expectations are forgotten.
  EXPECT_FALSE(tracker.Stale("ns/web", {Slice("web-abc", 3)}));
}

}  // namespace
}  // namespace kubepp::controllers
