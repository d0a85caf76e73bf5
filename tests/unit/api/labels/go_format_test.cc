// Go value formatting used inside upstream messages.
#include "api/labels/go_format.h"

#include <gtest/gtest.h>

namespace kubepp::api::internal {
namespace {

TEST(GoFormat, SliceFieldAggregate) {
  EXPECT_EQ(GoStringSlice({}), "[]string(nil)");
  EXPECT_EQ(GoStringSlice({"a", "b"}), "[]string{\"a\", \"b\"}");
  EXPECT_EQ(InvalidFieldError("f", "\"v\"", "bad"), "f: Invalid value: \"v\": bad");
  EXPECT_EQ(AggregateErrors({"a"}), "a");
  EXPECT_EQ(AggregateErrors({"a", "a"}), "a");
  EXPECT_EQ(AggregateErrors({"a", "b", "a"}), "[a, b]");
}

}  // namespace
}  // namespace kubepp::api::internal
