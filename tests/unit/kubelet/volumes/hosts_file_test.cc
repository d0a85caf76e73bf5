#include "kubelet/volumes/hosts_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "unit/kubelet/test_util.h"
#include "unit/kubelet/volumes/temp_dir.h"

namespace kubepp::kubelet::volumes {
namespace {

using kubelet::testing::Json;
using testing::ReadFile;
using testing::TempDir;

constexpr char kPreamble[] =
    "# Kubernetes-managed hosts file.\n"
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "fe00::0\tip6-localnet\n"
    "fe00::0\tip6-mcastprefix\n"
    "fe00::1\tip6-allnodes\n"
    "fe00::2\tip6-allrouters\n";

TEST(HostsFileTest, ManagedContent) {
  EXPECT_EQ(ManagedHostsFileContent({"10.1.0.5"}, "web-0", "", nullptr),
            std::string(kPreamble) + "10.1.0.5\tweb-0\n");
  EXPECT_EQ(ManagedHostsFileContent({"10.1.0.5", "fd00::5"}, "web-0", "web.shop.svc.cluster.local",
                                    nullptr),
            std::string(kPreamble) + "10.1.0.5\tweb-0.web.shop.svc.cluster.local\tweb-0\n" +
                "fd00::5\tweb-0.web.shop.svc.cluster.local\tweb-0\n");
  auto aliases = Json(
      R"({"a":[{"ip":"10.9.9.9","hostnames":["foo.local","bar.local"]},{"ip":"10.9.9.8","hostnames":["baz"]}]})");
  EXPECT_EQ(ManagedHostsFileContent({"10.1.0.5"}, "web-0", "", &aliases.at("a").as_array()),
            std::string(kPreamble) + "10.1.0.5\tweb-0\n\n# Entries added by HostAliases.\n" +
                "10.9.9.9\tfoo.local\tbar.local\n10.9.9.8\tbaz\n");
}

TEST(HostsFileTest, WritesTheFileWithMode0644) {
  TempDir tmp;
  ::umask(077);
  auto pod = Json(R"({"spec":{"hostAliases":[{"ip":"1.2.3.4","hostnames":["x"]}]}})");
  ASSERT_TRUE(EnsureHostsFile(tmp.path() + "/etc-hosts", pod, {"10.0.0.1"}, "p", "").ok());
  ::umask(022);
  struct stat st;
  ASSERT_EQ(::stat((tmp.path() + "/etc-hosts").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  EXPECT_EQ(
      ReadFile(tmp.path() + "/etc-hosts"),
      std::string(kPreamble) + "10.0.0.1\tp\n\n# Entries added by HostAliases.\n1.2.3.4\tx\n");

  auto host_network =
      Json(R"({"spec":{"hostNetwork":true,"hostAliases":[{"ip":"1.2.3.4","hostnames":["x"]}]}})");
  testing::WriteFile(tmp.path() + "/node", "127.0.0.1 localhost\n");
  ASSERT_TRUE(
      EnsureHostsFile(tmp.path() + "/etc-hosts", host_network, {}, "p", "", tmp.path() + "/node")
          .ok());
  EXPECT_EQ(ReadFile(tmp.path() + "/etc-hosts"),
            "# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n\n# Entries "
            "added by HostAliases.\n"
            "1.2.3.4\tx\n");
  EXPECT_FALSE(
      EnsureHostsFile(tmp.path() + "/etc-hosts", host_network, {}, "p", "", tmp.path() + "/none")
          .ok());
}

TEST(HostsFileTest, HostnameAndDomain) {
  auto plain = Json(R"({"metadata":{"name":"web-0","namespace":"shop"},"spec":{}})");
  EXPECT_EQ(*PodHostnameAndDomain(plain, "cluster.local"),
            (std::pair<std::string, std::string>{"web-0", ""}));
  auto named = Json(
      R"({"metadata":{"name":"web-0","namespace":"shop"},"spec":{"hostname":"db","subdomain":"web"}})");
  EXPECT_EQ(*PodHostnameAndDomain(named, "cluster.local"),
            (std::pair<std::string, std::string>{"db", "web.shop.svc.cluster.local"}));

  auto long_name = Json(R"({"metadata":{"namespace":"shop"},"spec":{}})");
  long_name["metadata"].as_object()["name"] = std::string(62, 'a') + "-.b";
  EXPECT_EQ(PodHostnameAndDomain(long_name, "cluster.local")->first, std::string(62, 'a'));

  auto bad = Json(R"({"metadata":{"name":"p"},"spec":{"hostname":"Not_Valid"}})");
  EXPECT_EQ(
      PodHostnameAndDomain(bad, "cluster.local")
          .status()
          .message()
          .rfind("pod Hostname \"Not_Valid\" is not a valid DNS label: a lowercase RFC 1123 label",
                 0),
      0u);
  auto bad_sub = Json(R"({"metadata":{"name":"p"},"spec":{"subdomain":"a.b"}})");
  EXPECT_EQ(PodHostnameAndDomain(bad_sub, "cluster.local")
                .status()
                .message()
                .rfind("pod Subdomain \"a.b\" is not a valid DNS label", 0),
            0u);
}

}  // namespace
}  // namespace kubepp::kubelet::volumes
