// Image references as the kubelet parses them: the repository credentials are
// looked up by, the default tag, and what is not a reference at all.
#include "kubelet/images/image_reference.h"

#include <gtest/gtest.h>

namespace kubepp::kubelet {
namespace {

struct Case {
  const char* image;
  const char* repository;
  const char* tag;
  const char* digest;
};

TEST(ImageReferenceTest, NormalizesRepositories) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  for (const Case& c : std::vector<Case>{
           {"busybox", "docker.io/library/busybox", "latest", ""},
           {"busybox:1.35", "docker.io/library/busybox", "1.35", ""},
           {"team/app:v2", "docker.io/team/app", "v2", ""},
           {"index.docker.io/library/busybox", "docker.io/library/busybox", "latest", ""},
           {"127.0.0.1:5000/private/busybox:1", "127.0.0.1:5000/private/busybox", "1", ""},
           {"localhost/app", "localhost/app", "latest", ""},
           {"localhost:5000/app:x", "localhost:5000/app", "x", ""},
           {"kubepp.local/pause:3.9", "kubepp.local/pause", "3.9", ""},
           {"registry.example/a/b/c-d__e.f:1.0-rc_1", "registry.example/a/b/c-d__e.f", "1.0-rc_1", ""},
           {"[::1]:5000/app:1", "[::1]:5000/app", "1", ""},
       }) {
    auto ref = ParseImageReference(c.image);
    ASSERT_TRUE(ref.ok()) << c.image << ": " << ref.status().ToString();
    EXPECT_EQ(ref->repository, c.repository) << c.image;
    EXPECT_EQ(ref->tag, c.tag) << c.image;
    EXPECT_EQ(ref->digest, c.digest) << c.image;
  }
  auto pinned = ParseImageReference("busybox@" + digest);
  ASSERT_TRUE(pinned.ok());
  EXPECT_EQ(pinned->repository, "docker.io/library/busybox");
  EXPECT_EQ(pinned->tag, "");
  EXPECT_EQ(pinned->digest, digest);
  auto both = ParseImageReference("busybox:1@" + digest);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->tag, "1");
}

TEST(ImageReferenceTest, RejectsWhatIsNotAReference) {
  for (const char* bad : {"", ":1", "Busybox", "registry.example/Team/app", "app:", "app:-x", "app@sha256:12",
                          "a//b", "-app", "app-", "host:port/app", "app@"}) {
    EXPECT_FALSE(ParseImageReference(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseImageReference("Busybox").status().message(),
            "couldn't parse image name \"Busybox\": invalid reference format: repository name must be lowercase");
  EXPECT_EQ(ParseImageReference("app:").status().message(),
            "couldn't parse image name \"app:\": invalid reference format");
  std::string hex(64, 'f');
  EXPECT_EQ(ParseImageReference(hex).status().message(),
            "couldn't parse image name \"" + hex + "\": invalid repository name (" + hex +
                "), cannot specify 64-byte hexadecimal strings");
}

TEST(ImageReferenceTest, DefaultTagIsAddedOnlyWhenNoneIsGiven) {
  EXPECT_EQ(*WithDefaultTag("busybox"), "busybox:latest");
  EXPECT_EQ(*WithDefaultTag("127.0.0.1:5000/app"), "127.0.0.1:5000/app:latest");
  EXPECT_EQ(*WithDefaultTag("busybox:1.35"), "busybox:1.35");
  EXPECT_EQ(*WithDefaultTag("busybox:latest"), "busybox:latest");
  std::string by_digest = "busybox@sha256:" + std::string(64, '0');
  EXPECT_EQ(*WithDefaultTag(by_digest), by_digest);
  EXPECT_FALSE(WithDefaultTag("Nope").ok());
}

}  // namespace
}  // namespace kubepp::kubelet
