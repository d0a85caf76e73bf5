#include "kubelet/containerd/docker_archive.h"

#include <gtest/gtest.h>

#include <sstream>

#include "unit/kubelet/containerd/tar_builder.h"

namespace kubepp::kubelet::containerd {
namespace {

const std::string kConfigHex = "5db51576aa50b50ae18877e27a45e6f11b90bb3b58fa9211613546e588af6e9c";
const std::string kManifest = "[{\"Config\":\"" + kConfigHex +
                              ".json\",\"RepoTags\":[\"kubepp.local/mysql:5.7\",\"mysql:5.7\"],"
                              "\"Layers\":[\"abc/layer.tar\"]}]";

StatusOr<std::vector<DockerArchiveImage>> Read(const std::string& tar) {
  std::istringstream in(tar);
  return ReadDockerArchive(in);
}

TEST(DockerArchiveTest, FindsTheManifestAfterOtherEntries) {
  std::string layer(3000, 'x');
  auto images = Read(TarBuilder()
                         .Add(kConfigHex + ".json", "{}")
                         .Add("abc/", "", '5')
                         .Add("abc/layer.tar", layer)
                         .Add("manifest.json", kManifest)
                         .Finish());
  ASSERT_TRUE(images.ok()) << images.status().ToString();
  ASSERT_EQ(images->size(), 1u);
  EXPECT_EQ((*images)[0].id, "sha256:" + kConfigHex);
  EXPECT_EQ((*images)[0].repo_tags, (std::vector<std::string>{"kubepp.local/mysql:5.7", "mysql:5.7"}));
}

TEST(DockerArchiveTest, DotSlashNamesAndLongNames) {
  auto dotted = Read(TarBuilder().Add("./manifest.json", kManifest).Finish());
  ASSERT_TRUE(dotted.ok()) << dotted.status().ToString();

  // A GNU long-name entry names the entry after it.
  std::string long_name(150, 'd');
  auto gnu = Read(TarBuilder()
                      .Add("././@LongLink", long_name + "/layer.tar", 'L')
                      .Add(long_name.substr(0, 99), std::string(700, 'y'))
                      .Add("manifest.json", kManifest)
                      .Finish());
  ASSERT_TRUE(gnu.ok()) << gnu.status().ToString();

  // A long name given as "manifest.json" through a GNU record is the manifest.
  auto gnu_manifest = Read(TarBuilder().Add("././@LongLink", "manifest.json", 'L').Add("xxx", kManifest).Finish());
  ASSERT_TRUE(gnu_manifest.ok()) << gnu_manifest.status().ToString();

  // pax: "<length> path=<value>\n".
  std::string record = "path=manifest.json\n";
  std::string pax = std::to_string(record.size() + 3) + " " + record;
  auto paxed = Read(TarBuilder().Add("PaxHeaders/x", pax, 'x').Add("truncated-name", kManifest).Finish());
  ASSERT_TRUE(paxed.ok()) << paxed.status().ToString();
}

TEST(DockerArchiveTest, UstarPrefixIsPartOfTheName) {
  // "blobs/manifest.json" split as prefix "blobs" + name: not the top-level manifest.
  auto nested = Read(TarBuilder()
                         .Add("manifest.json", kManifest, '0', TarBuilder::Format::kUstar, "blobs")
                         .Finish());
  EXPECT_TRUE(nested.status().IsNotFound()) << nested.status().ToString();
}

TEST(DockerArchiveTest, Base256Sizes) {
  auto images = Read(TarBuilder().AddBase256Size("big", std::string(100, 'z')).Add("manifest.json", kManifest).Finish());
  ASSERT_TRUE(images.ok()) << images.status().ToString();
}

TEST(DockerArchiveTest, OciArchivesAndBrokenInput) {
  auto oci = Read(TarBuilder().Add("oci-layout", "{}").Add("index.json", "{}").Finish());
  EXPECT_TRUE(oci.status().IsNotFound());

  auto truncated = Read(TarBuilder().Add("manifest.json", kManifest).Finish().substr(0, 600));
  EXPECT_EQ(truncated.status().reason(), Reason::kBadRequest);

  EXPECT_TRUE(Read("").status().IsNotFound());
  EXPECT_TRUE(ReadDockerArchiveFile("/nonexistent/archive.tar").status().IsNotFound());
}

TEST(DockerArchiveTest, ManifestParsing) {
  auto blobs = ParseDockerArchiveManifest("[{\"Config\":\"blobs/sha256/" + kConfigHex + "\",\"RepoTags\":null}]");
  ASSERT_TRUE(blobs.ok()) << blobs.status().ToString();
  EXPECT_EQ((*blobs)[0].id, "sha256:" + kConfigHex);
  EXPECT_TRUE((*blobs)[0].repo_tags.empty());

  auto two = ParseDockerArchiveManifest("[{\"Config\":\"" + kConfigHex + ".json\",\"RepoTags\":[\"a:1\"]},"
                                        "{\"Config\":\"" + std::string(64, 'f') + ".json\",\"RepoTags\":[\"b:2\"]}]");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].id, "sha256:" + std::string(64, 'f'));

  EXPECT_EQ(ParseDockerArchiveManifest("{}").status().reason(), Reason::kBadRequest);
  EXPECT_EQ(ParseDockerArchiveManifest("not json").status().reason(), Reason::kBadRequest);
  EXPECT_EQ(ParseDockerArchiveManifest("[{\"RepoTags\":[]}]").status().reason(), Reason::kBadRequest);
  EXPECT_EQ(ParseDockerArchiveManifest("[{\"Config\":\"config.json\"}]").status().reason(), Reason::kBadRequest);
}

}  // namespace
}  // namespace kubepp::kubelet::containerd
