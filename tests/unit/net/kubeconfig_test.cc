// WriteKubeconfig: the file is owner-only YAML that kubectl (when installed)
// reads back to the same server, names and embedded credentials.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "net/pki.h"

namespace kubepp::net {
namespace {

std::string RunShell(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  *status = ::pclose(p);
  return out;
}

std::string Base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

class KubeconfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kubepp-kubeconfig-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    auto p = EnsurePki(PkiOptions{root_ + "/pki", {}});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    pki_ = *p;
    path_ = root_ + "/admin.kubeconfig";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  Status Write(const std::string& user = "kubernetes-admin") {
    return WriteKubeconfig(path_, "https://127.0.0.1:6443", ReadFileOrEmpty(pki_.ca_cert),
                           ReadFileOrEmpty(pki_.admin_cert), ReadFileOrEmpty(pki_.admin_key), user);
  }

  std::string root_, path_;
  PkiPaths pki_;
};

TEST_F(KubeconfigTest, HasTheExpectedShapeAndMode) {
  ASSERT_TRUE(Write().ok());
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string y = ReadFileOrEmpty(path_);
  EXPECT_EQ(y.rfind("apiVersion: v1\nkind: Config\n", 0), 0u) << y;
  EXPECT_NE(y.find("    certificate-authority-data: " + Base64(ReadFileOrEmpty(pki_.ca_cert)) + "\n"),
            std::string::npos);
  EXPECT_NE(y.find("    client-certificate-data: " + Base64(ReadFileOrEmpty(pki_.admin_cert)) + "\n"),
            std::string::npos);
  EXPECT_NE(y.find("    client-key-data: " + Base64(ReadFileOrEmpty(pki_.admin_key)) + "\n"),
            std::string::npos);
  EXPECT_NE(y.find("\ncurrent-context: kubepp\n"), std::string::npos);
  EXPECT_NE(y.find("- name: kubepp\n  cluster:\n"), std::string::npos);
  EXPECT_NE(y.find("server: \"https://127.0.0.1:6443\""), std::string::npos);
}

TEST_F(KubeconfigTest, RejectsEmptyArguments) {
  EXPECT_FALSE(WriteKubeconfig("", "https://x", "", "", "").ok());
  EXPECT_FALSE(WriteKubeconfig(path_, "", "", "", "").ok());
}

TEST_F(KubeconfigTest, KubectlReadsItBack) {
  if (::access("/usr/bin/kubectl", X_OK) != 0) GTEST_SKIP() << "kubectl not installed";
  ASSERT_TRUE(Write("system:node:node-1").ok());
  int st = 0;
  std::string out = RunShell("/usr/bin/kubectl --kubeconfig " + path_ +
                            " config view --raw -o jsonpath='{.current-context}|{.clusters[0].name}|"
                            "{.clusters[0].cluster.server}|{.contexts[0].context.user}|{.users[0].name}|"
                            "{.users[0].user.client-key-data}' 2>&1",
                        &st);
  ASSERT_EQ(st, 0) << out;
  EXPECT_EQ(out, "kubepp|kubepp|https://127.0.0.1:6443|system:node:node-1|system:node:node-1|" +
                     Base64(ReadFileOrEmpty(pki_.admin_key)));
}

}  // namespace
}  // namespace kubepp::net
