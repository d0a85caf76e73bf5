// EnsurePki and IssueClientCert: the files exist with the right modes, the
// certificates chain to the CA for the right purpose, carry the expected
// names, and a second run keeps what the first one wrote.
#include "net/pki.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace kubepp::net {
namespace {

struct X509Free { void operator()(X509* x) const { X509_free(x); } };
using Cert = std::unique_ptr<X509, X509Free>;

Cert ParseCert(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  Cert c(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  return c;
}

// Verifies `leaf` against `ca` in-process for an SSL purpose (which also
// checks the extended key usage).
bool VerifiesFor(X509* ca, X509* leaf, int purpose, std::string* err) {
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf, nullptr);
  X509_STORE_CTX_set_purpose(ctx, purpose);
  bool ok = X509_verify_cert(ctx) == 1;
  if (!ok) *err = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  return ok;
}

std::string SubjectLine(X509* c) {
  char buf[512];
  X509_NAME_oneline(X509_get_subject_name(c), buf, sizeof(buf));
  return buf;
}

unsigned Mode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

std::string RunShell(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  *status = ::pclose(p);
  return out;
}

class PkiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kubepp-pki-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    options_.dir = root_ + "/pki";
    options_.extra_sans = {"api.example.test", "192.0.2.10"};
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  PkiPaths Ensure() {
    auto p = EnsurePki(options_);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : PkiPaths{};
  }

  std::string root_;
  PkiOptions options_;
};

TEST_F(PkiTest, CreatesEveryFileWithPrivateKeyModes) {
  PkiPaths p = Ensure();
  EXPECT_EQ(p.ca_cert, options_.dir + "/ca.crt");
  EXPECT_EQ(p.serving_key, options_.dir + "/apiserver.key");
  EXPECT_EQ(p.kubelet_client_cert, options_.dir + "/apiserver-kubelet-client.crt");
  for (const auto* key : {&p.ca_key, &p.serving_key, &p.admin_key, &p.kubelet_client_key}) {
    EXPECT_EQ(Mode(*key), 0600u) << *key;
    std::string pem = ReadFileOrEmpty(*key);
    EXPECT_NE(pem.find("-----BEGIN PRIVATE KEY-----"), std::string::npos) << *key;
  }
  for (const auto* cert : {&p.ca_cert, &p.serving_cert, &p.admin_cert, &p.kubelet_client_cert}) {
    EXPECT_EQ(Mode(*cert), 0644u) << *cert;
    EXPECT_TRUE(ParseCert(ReadFileOrEmpty(*cert))) << *cert;
  }
  EXPECT_EQ(Mode(options_.dir), 0700u);
}

TEST_F(PkiTest, KeysAreEcdsaP256) {
  PkiPaths p = Ensure();
  Cert c = ParseCert(ReadFileOrEmpty(p.serving_cert));
  ASSERT_TRUE(c);
  EVP_PKEY* key = X509_get0_pubkey(c.get());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
  char group[64] = {};
  size_t len = 0;
  ASSERT_EQ(EVP_PKEY_get_group_name(key, group, sizeof(group), &len), 1);
  EXPECT_STREQ(group, "prime256v1");
}

TEST_F(PkiTest, LeavesVerifyAgainstTheCaForTheirPurpose) {
  PkiPaths p = Ensure();
  Cert ca = ParseCert(ReadFileOrEmpty(p.ca_cert));
  Cert serving = ParseCert(ReadFileOrEmpty(p.serving_cert));
  Cert admin = ParseCert(ReadFileOrEmpty(p.admin_cert));
  Cert kubelet = ParseCert(ReadFileOrEmpty(p.kubelet_client_cert));
  ASSERT_TRUE(ca && serving && admin && kubelet);
  std::string err;
  EXPECT_TRUE(VerifiesFor(ca.get(), serving.get(), X509_PURPOSE_SSL_SERVER, &err)) << err;
  EXPECT_TRUE(VerifiesFor(ca.get(), admin.get(), X509_PURPOSE_SSL_CLIENT, &err)) << err;
  EXPECT_TRUE(VerifiesFor(ca.get(), kubelet.get(), X509_PURPOSE_SSL_CLIENT, &err)) << err;
  // The EKUs are exclusive: a client certificate cannot serve and vice versa.
  EXPECT_FALSE(VerifiesFor(ca.get(), admin.get(), X509_PURPOSE_SSL_SERVER, &err));
  EXPECT_FALSE(VerifiesFor(ca.get(), serving.get(), X509_PURPOSE_SSL_CLIENT, &err));
  // A certificate from another CA does not verify.
  PkiOptions other;
  other.dir = root_ + "/other";
  auto q = EnsurePki(other);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  Cert other_admin = ParseCert(ReadFileOrEmpty(q->admin_cert));
  EXPECT_FALSE(VerifiesFor(ca.get(), other_admin.get(), X509_PURPOSE_SSL_CLIENT, &err));
}

TEST_F(PkiTest, OpensslCommandLineVerifies) {
  PkiPaths p = Ensure();
  int st = 0;
  std::string out = RunShell("openssl verify -purpose sslserver -CAfile " + p.ca_cert + " " + p.serving_cert, &st);
  if (out.find("not found") != std::string::npos) GTEST_SKIP() << "no openssl binary";
  EXPECT_EQ(st, 0) << out;
  EXPECT_NE(out.find(": OK"), std::string::npos) << out;
  out = RunShell("openssl verify -purpose sslclient -CAfile " + p.ca_cert + " " + p.admin_cert, &st);
  EXPECT_EQ(st, 0) << out;
}

TEST_F(PkiTest, ServingCertCarriesTheSans) {
  PkiPaths p = Ensure();
  Cert c = ParseCert(ReadFileOrEmpty(p.serving_cert));
  ASSERT_TRUE(c);
  for (const char* host : {"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                           "kubernetes.default.svc.cluster.local", "api.example.test"}) {
    EXPECT_EQ(X509_check_host(c.get(), host, 0, 0, nullptr), 1) << host;
  }
  char hostname[256] = {};
  ASSERT_EQ(gethostname(hostname, sizeof(hostname) - 1), 0);
  EXPECT_EQ(X509_check_host(c.get(), hostname, 0, 0, nullptr), 1) << hostname;
  for (const char* ip : {"127.0.0.1", "::1", "10.96.0.1", "192.0.2.10"}) {
    EXPECT_EQ(X509_check_ip_asc(c.get(), ip, 0), 1) << ip;
  }
  EXPECT_NE(X509_check_host(c.get(), "evil.example.test", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_ip_asc(c.get(), "192.0.2.11", 0), 1);
  EXPECT_NE(SubjectLine(c.get()).find("CN=kube-apiserver"), std::string::npos);
}

TEST_F(PkiTest, ClientCertsNameUserAndGroups) {
  PkiPaths p = Ensure();
  Cert admin = ParseCert(ReadFileOrEmpty(p.admin_cert));
  ASSERT_TRUE(admin);
  EXPECT_EQ(SubjectLine(admin.get()), "/O=system:masters/CN=kubernetes-admin");
  Cert kubelet = ParseCert(ReadFileOrEmpty(p.kubelet_client_cert));
  ASSERT_TRUE(kubelet);
  EXPECT_EQ(SubjectLine(kubelet.get()), "/O=system:masters/CN=kube-apiserver-kubelet-client");
  Cert ca = ParseCert(ReadFileOrEmpty(p.ca_cert));
  ASSERT_TRUE(ca);
  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  EXPECT_EQ(X509_check_ca(admin.get()), 0);
}

TEST_F(PkiTest, ValidityIsTenYearsForTheCaAndOneYearForLeaves) {
  PkiPaths p = Ensure();
  auto days_valid = [](X509* c) {
    int days = 0, secs = 0;
    ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(c), X509_get0_notAfter(c));
    return days;
  };
  Cert ca = ParseCert(ReadFileOrEmpty(p.ca_cert));
  Cert admin = ParseCert(ReadFileOrEmpty(p.admin_cert));
  ASSERT_TRUE(ca && admin);
  EXPECT_EQ(days_valid(ca.get()), 3650);
  EXPECT_EQ(days_valid(admin.get()), 365);
  EXPECT_LE(X509_cmp_current_time(X509_get0_notBefore(admin.get())), 0);  // valid now
}

TEST_F(PkiTest, SecondRunKeepsFilesAndReissuesOnlyWhatIsMissing) {
  PkiPaths p = Ensure();
  std::string ca = ReadFileOrEmpty(p.ca_cert), serving = ReadFileOrEmpty(p.serving_cert);
  std::string admin = ReadFileOrEmpty(p.admin_cert), admin_key = ReadFileOrEmpty(p.admin_key);
  Ensure();
  EXPECT_EQ(ReadFileOrEmpty(p.ca_cert), ca);
  EXPECT_EQ(ReadFileOrEmpty(p.serving_cert), serving);
  EXPECT_EQ(ReadFileOrEmpty(p.admin_key), admin_key);

  // A lost admin key: the pair is re-issued by the same CA, the rest is kept.
  ASSERT_EQ(::unlink(p.admin_key.c_str()), 0);
  Ensure();
  EXPECT_EQ(ReadFileOrEmpty(p.ca_cert), ca);
  EXPECT_EQ(ReadFileOrEmpty(p.serving_cert), serving);
  EXPECT_NE(ReadFileOrEmpty(p.admin_cert), admin);
  EXPECT_EQ(Mode(p.admin_key), 0600u);
  Cert cac = ParseCert(ca);
  Cert adminc = ParseCert(ReadFileOrEmpty(p.admin_cert));
  std::string err;
  EXPECT_TRUE(VerifiesFor(cac.get(), adminc.get(), X509_PURPOSE_SSL_CLIENT, &err)) << err;
}

TEST_F(PkiTest, HalfACaIsAnError) {
  PkiPaths p = Ensure();
  ASSERT_EQ(::unlink(p.ca_key.c_str()), 0);
  ASSERT_EQ(::unlink(p.admin_cert.c_str()), 0);
  auto again = EnsurePki(options_);
  EXPECT_FALSE(again.ok());
  EXPECT_TRUE(ReadFileOrEmpty(p.ca_key).empty());  // nothing silently regenerated
}

TEST_F(PkiTest, EmptyDirIsRejected) {
  EXPECT_FALSE(EnsurePki(PkiOptions{}).ok());
}

TEST_F(PkiTest, IssueClientCertSignsWithTheCa) {
  PkiPaths p = Ensure();
  auto issued = IssueClientCert(p, "jane", {"dev", "ops"}, 30);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_NE(issued->key_pem.find("PRIVATE KEY"), std::string::npos);
  Cert c = ParseCert(issued->cert_pem);
  Cert ca = ParseCert(ReadFileOrEmpty(p.ca_cert));
  ASSERT_TRUE(c && ca);
  EXPECT_EQ(SubjectLine(c.get()), "/O=dev/O=ops/CN=jane");
  std::string err;
  EXPECT_TRUE(VerifiesFor(ca.get(), c.get(), X509_PURPOSE_SSL_CLIENT, &err)) << err;
  int days = 0, secs = 0;
  ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(c.get()), X509_get0_notAfter(c.get()));
  EXPECT_EQ(days, 30);

  EXPECT_FALSE(IssueClientCert(p, "", {}).ok());
  PkiPaths missing = p;
  missing.ca_key = root_ + "/nope.key";
  EXPECT_FALSE(IssueClientCert(missing, "jane", {}).ok());
}

TEST_F(PkiTest, IssueServingCertForAKubeletSignsWithTheCa) {
  PkiPaths p = Ensure();
  auto issued = IssueServingCert(p, "node-1", {"node-1", "192.0.2.7", "::1"}, 10);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  Cert c = ParseCert(issued->cert_pem);
  Cert ca = ParseCert(ReadFileOrEmpty(p.ca_cert));
  ASSERT_TRUE(c && ca);
  std::string err;
  EXPECT_TRUE(VerifiesFor(ca.get(), c.get(), X509_PURPOSE_SSL_SERVER, &err)) << err;
  EXPECT_FALSE(VerifiesFor(ca.get(), c.get(), X509_PURPOSE_SSL_CLIENT, &err));
  EXPECT_EQ(X509_check_host(c.get(), "node-1", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(c.get(), "192.0.2.7", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(c.get(), "::1", 0), 1);
  EXPECT_NE(X509_check_ip_asc(c.get(), "192.0.2.8", 0), 1);
  EXPECT_EQ(SubjectLine(c.get()), "/CN=node-1");
  EXPECT_FALSE(IssueServingCert(p, "", {}).ok());
}

TEST_F(PkiTest, SelfSignedServingCertVerifiesOnlyAgainstItself) {
  auto issued = SelfSignedServingCert("node-2", {"node-2", "127.0.0.1"});
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  Cert c = ParseCert(issued->cert_pem);
  ASSERT_TRUE(c);
  EXPECT_EQ(X509_check_host(c.get(), "node-2", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(c.get(), "127.0.0.1", 0), 1);
  PkiPaths p = Ensure();
  Cert ca = ParseCert(ReadFileOrEmpty(p.ca_cert));
  std::string err;
  EXPECT_FALSE(VerifiesFor(ca.get(), c.get(), X509_PURPOSE_SSL_SERVER, &err));

  ASSERT_TRUE(WriteCertAndKey(root_ + "/k.crt", root_ + "/k.key", *issued).ok());
  EXPECT_EQ(Mode(root_ + "/k.key"), 0600u);
  EXPECT_EQ(Mode(root_ + "/k.crt"), 0644u);
  EXPECT_EQ(ReadFileOrEmpty(root_ + "/k.crt"), issued->cert_pem);
}

TEST(ReadFileOrEmptyTest, MissingFileIsEmpty) {
  EXPECT_EQ(ReadFileOrEmpty("/nonexistent/kubepp/file"), "");
}

}  // namespace
}  // namespace kubepp::net
