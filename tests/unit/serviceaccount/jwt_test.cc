#include "serviceaccount/jwt.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "base/base64.h"

namespace kubepp::serviceaccount {
namespace {

TEST(JwtTest, SignsCompactJwsWithAlgAndKid) {
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  boost::json::object claims{{"iss", "me"}, {"sub", "you"}};
  auto token = SignJwt(*key, claims);
  ASSERT_TRUE(token.ok());
  ASSERT_EQ(std::count(token->begin(), token->end(), '.'), 2);
  std::string header = *base64::DecodeRawUrl(token->substr(0, token->find('.')));
  EXPECT_EQ(header, R"({"alg":"ES256","kid":")" + key->key_id() + R"("})");

  auto parsed = ParseJwt(*token);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->claims, claims);
  EXPECT_TRUE(VerifyJwt(*parsed, {key->public_key()}));
}

TEST(JwtTest, OnlyTheSigningKeyVerifies) {
  auto key = PrivateKey::Generate();
  auto other = PrivateKey::Generate();
  ASSERT_TRUE(key.ok() && other.ok());
  auto token = SignJwt(*key, {{"iss", "me"}});
  auto parsed = ParseJwt(*token);
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(VerifyJwt(*parsed, {other->public_key()}));
  EXPECT_TRUE(VerifyJwt(*parsed, {other->public_key(), key->public_key()}));
  EXPECT_FALSE(VerifyJwt(*parsed, {}));
}

TEST(JwtTest, TamperedClaimsDoNotVerify) {
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  auto token = SignJwt(*key, {{"sub", "system:serviceaccount:a:b"}});
  std::string forged_claims = base64::EncodeRawUrl(R"({"sub":"system:serviceaccount:kube-system:admin"})");
  size_t first = token->find('.');
  size_t second = token->find('.', first + 1);
  std::string forged = token->substr(0, first + 1) + forged_claims + token->substr(second);
  auto parsed = ParseJwt(forged);
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(VerifyJwt(*parsed, {key->public_key()}));
}

TEST(JwtTest, AlgorithmNoneNeverVerifies) {
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  std::string token = base64::EncodeRawUrl(R"({"alg":"none"})") + "." + base64::EncodeRawUrl(R"({"iss":"me"})") + ".";
  auto parsed = ParseJwt(token);
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(VerifyJwt(*parsed, {key->public_key()}));
  // An ES256 signature presented as RS256 is not tried against EC keys.
  auto real = SignJwt(*key, {{"iss", "me"}});
  auto p2 = ParseJwt(*real);
  p2->header["alg"] = "RS256";
  EXPECT_FALSE(VerifyJwt(*p2, {key->public_key()}));
}

TEST(JwtTest, MalformedTokensAreRefused) {
  EXPECT_FALSE(ParseJwt("").ok());
  EXPECT_FALSE(ParseJwt("abc").ok());
  EXPECT_FALSE(ParseJwt("a.b").ok());
  EXPECT_FALSE(ParseJwt("a.b.c.d").ok());
  EXPECT_FALSE(ParseJwt("!!.e30.").ok());
  EXPECT_FALSE(ParseJwt(base64::EncodeRawUrl("[1]") + ".e30.").ok());
  EXPECT_FALSE(ParseJwt("e30." + base64::EncodeRawUrl("not json") + ".").ok());
  EXPECT_TRUE(ParseJwt("e30.e30.").ok());  // {} . {} . (empty signature)
}

}  // namespace
}  // namespace kubepp::serviceaccount
