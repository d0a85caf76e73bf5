#include "api/managedfields/merge.h"

#include <gtest/gtest.h>

#include "unit/api/managedfields/test_util.h"

namespace kubepp::api::managedfields {
namespace {

using testing::ConfigMapAtom;
using testing::DeploymentAtom;
using testing::J;

std::string M(std::string_view live, std::string_view config, const Atom* atom) {
  return boost::json::serialize(Merge(J(live), J(config), atom));
}

TEST(Merge, GranularMapsMergeAndConfigWinsOnLeaves) {
  EXPECT_EQ(M(R"({"metadata":{"labels":{"a":"1","b":"2"}},"data":{"x":"1"}})",
              R"({"metadata":{"labels":{"b":"9","c":"3"}},"data":{"y":"2"}})", ConfigMapAtom()),
            R"({"metadata":{"labels":{"a":"1","b":"9","c":"3"}},"data":{"x":"1","y":"2"}})");
}

TEST(Merge, NullInTheConfigurationDropsTheField) {
  EXPECT_EQ(M(R"({"data":{"x":"1","y":"2"}})", R"({"data":{"x":null}})", ConfigMapAtom()), R"({"data":{"y":"2"}})");
}

TEST(Merge, AtomicValuesAreReplacedWhole) {
  EXPECT_EQ(M(R"({"spec":{"selector":{"matchLabels":{"a":"1","b":"2"}},"template":{"spec":{"containers":[{"name":"c","args":["x","y"]}]}}}})",
              R"({"spec":{"selector":{"matchLabels":{"c":"3"}},"template":{"spec":{"containers":[{"name":"c","args":["z"]}]}}}})",
              DeploymentAtom()),
            R"({"spec":{"selector":{"matchLabels":{"c":"3"}},"template":{"spec":{"containers":[{"name":"c","args":["z"]}]}}}})");
}

TEST(Merge, ListMapsMergeItemsByKey) {
  EXPECT_EQ(
      M(R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1","env":[{"name":"X","value":"x"}]},{"name":"b","image":"2"}]}}}})",
        R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"9","env":[{"name":"Y","value":"y"}]}]}}}})",
        DeploymentAtom()),
      R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"9","env":[{"name":"X","value":"x"},{"name":"Y","value":"y"}]},{"name":"b","image":"2"}]}}}})");
}

TEST(Merge, SetsMergeByValueInTheConfigurationsOrder) {
  EXPECT_EQ(M(R"({"metadata":{"finalizers":["a","b","c"]}})", R"({"metadata":{"finalizers":["c","d","a"]}})",
              ConfigMapAtom()),
            R"({"metadata":{"finalizers":["b","c","d","a"]}})");
}

TEST(Merge, LiveOnlyItemsStayNearTheirNeighbours) {
  // Live: x, a, y, b; the configuration orders b before a and adds z.
  EXPECT_EQ(M(R"({"metadata":{"finalizers":["x","a","y","b"]}})", R"({"metadata":{"finalizers":["b","a","z"]}})",
              ConfigMapAtom()),
            R"({"metadata":{"finalizers":["x","y","b","a","z"]}})");
}

}  // namespace
}  // namespace kubepp::api::managedfields
