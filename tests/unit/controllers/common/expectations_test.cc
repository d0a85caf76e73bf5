#include "controllers/common/expectations.h"

#include <gtest/gtest.h>

namespace kubepp::controllers::common {
namespace {

TEST(Expectations, UnknownKeyIsSatisfied) {
  FakeClock clock;
  Expectations e(clock);
  EXPECT_TRUE(e.Satisfied("ns/rs"));
}

TEST(Expectations, CreationsMustAllBeObserved) {
  FakeClock clock;
  Expectations e(clock);
  e.ExpectCreations("ns/rs", 2);
  EXPECT_FALSE(e.Satisfied("ns/rs"));
  e.CreationObserved("ns/rs");
  EXPECT_FALSE(e.Satisfied("ns/rs"));
  e.CreationObserved("ns/rs");
  EXPECT_TRUE(e.Satisfied("ns/rs"));
}

TEST(Expectations, DeletionsCountOnlyExpectedPodsOnce) {
  FakeClock clock;
  Expectations e(clock);
  e.ExpectDeletions("ns/rs", {"ns/a", "ns/b"});
  e.DeletionObserved("ns/rs", "ns/other");
  e.DeletionObserved("ns/rs", "ns/a");
  e.DeletionObserved("ns/rs", "ns/a");
  EXPECT_EQ(e.Pending("ns/rs"), std::make_pair(int64_t{0}, int64_t{1}));
  EXPECT_FALSE(e.Satisfied("ns/rs"));
  e.DeletionObserved("ns/rs", "ns/b");
  EXPECT_TRUE(e.Satisfied("ns/rs"));
}

TEST(Expectations, ExpireAfterFiveMinutes) {
  FakeClock clock;
  Expectations e(clock);
  e.ExpectCreations("ns/rs", 3);
  clock.Advance(std::chrono::minutes(5));
  EXPECT_FALSE(e.Satisfied("ns/rs"));
  clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(e.Satisfied("ns/rs"));
}

TEST(Expectations, DeleteForgets) {
  FakeClock clock;
  Expectations e(clock);
  e.ExpectCreations("ns/rs", 3);
  e.Delete("ns/rs");
  EXPECT_TRUE(e.Satisfied("ns/rs"));
}

}  // namespace
}  // namespace kubepp::controllers::common
