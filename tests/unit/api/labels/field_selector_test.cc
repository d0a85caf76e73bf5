// Field selector parsing, escaping and matching as upstream's fields package.
#include <gtest/gtest.h>

#include "api/labels/selector.h"

namespace kubepp::api {
namespace {

using Fields = std::map<std::string, std::string, std::less<>>;

FieldSelector MustParse(std::string_view text) {
  StatusOr<FieldSelector> s = FieldSelector::Parse(text);
  EXPECT_TRUE(s.ok()) << text << ": " << s.status().ToString();
  return s.ok() ? *s : FieldSelector();
}

std::string ParseError(std::string_view text) {
  StatusOr<FieldSelector> s = FieldSelector::Parse(text);
  if (s.ok()) return "<parsed: " + s->String() + ">";
  EXPECT_EQ(s.status().reason(), Reason::kBadRequest);
  return s.status().message();
}

TEST(FieldSelectorParse, Valid) {
  for (const char* text : {"", "a=b", "a==b", "a!=b", "a=b,c=d", "a=", "a==", "a!=", ",", "a=b,", ",a=b",
                           "metadata.name=x,spec.nodeName!=", "a=b\\,c", "a=b\\=c", "a=b\\\\c", "x=a b"}) {
    EXPECT_TRUE(FieldSelector::Parse(text).ok()) << text;
  }
}

TEST(FieldSelectorParse, Requirements) {
  FieldSelector s = MustParse("spec.nodeName!=,metadata.name==x,status.phase=Running");
  ASSERT_EQ(s.requirements().size(), 3u);
  // Sorted as text, as upstream sorts the raw terms.
  EXPECT_EQ(s.requirements()[0].field, "metadata.name");
  EXPECT_TRUE(s.requirements()[0].equals);
  EXPECT_EQ(s.requirements()[0].value, "x");
  EXPECT_EQ(s.requirements()[1].field, "spec.nodeName");
  EXPECT_FALSE(s.requirements()[1].equals);
  EXPECT_EQ(s.requirements()[1].value, "");
  EXPECT_EQ(s.requirements()[2].field, "status.phase");
  EXPECT_EQ(s.String(), "metadata.name=x,spec.nodeName!=,status.phase=Running");
  ASSERT_NE(s.RequiresExactMatch("metadata.name"), nullptr);
  EXPECT_EQ(*s.RequiresExactMatch("metadata.name"), "x");
  EXPECT_EQ(s.RequiresExactMatch("spec.nodeName"), nullptr);
  EXPECT_EQ(s.RequiresExactMatch("other"), nullptr);
}

TEST(FieldSelectorParse, FirstOperatorSplits) {
  // The first operator in the term splits it; the rest is the value.
  FieldSelector s = MustParse("a!=b\\=c");
  ASSERT_EQ(s.requirements().size(), 1u);
  EXPECT_EQ(s.requirements()[0].field, "a");
  EXPECT_EQ(s.requirements()[0].value, "b=c");
  EXPECT_EQ(ParseError("a=b=c"), "invalid field selector: unescaped character in value: 61");
  EXPECT_EQ(ParseError("a===b"), "invalid field selector: unescaped character in value: 61");
  FieldSelector s2 = MustParse("a=!b");
  ASSERT_EQ(s2.requirements().size(), 1u);
  EXPECT_TRUE(s2.requirements()[0].equals);
  EXPECT_EQ(s2.requirements()[0].value, "!b");
}

TEST(FieldSelectorParse, Escapes) {
  struct Case {
    const char* in;
    const char* value;
  } cases[] = {
      {"a=b\\,c", "b,c"}, {"a=b\\=c", "b=c"}, {"a=b\\\\c", "b\\c"}, {"a=\\\\\\,\\=", "\\,="}, {"a=plain", "plain"},
  };
  for (const Case& c : cases) {
    FieldSelector s = MustParse(c.in);
    ASSERT_EQ(s.requirements().size(), 1u) << c.in;
    EXPECT_EQ(s.requirements()[0].value, c.value) << c.in;
    EXPECT_EQ(s.String(), c.in) << "round trip";
  }
  EXPECT_EQ(EscapeFieldSelectorValue("a\\b,c=d"), "a\\\\b\\,c\\=d");
}

TEST(FieldSelectorParse, Errors) {
  EXPECT_EQ(ParseError("a"), "invalid selector: 'a'; can't understand 'a'");
  EXPECT_EQ(ParseError("x=y,a"), "invalid selector: 'x=y,a'; can't understand 'a'");
  EXPECT_EQ(ParseError("a=b\\c"), "invalid field selector: invalid escape sequence: \\c");
  EXPECT_EQ(ParseError("a=b\\"), "invalid field selector: invalid escape sequence: \\");
  EXPECT_EQ(ParseError("a=b\\\xc3\xa9"), "invalid field selector: invalid escape sequence: \\\xc3\xa9");
  // An escaped comma does not split terms, but a comma in the field name is never escaped.
  EXPECT_EQ(ParseError("a\\,b"), "invalid selector: 'a\\,b'; can't understand 'a\\,b'");
}

TEST(FieldSelectorParse, EmptyTermsDropped) {
  EXPECT_TRUE(MustParse("").Empty());
  EXPECT_TRUE(MustParse(",,").Empty());
  EXPECT_TRUE(MustParse("=").Empty());
  EXPECT_TRUE(MustParse("!=").Empty());
  EXPECT_EQ(MustParse("=x").requirements().size(), 1u);
}

TEST(FieldSelectorMatch, Table) {
  Fields f = {{"metadata.name", "web"}, {"spec.nodeName", ""}, {"status.phase", "Running"}};
  EXPECT_TRUE(MustParse("").Matches(f));
  EXPECT_TRUE(MustParse("metadata.name=web").Matches(f));
  EXPECT_TRUE(MustParse("metadata.name==web").Matches(f));
  EXPECT_TRUE(MustParse("metadata.name!=db").Matches(f));
  EXPECT_TRUE(MustParse("spec.nodeName=").Matches(f));
  EXPECT_TRUE(MustParse("missing=").Matches(f));
  EXPECT_TRUE(MustParse("metadata.name=web,status.phase!=Pending").Matches(f));
  EXPECT_FALSE(MustParse("metadata.name=db").Matches(f));
  EXPECT_FALSE(MustParse("metadata.name!=web").Matches(f));
  EXPECT_FALSE(MustParse("spec.nodeName!=").Matches(f));
  EXPECT_FALSE(MustParse("missing!=").Matches(f));
  EXPECT_FALSE(MustParse("missing=x").Matches(f));
  EXPECT_FALSE(MustParse("metadata.name=web,status.phase=Pending").Matches(f));
}

}  // namespace
}  // namespace kubepp::api
