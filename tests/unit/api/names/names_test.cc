// Table tests for the name rules, with upstream's messages verbatim.
#include "api/names/names.h"

#include <gtest/gtest.h>

#include <string>

namespace kubepp::api {
namespace {

using Errs = std::vector<std::string>;

TEST(DNS1123Label, AcceptsValid) {
  for (const char* v : {"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "0-1"}) {
    EXPECT_TRUE(IsDNS1123Label(v).empty()) << v;
  }
  EXPECT_TRUE(IsDNS1123Label(std::string(63, 'a')).empty());
}

TEST(DNS1123Label, RejectsInvalid) {
  const std::string msg =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
      "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
      "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  for (const char* v : {"", "A", "ABC", "aBc", "A1", "a-", "-a", "a_b", "a b", "a@b", "1-", "_a"}) {
    EXPECT_EQ(IsDNS1123Label(v), Errs{msg}) << v;
  }
  Errs e = IsDNS1123Label("Foo");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0],
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
            "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
            "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
}

TEST(DNS1123Label, DotsAndLength) {
  EXPECT_EQ(IsDNS1123Label("a.b"), Errs{"must not contain dots"});
  Errs e = IsDNS1123Label(std::string(64, 'a'));
  EXPECT_EQ(e, Errs{"must be no more than 63 characters"});
}

TEST(DNS1123Subdomain, Table) {
  for (const char* v : {"a", "a.b", "a.b.c", "1.2.3", "a-1.b-2", "example.com", "0.a"}) {
    EXPECT_TRUE(IsDNS1123Subdomain(v).empty()) << v;
  }
  for (const char* v : {"", "A", "a.", ".a", "a..b", "a-.b", "a.-b", "a_b", "a b"}) {
    Errs e = IsDNS1123Subdomain(v);
    ASSERT_EQ(e.size(), 1u) << v;
    EXPECT_EQ(e[0],
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
              "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
              "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  EXPECT_TRUE(IsDNS1123Subdomain(std::string(253, 'a')).empty());
  EXPECT_EQ(IsDNS1123Subdomain(std::string(254, 'a')), Errs{"must be no more than 253 characters"});
}

TEST(DNS1035Label, Table) {
  for (const char* v : {"a", "ab", "a-1", "a--b"}) EXPECT_TRUE(IsDNS1035Label(v).empty()) << v;
  for (const char* v : {"", "1a", "a-", "A", "a.b", "a_b"}) {
    Errs e = IsDNS1035Label(v);
    ASSERT_EQ(e.size(), 1u) << v;
    EXPECT_EQ(e[0],
              "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
              "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
              "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  }
}

const char* kNamePartMsg =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

TEST(QualifiedName, AcceptsValid) {
  for (const char* v : {"simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple",
                        "now-with-dashes/simple", "now-with-dashes/now-with-dashes", "now.with.dots/simple",
                        "now-with.dashes-and.dots/simple", "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678",
                        "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123", "requests.storage-foo",
                        "a.b.c.d.e/x"}) {
    EXPECT_TRUE(IsQualifiedName(v).empty()) << v;
  }
  EXPECT_TRUE(IsQualifiedName(std::string(63, 'a')).empty());
  EXPECT_TRUE(IsQualifiedName(std::string(253, 'a') + "/" + std::string(63, 'b')).empty());
}

TEST(QualifiedName, RejectsInvalid) {
  for (const char* v : {"nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-", "only/one/slash",
                        "Example.com/abc", "example_com/abc", "example.com/", "/simple",
                        "a/b/c"}) {
    EXPECT_FALSE(IsQualifiedName(v).empty()) << v;
  }
  EXPECT_FALSE(IsQualifiedName(std::string(64, 'a')).empty());
  EXPECT_FALSE(IsQualifiedName(std::string(254, 'a') + "/abc").empty());
}

TEST(QualifiedName, Messages) {
  EXPECT_EQ(IsQualifiedName("a b"), Errs{kNamePartMsg});
  EXPECT_EQ(IsQualifiedName(""), (Errs{"name part must be non-empty", kNamePartMsg}));
  EXPECT_EQ(IsQualifiedName("/a"), Errs{"prefix part must be non-empty"});
  EXPECT_EQ(IsQualifiedName(std::string(64, 'a')), Errs{"name part must be no more than 63 characters"});
  EXPECT_EQ(IsQualifiedName("a/b/c"),
            Errs{"a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start "
                 "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
                 "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
                 "subdomain prefix and '/' (e.g. 'example.com/MyName')"});
  EXPECT_EQ(IsQualifiedName("A.com/x"),
            Errs{"prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                 "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
                 "'example.com', regex used for validation is "
                 "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"});
}

TEST(LabelValue, Table) {
  for (const char* v : {"", "simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234",
                        "Uppercase_Is_OK_123", "a.b_c-d"}) {
    EXPECT_TRUE(IsValidLabelValue(v).empty()) << v;
  }
  EXPECT_TRUE(IsValidLabelValue(std::string(63, 'a')).empty());
  const std::string msg =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
      "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
      "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  for (const char* v : {"nospecialchars%^=@", "Tama-nui-te-rā.is.Māori.sun", "\\backslashes\\in\\bad",
                        "-starts-with-dash", "ends-with-dash-", ".starts.with.dot", "ends.with.dot.",
                        "a b", "a/b"}) {
    EXPECT_EQ(IsValidLabelValue(v), Errs{msg}) << v;
  }
  EXPECT_EQ(IsValidLabelValue(std::string(64, 'a')), Errs{"must be no more than 63 characters"});
}

TEST(EnvVarName, Table) {
  for (const char* v : {"A", "ABC", "AbC_123", "_", "a.b", "-a", "a-1", "my.env-name", ".a"}) {
    EXPECT_TRUE(IsEnvVarName(v).empty()) << v;
  }
  const std::string msg =
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
      "and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex "
      "used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
  for (const char* v : {"", "1", "123", "a b", "a=b", "a%b"}) EXPECT_EQ(IsEnvVarName(v), Errs{msg}) << v;
  EXPECT_EQ(IsEnvVarName("."), Errs{"must not be '.'"});
  EXPECT_EQ(IsEnvVarName(".."), Errs{"must not be '..'"});
  EXPECT_EQ(IsEnvVarName("..a"), Errs{"must not start with '..'"});
}

TEST(ConfigMapKey, Table) {
  for (const char* v : {"a", "A", "a.b", "a_b", "a-b", "1", ".a", "key.name"}) {
    EXPECT_TRUE(IsConfigMapKey(v).empty()) << v;
  }
  const std::string msg =
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
      "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
  for (const char* v : {"", "a b", "a/b", "a:b"}) EXPECT_EQ(IsConfigMapKey(v), Errs{msg}) << v;
  EXPECT_EQ(IsConfigMapKey(".."), Errs{"must not be '..'"});
  EXPECT_EQ(IsConfigMapKey(std::string(254, 'a')), Errs{"must be no more than 253 characters"});
}

TEST(PortName, Table) {
  for (const char* v : {"telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-b-c-d-e-f-g-h"}) {
    EXPECT_TRUE(IsValidPortName(v).empty()) << v;
  }
  EXPECT_EQ(IsValidPortName("1234"), Errs{"must contain at least one letter (a-z)"});
  EXPECT_EQ(IsValidPortName("a--b"), Errs{"must not contain consecutive hyphens"});
  EXPECT_EQ(IsValidPortName("-a"), Errs{"must not begin or end with a hyphen"});
  EXPECT_EQ(IsValidPortName("abcdefghijklmnop"), Errs{"must be no more than 15 characters"});
  EXPECT_EQ(IsValidPortName("Abc"), Errs{"must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"});
  EXPECT_EQ(IsValidPortName(""), (Errs{"must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                                       "must contain at least one letter (a-z)"}));
}

TEST(PortNum, Table) {
  EXPECT_TRUE(IsValidPortNum(1).empty());
  EXPECT_TRUE(IsValidPortNum(65535).empty());
  EXPECT_EQ(IsValidPortNum(0), Errs{"must be between 1 and 65535, inclusive"});
  EXPECT_EQ(IsValidPortNum(65536), Errs{"must be between 1 and 65535, inclusive"});
  EXPECT_EQ(IsValidPortNum(-1), Errs{"must be between 1 and 65535, inclusive"});
}

TEST(IP, Table) {
  for (const char* v : {"127.0.0.1", "10.9.8.7", "0.0.0.0", "255.255.255.255", "010.001.0.1", "::", "::1",
                        "2001:db8::ffff", "fe80::1", "::ffff:1.2.3.4", "2001:0db8:0000:0000:0000:0000:0000:0001"}) {
    EXPECT_TRUE(IsValidIP(v).empty()) << v;
  }
  for (const char* v : {"", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.4/24", "a.b.c.d", "1.2.3.-4",
                        ":::", "fe80::1%eth0", "2001:db8::g", " 1.2.3.4", "1..2.3"}) {
    EXPECT_EQ(IsValidIP(v), Errs{"must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"}) << v;
  }
}

}  // namespace
}  // namespace kubepp::api
