#include "kubelet/volumes/payload.h"

#include <gtest/gtest.h>

#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet::volumes {
namespace {

using kubelet::testing::Json;

TEST(PayloadTest, ConfigMapAllKeysIncludingBinaryData) {
  // "AAEC" is the bytes 00 01 02.
  auto cm = Json(R"({"data":{"a":"1","b.txt":"two"},"binaryData":{"bin":"AAEC"}})");
  auto payload = ConfigMapPayload(nullptr, cm, 0640, false);
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(*payload, (Payload{{"a", {"1", 0640}},
                               {"b.txt", {"two", 0640}},
                               {"bin", {std::string("\0\1\2", 3), 0640}}}));
}

TEST(PayloadTest, ConfigMapItemsWithModesAndMissingKeys) {
  auto cm = Json(R"({"data":{"a":"1"},"binaryData":{"bin":"AAEC"}})");
  auto items =
      Json(R"({"i":[{"key":"a","path":"conf/a.txt","mode":256},{"key":"bin","path":"b"}]})");
  auto payload = ConfigMapPayload(&items.at("i").as_array(), cm, 0644, false);
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(*payload,
            (Payload{{"conf/a.txt", {"1", 0400}}, {"b", {std::string("\0\1\2", 3), 0644}}}));

  auto missing = Json(R"({"i":[{"key":"a","path":"a"},{"key":"nope","path":"n"}]})");
  auto failed = ConfigMapPayload(&missing.at("i").as_array(), cm, 0644, false);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message(), "configmap references non-existent config key: nope");
  auto optional = ConfigMapPayload(&missing.at("i").as_array(), cm, 0644, true);
  ASSERT_TRUE(optional.ok());
  EXPECT_EQ(*optional, (Payload{{"a", {"1", 0644}}}));
  // A missing optional ConfigMap reads as an empty one.
  EXPECT_TRUE(ConfigMapPayload(nullptr, boost::json::object(), 0644, true)->empty());
}

TEST(PayloadTest, SecretsAreDecoded) {
  auto secret = Json(R"({"data":{"user":"YWRtaW4=","tls.key":"a2V5"}})");
  auto all = SecretPayload(nullptr, secret, 0400, false);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, (Payload{{"user", {"admin", 0400}}, {"tls.key", {"key", 0400}}}));
  auto items = Json(R"({"i":[{"key":"user","path":"u"},{"key":"nope","path":"n"}]})");
  EXPECT_EQ(SecretPayload(&items.at("i").as_array(), secret, 0644, false).status().message(),
            "references non-existent secret key: nope");
  EXPECT_EQ(*SecretPayload(&items.at("i").as_array(), secret, 0644, true),
            (Payload{{"u", {"admin", 0644}}}));
  auto bad = Json(R"({"data":{"x":"***"}})");
  EXPECT_FALSE(SecretPayload(nullptr, bad, 0644, false).ok());
}

TEST(PayloadTest, DownwardApiFiles) {
  auto pod = Json(R"({"metadata":{"name":"web","namespace":"ns","uid":"u1",
      "labels":{"zone":"a","app":"web"},"annotations":{"build":"42"}},
      "spec":{"containers":[{"name":"app","resources":{"requests":{"memory":"32Mi"},"limits":{"cpu":"250m"}}}]}})");
  auto items = Json(R"({"i":[
      {"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}},
      {"path":"./meta//name","fieldRef":{"fieldPath":"metadata.name"},"mode":384},
      {"path":"build","fieldRef":{"fieldPath":"metadata.annotations['build']"}},
      {"path":"cpu_limit","resourceFieldRef":{"containerName":"app","resource":"limits.cpu","divisor":"1m"}},
      {"path":"mem_limit","resourceFieldRef":{"containerName":"app","resource":"limits.memory","divisor":"1Mi"}},
      {"path":"mem_request","resourceFieldRef":{"containerName":"app","resource":"requests.memory","divisor":"1Mi"}}]})");
  fieldpath::ResourceList node = {{"memory", *api::Quantity::Parse("4Gi")}};
  auto payload = DownwardApiPayload(&items.at("i").as_array(), pod, 0644, node);
  ASSERT_TRUE(payload.ok()) << payload.status().ToString();
  EXPECT_EQ(*payload, (Payload{{"labels", {"app=\"web\"\nzone=\"a\"", 0644}},
                               {"meta/name", {"web", 0600}},
                               {"build", {"42", 0644}},
                               {"cpu_limit", {"250", 0644}},
                               {"mem_limit", {"4096", 0644}},
                               {"mem_request", {"32", 0644}}}));
}

TEST(PayloadTest, DownwardApiAggregatesEveryError) {
  auto pod = Json(R"({"metadata":{"name":"web"},"spec":{"containers":[{"name":"app"}]}})");
  auto items = Json(R"({"i":[
      {"path":"a","fieldRef":{"fieldPath":"spec.nodeName"}},
      {"path":"b","resourceFieldRef":{"containerName":"other","resource":"limits.cpu"}}]})");
  auto payload = DownwardApiPayload(&items.at("i").as_array(), pod, 0644, {});
  ASSERT_FALSE(payload.ok());
  EXPECT_EQ(payload.status().message(),
            "[unsupported fieldPath: spec.nodeName, container other not found]");
}

TEST(PayloadTest, AggregateErrorsAsUpstream) {
  EXPECT_EQ(AggregateErrors({Status::NotFound("a")}).message(), "a");
  EXPECT_TRUE(AggregateErrors({Status::NotFound("a")}).IsNotFound());
  EXPECT_EQ(AggregateErrors({Status::NotFound("a"), Status::Internal("a")}).message(), "a");
  EXPECT_EQ(AggregateErrors({Status::NotFound("a"), Status::Internal("b"), Status::Internal("a")})
                .message(),
            "[a, b]");
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
