#include "base/flags.h"

#include <gtest/gtest.h>

namespace kubepp {
namespace {

TEST(FlagsTest, StringListRepeatsSplitsAndReplacesTheDefault) {
  std::vector<std::string> list = {"default"};
  FlagSet flags("test");
  flags.StringList("item", &list, "items");
  EXPECT_NE(flags.Usage().find("(default default)"), std::string::npos);
  ASSERT_TRUE(flags.Parse({"--item=a,b", "--item", "c", "--item=,d,"}).ok());
  EXPECT_EQ(list, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(FlagsTest, UnusedStringListKeepsItsDefault) {
  std::vector<std::string> list = {"x"};
  FlagSet flags("test");
  flags.StringList("item", &list, "items");
  ASSERT_TRUE(flags.Parse({}).ok());
  EXPECT_EQ(list, std::vector<std::string>{"x"});
  EXPECT_FALSE(flags.Parse({"--item"}).ok());
}

TEST(FlagsTest, ChangedTellsSetFlagsFromDefaults) {
  bool elect = false;
  int64_t n = 3;
  FlagSet flags("test");
  flags.Bool("leader-elect", &elect, "elect");
  flags.Int("n", &n, "n");
  ASSERT_TRUE(flags.Parse({"--leader-elect=false"}).ok());
  EXPECT_TRUE(flags.Changed("leader-elect"));  // set, even though to its default
  EXPECT_FALSE(flags.Changed("n"));
}

}  // namespace
}  // namespace kubepp
