#include "serviceaccount/claims.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace kubepp::serviceaccount {
namespace {

Clock::TimePoint At(int64_t unix_seconds) { return Clock::TimePoint(std::chrono::seconds(unix_seconds)); }

TEST(ClaimsTest, PodBoundTokenCarriesUpstreamsClaimsInLexicalOrder) {
  BoundToken t;
  t.ns = "ns";
  t.service_account = {"default", "sa-uid"};
  t.pod = ObjectRef{"web", "pod-uid"};
  t.node = ObjectRef{"node1", "node-uid"};
  t.audiences = {"https://kubernetes.default.svc.cluster.local"};
  t.issued_at = At(1700000000);
  t.expiration_seconds = kExpirationExtensionSeconds;
  t.warn_after_seconds = kWarnOnlyBoundTokenExpirationSeconds;
  t.jti = "id-1";
  EXPECT_EQ(boost::json::serialize(BoundClaims("https://issuer", t)),
            R"({"aud":["https://kubernetes.default.svc.cluster.local"],"exp":1731536000,"iat":1700000000,)"
            R"("iss":"https://issuer","jti":"id-1","kubernetes.io":{"namespace":"ns",)"
            R"("node":{"name":"node1","uid":"node-uid"},"pod":{"name":"web","uid":"pod-uid"},)"
            R"("serviceaccount":{"name":"default","uid":"sa-uid"},"warnafter":1700003607},)"
            R"("nbf":1700000000,"sub":"system:serviceaccount:ns:default"})");
}

TEST(ClaimsTest, UnboundTokenHasNoObjectOrWarnAfter) {
  BoundToken t;
  t.ns = "ns";
  t.service_account = {"builder", "u"};
  t.audiences = {"a", "b"};
  t.issued_at = At(100);
  t.expiration_seconds = 3600;
  auto claims = BoundClaims("iss", t);
  EXPECT_EQ(claims.at("exp").as_int64(), 3700);
  EXPECT_EQ(claims.at("aud").as_array().size(), 2u);
  EXPECT_FALSE(claims.contains("jti"));
  EXPECT_EQ(boost::json::serialize(claims.at("kubernetes.io")),
            R"({"namespace":"ns","serviceaccount":{"name":"builder","uid":"u"}})");
}

TEST(ClaimsTest, NodeWithoutObjectKeepsOnlyItsName) {
  BoundToken t;
  t.ns = "ns";
  t.service_account = {"sa", "u"};
  t.pod = ObjectRef{"p", "pu"};
  t.node = ObjectRef{"gone-node", ""};
  auto claims = BoundClaims("iss", t);
  EXPECT_EQ(boost::json::serialize(claims.at("kubernetes.io").at("node")), R"({"name":"gone-node"})");
}

TEST(ClaimsTest, LegacyClaims) {
  EXPECT_EQ(boost::json::serialize(LegacyClaims({"ns", "build", "uid-1", "build-token"})),
            R"({"iss":"kubernetes/serviceaccount","kubernetes.io/serviceaccount/namespace":"ns",)"
            R"("kubernetes.io/serviceaccount/secret.name":"build-token",)"
            R"("kubernetes.io/serviceaccount/service-account.name":"build",)"
            R"("kubernetes.io/serviceaccount/service-account.uid":"uid-1",)"
            R"("sub":"system:serviceaccount:ns:build"})");
}

TEST(ClaimsTest, Usernames) {
  EXPECT_EQ(MakeUsername("a", "b"), "system:serviceaccount:a:b");
  std::string ns, name;
  EXPECT_TRUE(SplitUsername("system:serviceaccount:a:b", &ns, &name));
  EXPECT_EQ(ns, "a");
  EXPECT_EQ(name, "b");
  EXPECT_FALSE(SplitUsername("system:serviceaccount:a", &ns, &name));
  EXPECT_FALSE(SplitUsername("system:serviceaccount::b", &ns, &name));
  EXPECT_FALSE(SplitUsername("system:serviceaccount:a:b:c", &ns, &name));
  EXPECT_FALSE(SplitUsername("alice", &ns, &name));
}

TEST(ClaimsTest, UserOfAServiceAccount) {
  ServiceAccountInfo info{"ns", "sa", "uid", "pod", "puid", "node", "nuid", "JTI=x"};
  EXPECT_EQ(info.UserName(), "system:serviceaccount:ns:sa");
  EXPECT_EQ(info.Groups(), (std::vector<std::string>{"system:serviceaccounts", "system:serviceaccounts:ns"}));
  auto extra = info.Extra();
  EXPECT_EQ(extra["authentication.kubernetes.io/pod-name"], std::vector<std::string>{"pod"});
  EXPECT_EQ(extra["authentication.kubernetes.io/pod-uid"], std::vector<std::string>{"puid"});
  EXPECT_EQ(extra["authentication.kubernetes.io/node-name"], std::vector<std::string>{"node"});
  EXPECT_EQ(extra["authentication.kubernetes.io/node-uid"], std::vector<std::string>{"nuid"});
  EXPECT_EQ(extra["authentication.kubernetes.io/credential-id"], std::vector<std::string>{"JTI=x"});
  ServiceAccountInfo plain{"ns", "sa", "uid"};
  EXPECT_TRUE(plain.Extra().empty());
}

}  // namespace
}  // namespace kubepp::serviceaccount
