// DockerKeyring: keys made from docker config locations, glob matching of
// hosts, path prefixes, ordering, and Docker Hub's fallback.
#include "kubelet/images/docker_keyring.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {

RegistryAuth Auth(std::string server, std::string user) { return RegistryAuth{std::move(server), std::move(user), "pw"}; }

std::vector<std::string> Users(const std::vector<RegistryAuth>& creds) {
  std::vector<std::string> out;
  for (const auto& c : creds) out.push_back(c.username);
  return out;
}

TEST(DockerKeyringTest, KeysDropSchemeAndApiVersion) {
  EXPECT_EQ(KeyringKey("https://index.docker.io/v1/"), "index.docker.io");
  EXPECT_EQ(KeyringKey("http://127.0.0.1:5000"), "127.0.0.1:5000");
  EXPECT_EQ(KeyringKey("127.0.0.1:5000/"), "127.0.0.1:5000");
  EXPECT_EQ(KeyringKey("registry.example/v2/team"), "registry.example/team");
  EXPECT_EQ(KeyringKey("registry.example/team/app"), "registry.example/team/app");
  EXPECT_EQ(KeyringKey("https://"), "");
}

TEST(DockerKeyringTest, MatchesHostsPortsAndPathPrefixes) {
  EXPECT_TRUE(KeyMatches("127.0.0.1:5000", "127.0.0.1:5000/private/busybox"));
  EXPECT_FALSE(KeyMatches("127.0.0.1:5000", "127.0.0.1:5001/private/busybox"));
  EXPECT_FALSE(KeyMatches("127.0.0.1", "127.0.0.1:5000/private/busybox"));
  EXPECT_TRUE(KeyMatches("*.example.com", "registry.example.com/app"));
  EXPECT_FALSE(KeyMatches("*.example.com", "example.com/app"));
  EXPECT_FALSE(KeyMatches("*.example.com", "a.b.example.com/app"));
  EXPECT_TRUE(KeyMatches("quay.io/team", "quay.io/team/app"));
  EXPECT_FALSE(KeyMatches("quay.io/team", "quay.io/other/app"));
  EXPECT_TRUE(KeyMatches("[::1]:5000", "[::1]:5000/app"));
}

TEST(DockerKeyringTest, LookupAnswersMoreSpecificKeysFirst) {
  DockerKeyring keyring;
  keyring.Add(Auth("quay.io", "host"));
  keyring.Add(Auth("https://quay.io/team", "team"));
  keyring.Add(Auth("quay.io/team", "team-2"));
  keyring.Add(Auth("other.io", "other"));
  EXPECT_EQ(Users(keyring.Lookup("quay.io/team/app")), (std::vector<std::string>{"team", "team-2", "host"}));
  EXPECT_EQ(Users(keyring.Lookup("quay.io/someone/app")), std::vector<std::string>{"host"});
  EXPECT_TRUE(keyring.Lookup("127.0.0.1:5000/app").empty());
}

TEST(DockerKeyringTest, DockerHubImagesUseIndexDockerIoCredentials) {
  DockerKeyring keyring;
  keyring.Add(Auth("https://index.docker.io/v1/", "hub"));
  EXPECT_EQ(Users(keyring.Lookup("docker.io/library/busybox")), std::vector<std::string>{"hub"});
  EXPECT_EQ(Users(keyring.Lookup("docker.io/team/app")), std::vector<std::string>{"hub"});
  EXPECT_TRUE(keyring.Lookup("registry.example/app").empty());
}

TEST(DockerKeyringTest, UnparsableLocationsAreDropped) {
  DockerKeyring keyring;
  keyring.Add(Auth("", "nobody"));
  keyring.Add(Auth("https:///path", "nobody"));
  EXPECT_TRUE(keyring.Lookup("docker.io/library/busybox").empty());
}

}  // namespace
}  // namespace kubepp::kubelet
