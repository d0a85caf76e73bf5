// generateName: the server picks the name, and a name that is already taken
// is replaced by another before the create fails (upstream's RetryGenerateName).
#include <gtest/gtest.h>

#include <deque>

#include "unit/apiserver/api_test_harness.h"

namespace kubepp::apiserver {
namespace {

using testing::ApiTestHarness;

constexpr const char* kGenerated =
    R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"cm-"}})";

class GenerateNameTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_.registry().SetNameSuffixSource([this] {
      ++suffixes_drawn_;
      if (suffixes_.empty()) return std::string("zzzzz");
      std::string next = suffixes_.front();
      suffixes_.pop_front();
      return next;
    });
    ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces",
                      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns"}})")
                  .status,
              201);
  }
  std::string NameOf(const testing::Response& r) {
    return std::string(r.body.as_object().at("metadata").as_object().at("name").as_string());
  }

  ApiTestHarness api_;
  std::deque<std::string> suffixes_;
  int suffixes_drawn_ = 0;
};

TEST_F(GenerateNameTest, ATakenNameIsReplacedByAnother) {
  suffixes_ = {"bbbbb", "bbbbb", "ccccc"};
  auto first = api_.Do("POST", "/api/v1/namespaces/ns/configmaps", kGenerated);
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(NameOf(first), "cm-bbbbb");
  auto second = api_.Do("POST", "/api/v1/namespaces/ns/configmaps", kGenerated);
  ASSERT_EQ(second.status, 201) << boost::json::serialize(second.body);
  EXPECT_EQ(NameOf(second), "cm-ccccc");
  EXPECT_EQ(api_.Do("GET", "/api/v1/namespaces/ns/configmaps/cm-ccccc").status, 200);
}

TEST_F(GenerateNameTest, EightTakenNamesFailTheCreate) {
  ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces/ns/configmaps", kGenerated).status,
            201);  // cm-zzzzz
  suffixes_drawn_ = 0;
  auto r = api_.Do("POST", "/api/v1/namespaces/ns/configmaps", kGenerated);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body.as_object().at("reason").as_string(), "AlreadyExists");
  EXPECT_EQ(suffixes_drawn_, 8);
}

TEST_F(GenerateNameTest, AGivenNameIsNeverReplaced) {
  ASSERT_EQ(api_.Do("POST", "/api/v1/namespaces/ns/configmaps",
                    R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-fixed"}})")
                .status,
            201);
  suffixes_drawn_ = 0;
  auto r = api_.Do(
      "POST", "/api/v1/namespaces/ns/configmaps",
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-fixed","generateName":"cm-"}})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(suffixes_drawn_, 0);
}

}  // namespace
}  // namespace kubepp::apiserver
