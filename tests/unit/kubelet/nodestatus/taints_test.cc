#include "kubelet/nodestatus/taints.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {

TEST(ParseTaints, KeyValueEffectAndKeyEffect) {
  auto taints = ParseTaints("dedicated=gpu:NoSchedule,node-role.kubernetes.io/control-plane:NoExecute");
  ASSERT_TRUE(taints.ok()) << taints.status().ToString();
  ASSERT_EQ(taints->size(), 2u);
  EXPECT_EQ((*taints)[0], (Taint{"dedicated", "gpu", "NoSchedule"}));
  EXPECT_EQ((*taints)[1], (Taint{"node-role.kubernetes.io/control-plane", "", "NoExecute"}));
  EXPECT_TRUE(ParseTaints("")->empty());
}

TEST(ParseTaints, RejectsWhatUpstreamRejects) {
  EXPECT_EQ(ParseTaints("a=b:Sometimes").status().message(), "invalid taint effect: Sometimes, unsupported taint effect");
  EXPECT_EQ(ParseTaints("a").status().message(), "invalid taint spec: a");
  // Without an effect "a=b" is a key, and not a valid one.
  EXPECT_TRUE(ParseTaints("a=b").status().message().starts_with("invalid taint spec: a=b, name part must"));
  EXPECT_EQ(ParseTaints("a=b=c:NoSchedule").status().message(), "invalid taint spec: a=b=c:NoSchedule");
  EXPECT_TRUE(ParseTaints("a:b:NoSchedule").status().message().starts_with("invalid taint spec: a:b:NoSchedule"));
  EXPECT_TRUE(ParseTaints("bad key!:NoSchedule").status().message().starts_with("invalid taint spec: bad key!:NoSchedule, "));
  EXPECT_TRUE(ParseTaints("a=b:NoSchedule,a=c:NoSchedule").status().message().starts_with(
      "duplicated taints with the same key and effect"));
  // The same key with another effect is a different taint.
  EXPECT_TRUE(ParseTaints("a=b:NoSchedule,a=b:NoExecute").ok());
}

TEST(ParseTaints, RemovalSyntaxIsCheckedAndDropped) {
  auto taints = ParseTaints("a:NoSchedule-,b=c:NoExecute");
  ASSERT_TRUE(taints.ok());
  ASSERT_EQ(taints->size(), 1u);
  EXPECT_EQ((*taints)[0].key, "b");
  EXPECT_FALSE(ParseTaints("a:Never-").ok());
}

TEST(TaintJson, LeavesEmptyValueOut) {
  EXPECT_EQ(TaintJson({"a", "", "NoSchedule"}), (boost::json::object{{"key", "a"}, {"effect", "NoSchedule"}}));
  EXPECT_EQ(TaintJson({"a", "b", "NoSchedule"}),
            (boost::json::object{{"key", "a"}, {"value", "b"}, {"effect", "NoSchedule"}}));
}

}  // namespace
}  // namespace kubepp::kubelet
