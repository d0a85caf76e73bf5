#include "api/managedfields/field_set.h"

#include <gtest/gtest.h>

#include "unit/api/managedfields/test_util.h"

namespace kubepp::api::managedfields {
namespace {

using testing::S;
using testing::V1;

Path P(std::initializer_list<const char*> fields) {
  Path p;
  for (const char* f : fields) p.push_back(PathElement::Field(f));
  return p;
}

TEST(FieldSet, InsertHasAndSize) {
  FieldSet s;
  s.Insert(P({"spec", "replicas"}));
  s.Insert(P({"spec"}));
  s.Insert(P({"metadata", "labels", "app"}));
  s.Insert({});
  EXPECT_TRUE(s.Has(P({"spec"})));
  EXPECT_TRUE(s.Has(P({"spec", "replicas"})));
  EXPECT_FALSE(s.Has(P({"metadata"})));
  EXPECT_FALSE(s.Has(P({"metadata", "labels"})));
  EXPECT_TRUE(s.Has(P({"metadata", "labels", "app"})));
  EXPECT_EQ(s.Size(), 3u);
  EXPECT_EQ(V1(s), R"({"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{".":{},"f:replicas":{}}})");
}

TEST(FieldSet, IteratesMembersBeforeChildrenInOrder) {
  FieldSet s = S(R"({"f:b":{"f:x":{}},"f:a":{},"f:c":{}})");
  std::vector<std::string> seen;
  s.Iterate([&seen](const Path& p) { seen.push_back(PathString(p)); });
  EXPECT_EQ(seen, (std::vector<std::string>{".a", ".c", ".b.x"}));
}

TEST(FieldSet, UnionIntersectionDifference) {
  FieldSet a = S(R"({"f:spec":{".":{},"f:replicas":{},"f:paused":{}},"f:data":{"f:k":{}}})");
  FieldSet b = S(R"({"f:spec":{"f:replicas":{},"f:strategy":{}},"f:metadata":{"f:labels":{"f:x":{}}}})");
  EXPECT_EQ(V1(a.Union(b)),
            R"({"f:data":{"f:k":{}},"f:metadata":{"f:labels":{"f:x":{}}},"f:spec":{".":{},"f:paused":{},"f:replicas":{},"f:strategy":{}}})");
  EXPECT_EQ(V1(a.Intersection(b)), R"({"f:spec":{"f:replicas":{}}})");
  EXPECT_EQ(V1(a.Difference(b)), R"({"f:data":{"f:k":{}},"f:spec":{".":{},"f:paused":{}}})");
  // Nothing left of a child: it disappears rather than lingering empty.
  EXPECT_TRUE(S(R"({"f:a":{"f:b":{}}})").Difference(S(R"({"f:a":{"f:b":{}}})")).Empty());
}

TEST(FieldSet, DifferenceKeepsChildrenOfARemovedMemberButRecursiveDifferenceDoesNot) {
  FieldSet owned = S(R"({"f:status":{"f:phase":{}},"f:spec":{"f:x":{}}})");
  FieldSet status = S(R"({"f:status":{}})");
  EXPECT_EQ(V1(owned.Difference(status)), V1(owned));
  EXPECT_EQ(V1(owned.RecursiveDifference(status)), R"({"f:spec":{"f:x":{}}})");
}

TEST(FieldSet, EqualityIsStructural) {
  EXPECT_EQ(S(R"({"f:a":{},"f:b":{"f:c":{}}})"), S(R"({"f:b":{"f:c":{}},"f:a":{}})"));
  EXPECT_FALSE(S(R"({"f:a":{}})") == S(R"({"f:a":{"f:b":{}}})"));
}

}  // namespace
}  // namespace kubepp::api::managedfields
