// ImagePuller over the in-memory runtime: pull policies, credentials chosen
// by the keyring and what the runtime is sent, back-off, and upstream's
// reasons, messages and events.
#include "kubelet/kuberuntime/image_puller.h"

#include <gtest/gtest.h>

#include "fakes/fake_event_recorder.h"
#include "fakes/fake_runtime.h"
#include "unit/kubelet/test_util.h"

namespace kubepp::kubelet {
namespace {

using namespace std::chrono_literals;
using testing::Json;

constexpr const char* kPrivate = "127.0.0.1:5000/private/busybox:1";
constexpr const char* kUnauthorized =
    "rpc error: code = Unknown desc = failed to pull and unpack image \"127.0.0.1:5000/private/busybox:1\": failed "
    "to resolve reference \"127.0.0.1:5000/private/busybox:1\": pulling from host 127.0.0.1:5000 failed with status "
    "code [manifests 1]: 401 Unauthorized";

class ImagePullerTest : public ::testing::Test {
 protected:
  ImagePullerTest() : runtime_(clock_), puller_(runtime_, recorder_, clock_, 10s, 5min) {
    pod_ = Json(R"({"metadata":{"namespace":"ns","name":"web","uid":"uid-1"}})");
  }

  ImagePuller::Result Ensure(const std::string& image, const std::string& policy,
                             std::vector<RegistryAuth> credentials = {}, std::vector<std::string> missing = {}) {
    boost::json::object container{{"name", "main"}, {"image", image}};
    if (!policy.empty()) container["imagePullPolicy"] = policy;
    return puller_.EnsureImage(pod_, container, PodPullSecrets{std::move(credentials), std::move(missing)},
                               runtime::v1::PodSandboxConfig());
  }

  std::vector<std::string> Events() {
    std::vector<std::string> out;
    for (const auto& e : recorder_.Events()) out.push_back(e.type + " " + e.reason + ": " + e.message);
    return out;
  }

  FakeClock clock_;
  fakes::FakeRuntime runtime_;
  fakes::FakeEventRecorder recorder_;
  ImagePuller puller_;
  boost::json::object pod_;
};

TEST_F(ImagePullerTest, IfNotPresentUsesThePresentImage) {
  std::string id = runtime_.AddImage("busybox:1.35");
  auto r = Ensure("busybox:1.35", "IfNotPresent");
  EXPECT_FALSE(r.failure);
  EXPECT_EQ(r.image_ref, id);
  EXPECT_TRUE(runtime_.Pulls().empty());
  EXPECT_EQ(Events(), std::vector<std::string>{
                          "Normal Pulled: Container image \"busybox:1.35\" already present on machine"});
}

TEST_F(ImagePullerTest, AlwaysPullsEvenWhenPresent) {
  runtime_.AddImage("busybox:1.35");
  runtime_.AddPullableImage("busybox:1.35");
  runtime_.SetImageSize("busybox:1.35", 2129920);
  for (int i = 0; i < 2; ++i) {
    auto r = Ensure("busybox:1.35", "Always");
    EXPECT_FALSE(r.failure);
    EXPECT_FALSE(r.image_ref.empty());
  }
  EXPECT_EQ(runtime_.Pulls().size(), 2u);
  EXPECT_EQ(Events(), (std::vector<std::string>{
                          "Normal Pulling: Pulling image \"busybox:1.35\"",
                          "Normal Pulled: Successfully pulled image \"busybox:1.35\" in 0s (0s including waiting). "
                          "Image size: 2129920 bytes.",
                          "Normal Pulling: Pulling image \"busybox:1.35\"",
                          "Normal Pulled: Successfully pulled image \"busybox:1.35\" in 0s (0s including waiting). "
                          "Image size: 2129920 bytes."}));
}

TEST_F(ImagePullerTest, NeverFailsForAMissingImageWithoutPulling) {
  runtime_.AddPullableImage("ghost:1");
  auto r = Ensure("ghost:1", "Never");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->reason, "ErrImageNeverPull");
  EXPECT_EQ(r.failure->message, "Container image \"ghost:1\" is not present with pull policy of Never");
  EXPECT_TRUE(runtime_.Pulls().empty());
  EXPECT_EQ(Events(), (std::vector<std::string>{
                          "Warning ErrImageNeverPull: Container image \"ghost:1\" is not present with pull policy of "
                          "Never",
                          "Warning Failed: Error: ErrImageNeverPull"}));
  runtime_.AddImage("ghost:1");
  EXPECT_FALSE(Ensure("ghost:1", "Never").failure);
}

TEST_F(ImagePullerTest, TheRuntimeGetsTheDefaultTag) {
  runtime_.AddPullableImage("registry.example/app:latest");
  auto r = Ensure("registry.example/app", "IfNotPresent");
  EXPECT_FALSE(r.failure);
  ASSERT_EQ(runtime_.Pulls().size(), 1u);
  EXPECT_EQ(runtime_.Pulls()[0].image().image(), "registry.example/app:latest");
  EXPECT_EQ(Events()[0], "Normal Pulling: Pulling image \"registry.example/app\"");
}

TEST_F(ImagePullerTest, MissingPolicyFollowsTheTag) {
  runtime_.AddImage("app:latest");
  runtime_.AddPullableImage("app:latest");
  runtime_.AddImage("app:1");
  Ensure("app", "");
  EXPECT_EQ(runtime_.Pulls().size(), 1u);  // latest: Always
  Ensure("app:1", "");
  EXPECT_EQ(runtime_.Pulls().size(), 1u);  // a tag: IfNotPresent
}

TEST_F(ImagePullerTest, MatchingCredentialsGoToTheRuntimeAsUsernameAndPassword) {
  runtime_.AddPullableImage(kPrivate, "alice", "pw");
  auto r = Ensure(kPrivate, "Always",
                  {RegistryAuth{"docker.io", "bob", "x"}, RegistryAuth{"http://127.0.0.1:5000", "alice", "pw"}});
  EXPECT_FALSE(r.failure) << r.failure->message;
  auto pulls = runtime_.Pulls();
  ASSERT_EQ(pulls.size(), 1u);
  const auto& auth = pulls[0].auth();
  EXPECT_EQ(auth.username(), "alice");
  EXPECT_EQ(auth.password(), "pw");
  // containerd ignores credentials whose server address is not a URL of the host it pulls from.
  EXPECT_EQ(auth.server_address(), "");
  EXPECT_EQ(auth.auth(), "");
}

TEST_F(ImagePullerTest, EachMatchingCredentialIsTriedAndAnonymousOnlyWithoutAny) {
  runtime_.AddPullableImage(kPrivate, "alice", "pw");
  auto r = Ensure(kPrivate, "Always",
                  {RegistryAuth{"127.0.0.1:5000", "alice", "pw"}, RegistryAuth{"127.0.0.1:5000/private", "mallory",
                                                                               "guess"}});
  EXPECT_FALSE(r.failure);
  ASSERT_EQ(runtime_.Pulls().size(), 2u);  // the more specific key first, then the next
  EXPECT_EQ(runtime_.Pulls()[0].auth().username(), "mallory");
  EXPECT_EQ(runtime_.Pulls()[1].auth().username(), "alice");

  // Only a wrong credential applies: no anonymous attempt after it.
  clock_.Advance(1h);
  runtime_.AddPullableImage("127.0.0.1:5000/other:1", "alice", "pw");
  r = Ensure("127.0.0.1:5000/other:1", "Always", {RegistryAuth{"127.0.0.1:5000", "mallory", "guess"}});
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(runtime_.Pulls().size(), 3u);
  EXPECT_TRUE(runtime_.Pulls()[2].has_auth());

  // None applies: one anonymous pull.
  clock_.Advance(1h);
  r = Ensure(kPrivate, "Always", {RegistryAuth{"registry.example", "alice", "pw"}});
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->reason, "ErrImagePull");
  EXPECT_EQ(r.failure->message, kUnauthorized);
  ASSERT_EQ(runtime_.Pulls().size(), 4u);
  EXPECT_FALSE(runtime_.Pulls()[3].has_auth());
}

TEST_F(ImagePullerTest, ErrorsOfSeveralAttemptsAreJoined) {
  runtime_.FailNext("PullImage", Status::Unavailable("first"));
  runtime_.FailNext("PullImage", Status::Unavailable("second"));
  auto r = Ensure(kPrivate, "Always", {RegistryAuth{"127.0.0.1:5000", "a", "1"}, RegistryAuth{"127.0.0.1:5000", "b", "2"}});
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->message, "[first, second]");
}

TEST_F(ImagePullerTest, FailedPullBacksOffWithTheLastError) {
  runtime_.AddPullableImage(kPrivate, "alice", "pw");
  auto r = Ensure(kPrivate, "IfNotPresent");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->reason, "ErrImagePull");
  EXPECT_EQ(r.failure->message, kUnauthorized);
  ASSERT_TRUE(r.retry_at);
  EXPECT_EQ(Events(), (std::vector<std::string>{
                          "Normal Pulling: Pulling image \"127.0.0.1:5000/private/busybox:1\"",
                          std::string("Warning Failed: Failed to pull image \"127.0.0.1:5000/private/busybox:1\": ") +
                              kUnauthorized,
                          "Warning Failed: Error: ErrImagePull"}));
  clock_.Advance(3s);
  r = Ensure(kPrivate, "IfNotPresent");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->reason, "ImagePullBackOff");
  EXPECT_EQ(r.failure->message, std::string("Back-off pulling image \"127.0.0.1:5000/private/busybox:1\": "
                                            "ErrImagePull: ") +
                                    kUnauthorized);
  ASSERT_TRUE(r.retry_at);
  EXPECT_EQ(runtime_.Pulls().size(), 1u);
  auto events = Events();
  EXPECT_EQ(events[3], "Normal BackOff: Back-off pulling image \"127.0.0.1:5000/private/busybox:1\"");
  EXPECT_EQ(events[4], "Warning Failed: Error: ImagePullBackOff");
  // Once the 10 s back-off has passed, it pulls again (and now may).
  runtime_.AddPullableImage(kPrivate);
  clock_.Advance(6s);
  EXPECT_EQ(Ensure(kPrivate, "IfNotPresent").failure->reason, "ImagePullBackOff");
  clock_.Advance(1s);
  r = Ensure(kPrivate, "IfNotPresent");
  EXPECT_FALSE(r.failure);
  EXPECT_EQ(runtime_.Pulls().size(), 2u);
}

TEST_F(ImagePullerTest, BackOffIsPerPod) {
  ASSERT_TRUE(Ensure(kPrivate, "Always").failure);
  pod_ = Json(R"({"metadata":{"namespace":"ns","name":"other","uid":"uid-2"}})");
  auto r = Ensure(kPrivate, "Always");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->reason, "ErrImagePull");
  EXPECT_EQ(runtime_.Pulls().size(), 2u);
}

TEST_F(ImagePullerTest, InvalidNamesAreNotPulled) {
  auto r = Ensure("Busybox:1", "IfNotPresent");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->reason, "InvalidImageName");
  EXPECT_EQ(r.failure->message,
            "Failed to apply default image tag \"Busybox:1\": couldn't parse image name \"Busybox:1\": invalid "
            "reference format: repository name must be lowercase");
  EXPECT_TRUE(runtime_.Pulls().empty());
  EXPECT_EQ(Events()[0], "Warning InspectFailed: " + r.failure->message);
}

TEST_F(ImagePullerTest, UnreadableImageStatusIsImageInspectError) {
  runtime_.FailNext("ImageStatus", Status::Unavailable("rpc error: code = Unavailable desc = down"));
  auto r = Ensure("busybox:1.35", "IfNotPresent");
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->reason, "ImageInspectError");
  EXPECT_EQ(r.failure->message, "Failed to inspect image \"busybox:1.35\": rpc error: code = Unavailable desc = down");
}

TEST_F(ImagePullerTest, MissingPullSecretsAreReported) {
  runtime_.AddImage("busybox:1.35");
  Ensure("busybox:1.35", "IfNotPresent", {}, {"gone", "absent"});
  EXPECT_EQ(Events()[0],
            "Warning FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (gone, absent); "
            "attempting to pull the image may not succeed.");
}

}  // namespace
}  // namespace kubepp::kubelet
