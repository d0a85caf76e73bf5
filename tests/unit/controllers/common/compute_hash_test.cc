#include "controllers/common/compute_hash.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kubepp::controllers::common {
namespace {

TEST(ComputeHash, Fnv32aKnownValues) {
  // Reference values of FNV-1a 32.
  EXPECT_EQ(Fnv32a(""), 0x811c9dc5u);
  EXPECT_EQ(Fnv32a("a"), 0xe40c292cu);
  EXPECT_EQ(Fnv32a("foobar"), 0xbf9cf968u);
}

TEST(ComputeHash, SafeEncodeStringMapsDigits) {
  // Decimal digits land on these letters, the look of upstream's hashes ("6cf56fc848").
  EXPECT_EQ(SafeEncodeString("0123456789"), "456789bcdf");
}

TEST(ComputeHash, IndependentOfKeyOrder) {
  auto a = boost::json::parse(R"({"metadata":{"labels":{"app":"x","tier":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]}})");
  auto b = boost::json::parse(R"({"spec":{"containers":[{"image":"i","name":"c"}]},"metadata":{"labels":{"tier":"web","app":"x"}}})");
  EXPECT_EQ(ComputeHash(a, std::nullopt), ComputeHash(b, std::nullopt));
}

TEST(ComputeHash, ChangesWithTemplateAndCollisionCount) {
  auto a = boost::json::parse(R"({"spec":{"containers":[{"name":"c","image":"nginx:1"}]}})");
  auto b = boost::json::parse(R"({"spec":{"containers":[{"name":"c","image":"nginx:2"}]}})");
  std::string ha = ComputeHash(a, std::nullopt);
  EXPECT_NE(ha, ComputeHash(b, std::nullopt));
  EXPECT_NE(ha, ComputeHash(a, 1));
  EXPECT_NE(ComputeHash(a, 1), ComputeHash(a, 2));
  EXPECT_LE(ha.size(), 10u);
  EXPECT_EQ(ha.find_first_not_of("bcdfghjklmnpqrstvwxz2456789"), std::string::npos);
}

}  // namespace
}  // namespace kubepp::controllers::common
