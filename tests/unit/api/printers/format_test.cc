// Timestamps, label sets and label selectors as the printers format them.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/printers/label_format.h"
#include "api/printers/timestamp.h"

namespace kubepp::api::printers {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

TEST(TimestampTest, ParsesRfc3339) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z"), microseconds(0));
  EXPECT_EQ(ParseTimestamp("2024-05-01T12:00:00Z"), seconds(1714564800));
  EXPECT_EQ(ParseTimestamp("2024-05-01T14:00:00+02:00"), seconds(1714564800));
  EXPECT_EQ(ParseTimestamp("2024-05-01T12:00:00.250000Z"),
            seconds(1714564800) + microseconds(250000));
  EXPECT_EQ(ParseTimestamp("2000-02-29T00:00:00Z"), seconds(951782400));
}

TEST(TimestampTest, RejectsZeroAndGarbage) {
  EXPECT_FALSE(ParseTimestamp("0001-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2024-05-01 12:00:00"));
  EXPECT_FALSE(ParseTimestamp("2024-05-01T12:00:00"));
  EXPECT_FALSE(ParseTimestamp(""));
  boost::json::value null_value;
  EXPECT_EQ(TimestampSince(&null_value, seconds(100)), "<unknown>");
  EXPECT_EQ(TimestampSince(nullptr, seconds(100)), "<unknown>");
}

TEST(TimestampTest, Since) {
  boost::json::value t = "2024-05-01T11:55:00Z";
  EXPECT_EQ(TimestampSince(&t, seconds(1714564800)), "5m");
}

TEST(LabelFormatTest, FormatLabelsSortsKeys) {
  boost::json::value labels = boost::json::parse(R"({"tier":"db","app":"web"})");
  EXPECT_EQ(FormatLabels(&labels), "app=web,tier=db");
  boost::json::value empty = boost::json::object();
  EXPECT_EQ(FormatLabels(&empty), "<none>");
  EXPECT_EQ(FormatLabels(nullptr), "<none>");
}

TEST(LabelFormatTest, SelectorString) {
  boost::json::value sel = boost::json::parse(R"({
    "matchLabels": {"app": "web"},
    "matchExpressions": [
      {"key": "env", "operator": "In", "values": ["prod", "dev"]},
      {"key": "legacy", "operator": "DoesNotExist"},
      {"key": "canary", "operator": "Exists"},
      {"key": "zone", "operator": "NotIn", "values": ["b"]}
    ]})");
  EXPECT_EQ(FormatLabelSelector(&sel), "app=web,canary,env in (dev,prod),!legacy,zone notin (b)");
}

TEST(LabelFormatTest, EmptyNilAndInvalidSelectors) {
  EXPECT_EQ(FormatLabelSelector(nullptr), "<none>");
  boost::json::value empty = boost::json::object();
  EXPECT_EQ(FormatLabelSelector(&empty), "<none>");
  EXPECT_EQ(LabelSelectorString(&empty), "");
  boost::json::value bad_op = boost::json::parse(
      R"({"matchExpressions": [{"key": "a", "operator": "Near", "values": ["x"]}]})");
  EXPECT_EQ(FormatLabelSelector(&bad_op), "<error>");
  EXPECT_FALSE(LabelSelectorString(&bad_op));
  boost::json::value no_values =
      boost::json::parse(R"({"matchExpressions": [{"key": "a", "operator": "In"}]})");
  EXPECT_EQ(FormatLabelSelector(&no_values), "<error>");
}

}  // namespace
}  // namespace kubepp::api::printers
