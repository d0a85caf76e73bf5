#include "serviceaccount/keys.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "base/base64.h"

namespace kubepp::serviceaccount {
namespace {

// A PEM private key of any kind OpenSSL can make ("RSA" with bits, "EC"
// with a curve), generated at run time so no key material lives in the
// repository.
std::string GeneratePem(const char* type, const char* curve, size_t bits) {
  EVP_PKEY* key = curve ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, curve)
                        : EVP_PKEY_Q_keygen(nullptr, nullptr, type, bits);
  if (key == nullptr) return "";
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

TEST(KeysTest, GeneratedKeySignsEs256AndVerifies) {
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->algorithm(), Algorithm::kES256);
  auto sig = key->Sign("payload");
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->size(), 64u);  // R||S, not DER
  EXPECT_TRUE(key->public_key().Verify("payload", *sig));
  EXPECT_FALSE(key->public_key().Verify("payloaD", *sig));
  std::string bad = *sig;
  bad[10] ^= 1;
  EXPECT_FALSE(key->public_key().Verify("payload", bad));
  EXPECT_FALSE(key->public_key().Verify("payload", sig->substr(1)));
}

TEST(KeysTest, KeyIdIsTheHashOfThePublicKeyAndSurvivesPem) {
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  // 32 bytes of SHA-256, unpadded base64url: 43 characters.
  EXPECT_EQ(key->key_id().size(), 43u);
  EXPECT_EQ(key->key_id().find_first_of("+/="), std::string::npos);
  auto again = PrivateKey::FromPem(key->Pem());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->key_id(), key->key_id());
  auto pubs = PublicKey::AllFromPem(key->public_key().Pem());
  ASSERT_TRUE(pubs.ok());
  ASSERT_EQ(pubs->size(), 1u);
  EXPECT_EQ((*pubs)[0].key_id(), key->key_id());
  auto other = PrivateKey::Generate();
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->key_id(), key->key_id());
}

TEST(KeysTest, PublicKeysFromSeveralBlocksAndFromPrivateKeys) {
  auto a = PrivateKey::Generate();
  auto b = PrivateKey::Generate();
  ASSERT_TRUE(a.ok() && b.ok());
  auto keys = PublicKey::AllFromPem(a->public_key().Pem() + b->Pem());
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].key_id(), a->key_id());
  EXPECT_EQ((*keys)[1].key_id(), b->key_id());
  auto sig = b->Sign("x");
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE((*keys)[1].Verify("x", *sig));
  EXPECT_FALSE((*keys)[0].Verify("x", *sig));
  EXPECT_FALSE(PublicKey::AllFromPem("not pem").ok());
}

TEST(KeysTest, RsaKeysSignRs256) {
  std::string pem = GeneratePem("RSA", nullptr, 2048);
  ASSERT_FALSE(pem.empty());
  auto key = PrivateKey::FromPem(pem);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->algorithm(), Algorithm::kRS256);
  auto sig = key->Sign("payload");
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->size(), 256u);
  EXPECT_TRUE(key->public_key().Verify("payload", *sig));
  EXPECT_FALSE(key->public_key().Verify("other", *sig));
  auto jwk = key->public_key().Jwk();
  EXPECT_EQ(jwk.at("kty").as_string(), "RSA");
  EXPECT_EQ(jwk.at("alg").as_string(), "RS256");
  EXPECT_EQ(jwk.at("e").as_string(), "AQAB");  // 65537
  EXPECT_EQ(base64::DecodeRawUrl(jwk.at("n").as_string())->size(), 256u);
}

TEST(KeysTest, EcJwkCarriesTheCurvePoint) {
  auto key = PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  auto jwk = key->public_key().Jwk();
  EXPECT_EQ(jwk.at("kty").as_string(), "EC");
  EXPECT_EQ(jwk.at("crv").as_string(), "P-256");
  EXPECT_EQ(jwk.at("alg").as_string(), "ES256");
  EXPECT_EQ(jwk.at("use").as_string(), "sig");
  EXPECT_EQ(jwk.at("kid").as_string(), key->key_id());
  EXPECT_EQ(base64::DecodeRawUrl(jwk.at("x").as_string())->size(), 32u);
  EXPECT_EQ(base64::DecodeRawUrl(jwk.at("y").as_string())->size(), 32u);
}

TEST(KeysTest, OtherCurvesAreRefused) {
  std::string pem = GeneratePem("EC", "P-384", 0);
  ASSERT_FALSE(pem.empty());
  auto key = PrivateKey::FromPem(pem);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("P-256"), std::string::npos) << key.status().message();
  std::string small_rsa = GeneratePem("RSA", nullptr, 1024);
  ASSERT_FALSE(small_rsa.empty());
  EXPECT_FALSE(PrivateKey::FromPem(small_rsa).ok());
}

class KeyFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("kubepp-sakeys-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(KeyFilesTest, CreatesOnceAndKeeps) {
  auto files = EnsureSigningKeyFiles(dir_.string());
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  struct stat st;
  ASSERT_EQ(::stat(files->private_key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto first = ReadKeyFile(files->private_key);
  ASSERT_TRUE(first.ok());
  auto again = EnsureSigningKeyFiles(dir_.string());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*ReadKeyFile(again->private_key), *first);

  // A lost sa.pub is written again from sa.key.
  std::filesystem::remove(files->public_key);
  ASSERT_TRUE(EnsureSigningKeyFiles(dir_.string()).ok());
  auto key = PrivateKey::FromPem(*first);
  auto pubs = PublicKey::AllFromPem(*ReadKeyFile(files->public_key));
  ASSERT_TRUE(key.ok() && pubs.ok());
  EXPECT_EQ((*pubs)[0].key_id(), key->key_id());
}

TEST_F(KeyFilesTest, ACorruptKeyIsAnErrorNotReplaced) {
  auto files = EnsureSigningKeyFiles(dir_.string());
  ASSERT_TRUE(files.ok());
  FILE* f = std::fopen(files->private_key.c_str(), "w");
  std::fputs("garbage", f);
  std::fclose(f);
  EXPECT_FALSE(EnsureSigningKeyFiles(dir_.string()).ok());
  EXPECT_EQ(*ReadKeyFile(files->private_key), "garbage");
}

}  // namespace
}  // namespace kubepp::serviceaccount
