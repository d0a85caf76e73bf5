#include "kubelet/container/expansion.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet::container {
namespace {

struct Case {
  const char* name;
  const char* input;
  const char* expected;
};

// The cases of upstream's expansion tests (third_party/forked/golang/expansion).
const Case kCases[] = {
    {"whole string", "$(VAR_A)", "A"},
    {"repeat", "$(VAR_A)-$(VAR_A)", "A-A"},
    {"beginning", "$(VAR_A)-1", "A-1"},
    {"middle", "___$(VAR_B)___", "___B___"},
    {"end", "___$(VAR_C)", "___C"},
    {"compound", "$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C"},
    {"escape & expand", "$$(VAR_B)_$(VAR_A)", "$(VAR_B)_A"},
    {"compound escape", "$$(VAR_A)_$$(VAR_B)", "$(VAR_A)_$(VAR_B)"},
    {"mixed in escapes", "f000-$$VAR_A", "f000-$VAR_A"},
    {"backslash escape ignored", "foo\\$(VAR_C)bar", "foo\\Cbar"},
    {"backslash escape ignored twice", "foo\\\\$(VAR_C)bar", "foo\\\\Cbar"},
    {"lots of backslashes", "foo\\\\\\\\$(VAR_A)bar", "foo\\\\\\\\Abar"},
    {"nested var references", "$(VAR_A$(VAR_B))", "$(VAR_A$(VAR_B))"},
    {"nested var references second type", "$(VAR_A$(VAR_B)", "$(VAR_A$(VAR_B)"},
    {"value is a reference", "$(VAR_REF)", "$(VAR_A)"},
    {"value is a reference x 2", "%%$(VAR_REF)--$(VAR_REF)%%", "%%$(VAR_A)--$(VAR_A)%%"},
    {"empty var", "foo$(VAR_EMPTY)bar", "foobar"},
    {"unterminated expression", "foo$(VAR_Awhoops!", "foo$(VAR_Awhoops!"},
    {"expression without operator", "f00__(VAR_A)__", "f00__(VAR_A)__"},
    {"shell special vars pass through", "$?_boo_$!", "$?_boo_$!"},
    {"bare operators are ignored", "$VAR_A", "$VAR_A"},
    {"undefined vars are passed through", "$(VAR_DNE)", "$(VAR_DNE)"},
    {"multiple (even) operators, var undefined", "$$$$$$(BIG_MONEY)", "$$$(BIG_MONEY)"},
    {"multiple (even) operators, var defined", "$$$$$$(VAR_A)", "$$$(VAR_A)"},
    {"multiple (odd) operators, var undefined", "$$$$$$$(GOOD_ODDS)", "$$$$(GOOD_ODDS)"},
    {"multiple (odd) operators, var defined", "$$$$$$$(VAR_A)", "$$$A"},
    {"missing open expression", "$VAR_A)", "$VAR_A)"},
    {"shell syntax ignored", "${VAR_A}", "${VAR_A}"},
    {"trailing incomplete expression not consumed", "$(VAR_B)_______$(A", "B_______$(A"},
    {"trailing incomplete expression, no content, is not consumed", "$(VAR_C)_______$(",
     "C_______$("},
    {"operator at end of input string is preserved", "$(VAR_A)foobarzab$", "Afoobarzab$"},
    {"shell escaped incomplete expr", "foo-\\$(VAR_A", "foo-\\$(VAR_A"},
    {"lots of $( in middle", "--$($($($($--", "--$($($($($--"},
    {"lots of $( in beginning", "$($($($($--foo$(", "$($($($($--foo$("},
    {"lots of $( at end", "foo0--$($($($(", "foo0--$($($($("},
    {"escaped operators in variable names are not escaped", "$(foo$$var)", "$(foo$$var)"},
    {"newline not expanded", "\n", "\n"},
};

void ExpectCases(const ExpansionMapping& mapping) {
  for (const Case& c : kCases) EXPECT_EQ(Expand(c.input, mapping), c.expected) << c.name;
}

TEST(ExpansionTest, UpstreamCasesWithOneContext) {
  EnvMap context = {
      {"VAR_A", "A"}, {"VAR_B", "B"}, {"VAR_C", "C"}, {"VAR_REF", "$(VAR_A)"}, {"VAR_EMPTY", ""}};
  ExpectCases(MappingFor({&context}));
}

TEST(ExpansionTest, UpstreamCasesWithTwoContexts) {
  EnvMap first = {{"VAR_A", "A"}, {"VAR_EMPTY", ""}};
  EnvMap second = {{"VAR_B", "B"}, {"VAR_C", "C"}, {"VAR_REF", "$(VAR_A)"}};
  ExpectCases(MappingFor({&first, &second}));
}

TEST(ExpansionTest, FirstContextWins) {
  EnvMap first = {{"X", "1"}};
  EnvMap second = {{"X", "2"}, {"Y", "3"}};
  EXPECT_EQ(Expand("$(X)$(Y)", MappingFor({&first, &second})), "13");
}

// upstream's TestMapReference: each variable sees those declared before it,
// because the declared context is updated as the list is walked.
TEST(ExpansionTest, DeclaredVariablesReferToEarlierOnes) {
  EnvMap declared = {{"FOO", "bar"}, {"ZOO", "$(FOO)-1"}, {"BLU", "$(ZOO)-2"}};
  EnvMap services;
  ExpansionMapping mapping = MappingFor({&declared, &services});
  for (const char* name : {"FOO", "ZOO", "BLU"}) declared[name] = Expand(declared[name], mapping);
  EXPECT_EQ(declared["FOO"], "bar");
  EXPECT_EQ(declared["ZOO"], "bar-1");
  EXPECT_EQ(declared["BLU"], "bar-1-2");
  EXPECT_EQ(declared.size(), 3u);
}

TEST(ExpansionTest, MappingIsReadAtExpansionTime) {
  EnvMap vars;
  ExpansionMapping mapping = MappingFor({&vars});
  EXPECT_EQ(Expand("$(LATE)", mapping), "$(LATE)");
  vars["LATE"] = "now";
  EXPECT_EQ(Expand("$(LATE)", mapping), "now");
}

// A byte >= 0x80 after a bare '$' goes through Go's byte-to-rune conversion.
TEST(ExpansionTest, NonAsciiAfterBareOperatorAsUpstream) {
  EnvMap none;
  EXPECT_EQ(Expand("$\xc3\xa9", MappingFor({&none})), "$\xc3\x83\xa9");
  EXPECT_EQ(Expand("\xc3\xa9$(X)", MappingFor({&none})), "\xc3\xa9$(X)");
}

}  // namespace
}  // namespace kubepp::kubelet::container
