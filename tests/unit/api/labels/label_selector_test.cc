// Label selector parsing, canonical text, matching and upstream's messages.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/labels/selector.h"

namespace kubepp::api {
namespace {

LabelSelector MustParse(std::string_view text) {
  StatusOr<LabelSelector> s = LabelSelector::Parse(text);
  EXPECT_TRUE(s.ok()) << text << ": " << s.status().ToString();
  return s.ok() ? *s : LabelSelector();
}

std::string ParseError(std::string_view text) {
  StatusOr<LabelSelector> s = LabelSelector::Parse(text);
  if (s.ok()) return "<parsed: " + s->String() + ">";
  EXPECT_EQ(s.status().reason(), Reason::kBadRequest);
  return s.status().message();
}

TEST(LabelSelectorParse, ValidSelectors) {
  for (const char* text : {"", "x=a", "x=a,y=b,z=c", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x",
                           "x>1", "x>1,z<5", "x in (a)", "x in (a,b,c)", "x notin (a)", "x in ()",
                           "x in (,)", "x in (a,,b)", "x  in  ( a , b )", "x==a", "in=notin", "in in (in)",
                           "example.com/key=v", "a.b-c_d=E.f-G_h", "x=a\t,\ty=b", "x,y,!z", "x<5"}) {
    EXPECT_TRUE(LabelSelector::Parse(text).ok()) << text;
  }
}

TEST(LabelSelectorParse, CanonicalString) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"", ""},
      {"x=a,y=b,z=c", "x=a,y=b,z=c"},
      {"z=c,y=b,x=a", "x=a,y=b,z=c"},
      {" x = a , y = b ", "x=a,y=b"},
      {"x==a", "x==a"},
      {"x!=a", "x!=a"},
      {"x=,z= ", "x=,z="},
      {"!x", "!x"},
      {"x", "x"},
      {"x in (b,a)", "x in (a,b)"},
      {"x in (b,a,b)", "x in (a,b)"},
      {"x notin (a)", "x notin (a)"},
      {"x in ()", "x in ()"},
      {"x in (,a)", "x in (,a)"},
      {"x in (a,,b)", "x in (,a,b)"},
      {"x>1,y<2", "x>1,y<2"},
      {"y,!x,z=1", "!x,y,z=1"},
      {"in in (notin,in)", "in in (in,notin)"},
  };
  for (const Case& c : cases) EXPECT_EQ(MustParse(c.in).String(), c.out) << c.in;
}

TEST(LabelSelectorParse, Requirements) {
  LabelSelector s = MustParse("b in (y,x),a");
  ASSERT_EQ(s.requirements().size(), 2u);
  EXPECT_EQ(s.requirements()[0].key, "a");
  EXPECT_EQ(s.requirements()[0].op, Requirement::Op::kExists);
  EXPECT_TRUE(s.requirements()[0].values.empty());
  EXPECT_EQ(s.requirements()[1].key, "b");
  EXPECT_EQ(s.requirements()[1].op, Requirement::Op::kIn);
  EXPECT_EQ(s.requirements()[1].values, (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(MustParse("").Empty());
  EXPECT_FALSE(s.Empty());
}

TEST(LabelSelectorParse, ErrorMessages) {
  const std::string value_msg =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
      "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
      "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  EXPECT_EQ(ParseError("x=a@b"),
            "unable to parse requirement: values[0][x]: Invalid value: \"a@b\": " + value_msg);
  EXPECT_EQ(ParseError("x in (a@b,c)"),
            "unable to parse requirement: values[0][x]: Invalid value: \"a@b\": " + value_msg);
  EXPECT_EQ(ParseError("x in (c,a@b,d@e)"),
            "unable to parse requirement: [values[0][x]: Invalid value: \"a@b\": " + value_msg +
                ", values[2][x]: Invalid value: \"d@e\": " + value_msg + "]");
  EXPECT_EQ(ParseError("x=" + std::string(64, 'a')),
            "unable to parse requirement: values[0][x]: Invalid value: \"" + std::string(64, 'a') +
                "\": must be no more than 63 characters");
  EXPECT_EQ(ParseError("x/y/z"),
            "unable to parse requirement: <nil>: Invalid value: \"x/y/z\": a qualified name must consist of "
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
            "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
            "'example.com/MyName')");
  EXPECT_EQ(ParseError("-x"),
            "unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist of alphanumeric "
            "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', "
            " or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  EXPECT_EQ(ParseError("x>a"),
            "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value "
            "must be an integer");
  // A negative bound is an integer but not a label value.
  EXPECT_EQ(ParseError("x<-5"), "unable to parse requirement: values[0][x]: Invalid value: \"-5\": " + value_msg);
  EXPECT_EQ(ParseError("x<"),
            "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value "
            "must be an integer");
  EXPECT_EQ(ParseError("=a"), "found '=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(ParseError("(x)"), "found '(', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(ParseError("x,"), "found '', expected: identifier after ','");
  EXPECT_EQ(ParseError("x,=a"), "found '=', expected: identifier after ','");
  EXPECT_EQ(ParseError("x=a b"), "found 'b', expected: ',' or 'end of string'");
  EXPECT_EQ(ParseError("x=a||y=b"),
            "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + value_msg);
  EXPECT_EQ(ParseError("x==a==b"), "found '==', expected: ',' or 'end of string'");
  EXPECT_EQ(ParseError("!x=a"), "found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(ParseError("!"), "unable to parse requirement: found '', expected: identifier");
  EXPECT_EQ(ParseError("!=a"), "found '!=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(ParseError("a b"), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  EXPECT_EQ(ParseError("x in a"), "unable to parse requirement: found 'a' expected: '('");
  EXPECT_EQ(ParseError("x in"), "unable to parse requirement: found '' expected: '('");
  EXPECT_EQ(ParseError("x in (a"), "unable to parse requirement: found '', expected: ',' or ')'");
  EXPECT_EQ(ParseError("x in (a b)"), "unable to parse requirement: found 'b', expected: ',' or ')'");
  EXPECT_EQ(ParseError("x in (=)"), "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  EXPECT_EQ(ParseError("x in (a,="), "unable to parse requirement: found '=', expected: ',', or identifier");
  EXPECT_EQ(ParseError("x in (a,"), "unable to parse requirement: found '', expected: ',', or identifier");
  EXPECT_EQ(ParseError("x=(a)"), "unable to parse requirement: found '(', expected: identifier");
  EXPECT_EQ(ParseError("x in (a),"), "found '', expected: identifier after ','");
}

TEST(LabelSelectorParse, NulEndsInput) {
  // Upstream's lexer reads a NUL byte as the end of the input.
  EXPECT_EQ(MustParse(std::string_view("\0x=a", 4)).String(), "");
  EXPECT_EQ(MustParse(std::string_view("x=a\0", 4)).String(), "x=a");
}

bool Matches(std::string_view selector, const Labels& labels) {
  return MustParse(selector).Matches(labels);
}

TEST(LabelSelectorMatch, UpstreamTable) {
  EXPECT_TRUE(Matches("", {{"x", "y"}}));
  EXPECT_TRUE(Matches("x=y", {{"x", "y"}}));
  EXPECT_TRUE(Matches("x=y,z=w", {{"x", "y"}, {"z", "w"}}));
  EXPECT_TRUE(Matches("x!=y,z!=w", {{"x", "z"}, {"z", "a"}}));
  EXPECT_TRUE(Matches("notin=in", {{"notin", "in"}}));
  EXPECT_TRUE(Matches("x", {{"x", "z"}}));
  EXPECT_TRUE(Matches("!x", {{"y", "z"}}));
  EXPECT_TRUE(Matches("x>1", {{"x", "2"}}));
  EXPECT_TRUE(Matches("x<1", {{"x", "0"}}));
  EXPECT_TRUE(Matches("x=", {{"x", ""}}));
  EXPECT_TRUE(Matches("x in ()", {{"x", ""}}));
  EXPECT_TRUE(Matches("x notin (a)", {}));
  EXPECT_TRUE(Matches("x!=a", {}));
  EXPECT_TRUE(Matches("x in (a,b)", {{"x", "b"}}));
  EXPECT_FALSE(Matches("x=z", {}));
  EXPECT_FALSE(Matches("x=y", {{"x", "z"}}));
  EXPECT_FALSE(Matches("x=y,z=w", {{"x", "w"}, {"z", "w"}}));
  EXPECT_FALSE(Matches("x!=y,z!=w", {{"x", "z"}, {"z", "w"}}));
  EXPECT_FALSE(Matches("x", {{"y", "z"}}));
  EXPECT_FALSE(Matches("!x", {{"x", "z"}}));
  EXPECT_FALSE(Matches("x>1", {{"x", "0"}}));
  EXPECT_FALSE(Matches("x>1", {{"x", "1"}}));
  EXPECT_FALSE(Matches("x<1", {{"x", "2"}}));
  EXPECT_FALSE(Matches("x>1", {{"x", "a"}}));
  EXPECT_FALSE(Matches("x>1", {}));
  EXPECT_FALSE(Matches("x in (a,b)", {{"x", "c"}}));
  EXPECT_FALSE(Matches("x in (a,b)", {}));
  EXPECT_FALSE(Matches("x notin (a,b)", {{"x", "a"}}));

  Labels set = {{"foo", "bar"}, {"baz", "blah"}};
  EXPECT_TRUE(Matches("foo=bar", set));
  EXPECT_TRUE(Matches("baz=blah", set));
  EXPECT_TRUE(Matches("foo=bar,baz=blah", set));
  EXPECT_FALSE(Matches("foo=blah", set));
  EXPECT_FALSE(Matches("baz=bar", set));
  EXPECT_FALSE(Matches("foo=bar,foobar=bar,baz=blah", set));
}

TEST(LabelSelectorMatch, JsonLabels) {
  boost::json::object labels = boost::json::parse(R"({"app":"web","tier":"front"})").as_object();
  EXPECT_TRUE(MustParse("app=web,tier in (front,back)").Matches(&labels));
  EXPECT_FALSE(MustParse("app=web,tier notin (front)").Matches(&labels));
  EXPECT_TRUE(MustParse("!missing").Matches(&labels));
  EXPECT_TRUE(MustParse("!app").Matches(nullptr));
  EXPECT_FALSE(MustParse("app").Matches(nullptr));
  EXPECT_TRUE(LabelSelector().Matches(nullptr));
}

StatusOr<LabelSelector> FromJson(std::string_view json) {
  return LabelSelector::FromObject(boost::json::parse(json).as_object());
}

TEST(LabelSelectorFromObject, Builds) {
  StatusOr<LabelSelector> s = FromJson(R"({"matchLabels":{"b":"2","a":"1"},
      "matchExpressions":[{"key":"c","operator":"In","values":["y","x"]},
                          {"key":"d","operator":"NotIn","values":["z"]},
                          {"key":"e","operator":"Exists"},
                          {"key":"f","operator":"DoesNotExist","values":[]}]})");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->String(), "a=1,b=2,c in (x,y),d notin (z),e,!f");
  EXPECT_TRUE(s->Matches(Labels{{"a", "1"}, {"b", "2"}, {"c", "x"}, {"e", ""}}));
  EXPECT_FALSE(s->Matches(Labels{{"a", "1"}, {"b", "2"}, {"c", "x"}, {"e", ""}, {"f", "1"}}));
  EXPECT_FALSE(s->Matches(Labels{{"a", "1"}, {"b", "2"}, {"c", "x"}, {"d", "z"}, {"e", ""}}));

  StatusOr<LabelSelector> empty = FromJson("{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->Empty());
  EXPECT_TRUE(empty->Matches(Labels{{"x", "y"}}));
  EXPECT_TRUE(FromJson(R"({"matchLabels":null,"matchExpressions":null})").ok());
}

std::string FromJsonError(std::string_view json) {
  StatusOr<LabelSelector> s = FromJson(json);
  if (s.ok()) return "<ok>";
  EXPECT_EQ(s.status().reason(), Reason::kBadRequest);
  return s.status().message();
}

TEST(LabelSelectorFromObject, Errors) {
  EXPECT_EQ(FromJsonError(R"({"matchLabels":{"app":"a b"}})"),
            "values[0][app]: Invalid value: \"a b\": a valid label must be an empty string or consist of "
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
            "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  EXPECT_EQ(FromJsonError(R"({"matchLabels":{"a b":"x"}})"),
            "key: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', "
            "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
            "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  EXPECT_EQ(FromJsonError(R"({"matchExpressions":[{"key":"a","operator":"In"}]})"),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
  EXPECT_EQ(FromJsonError(R"({"matchExpressions":[{"key":"a","operator":"NotIn","values":[]}]})"),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
  EXPECT_EQ(FromJsonError(R"({"matchExpressions":[{"key":"a","operator":"Exists","values":["x","y"]}]})"),
            "values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does not exist");
  EXPECT_EQ(FromJsonError(R"({"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]})"),
            "\"Gt\" is not a valid label selector operator");
  EXPECT_EQ(FromJsonError(R"({"matchExpressions":[{"key":"a"}]})"),
            "\"\" is not a valid label selector operator");
  EXPECT_EQ(FromJsonError(R"({"matchExpressions":[{"key":"","operator":"Exists"}]})"),
            "key: Invalid value: \"\": name part must be non-empty; name part must consist of alphanumeric "
            "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', "
            " or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  EXPECT_EQ(FromJsonError(R"({"matchLabels":{"a":"x\ny"}})").substr(0, 35), "values[0][a]: Invalid value: \"x\\ny\"");
  EXPECT_NE(FromJsonError(R"({"matchLabels":["a"]})"), "<ok>");
  EXPECT_NE(FromJsonError(R"({"matchLabels":{"a":1}})"), "<ok>");
  EXPECT_NE(FromJsonError(R"({"matchExpressions":{}})"), "<ok>");
  EXPECT_NE(FromJsonError(R"({"matchExpressions":[{"key":"a","operator":"In","values":[1]}]})"), "<ok>");
}

}  // namespace
}  // namespace kubepp::api
