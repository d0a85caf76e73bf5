#include "kubelet/kuberuntime/image_puller.h"

#include <set>

#include "api/protobuf/well_known.h"
#include "controllers/util/object_fields.h"
#include "kubelet/cri/image_service.h"
#include "kubelet/images/docker_keyring.h"
#include "kubelet/images/image_reference.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::StringAt;

namespace {

// Go's text of a duration truncated to milliseconds ("1.234s", "850ms").
std::string PullDuration(Clock::Duration d) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d);
  return api::protobuf::FormatGoDuration(std::chrono::duration_cast<std::chrono::nanoseconds>(ms).count());
}

// Upstream's error aggregate: one error reads as itself, several distinct
// ones as "[a, b]".
std::string JoinErrors(const std::vector<std::string>& errors) {
  std::vector<std::string> distinct;
  std::set<std::string> seen;
  for (const auto& e : errors) {
    if (seen.insert(e).second) distinct.push_back(e);
  }
  if (distinct.size() == 1) return distinct.front();
  std::string out = "[";
  for (size_t i = 0; i < distinct.size(); ++i) out += (i ? ", " : "") + distinct[i];
  return out + "]";
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

ImagePuller::ImagePuller(cri::ImageService& images, client::EventRecorder& recorder, Clock& clock,
                         Clock::Duration initial, Clock::Duration max)
    : images_(images), recorder_(recorder), clock_(clock), backoff_(clock, initial, max) {}

ImagePuller::Result ImagePuller::Fail(const json::object& pod, std::string reason, std::string message) {
  // What the container start reports (upstream's startContainer: "Error: <err>").
  recorder_.Event(pod, "Warning", "Failed", "Error: " + reason);
  Result result;
  result.failure = StartFailure{std::move(reason), std::move(message)};
  return result;
}

ImagePuller::Result ImagePuller::EnsureImage(const json::object& pod, const json::object& container,
                                             const PodPullSecrets& secrets,
                                             const runtime::v1::PodSandboxConfig& sandbox) {
  if (!secrets.missing.empty()) {
    recorder_.Event(pod, "Warning", "FailedToRetrieveImagePullSecret",
                    "Unable to retrieve some image pull secrets (" + Joined(secrets.missing) +
                        "); attempting to pull the image may not succeed.");
  }
  const std::string requested(StringAt(container, {"image"}));
  auto reference = ParseImageReference(requested);
  auto image = WithDefaultTag(requested);
  if (!reference.ok() || !image.ok()) {
    std::string message = "Failed to apply default image tag \"" + requested + "\": " + image.status().message();
    recorder_.Event(pod, "Warning", "InspectFailed", message);
    return Fail(pod, "InvalidImageName", message);
  }
  std::string policy(StringAt(container, {"imagePullPolicy"}));
  if (policy.empty()) policy = reference->tag == "latest" ? "Always" : "IfNotPresent";

  std::string present_ref;
  if (policy != "Always") {
    runtime::v1::ImageStatusRequest status_request;
    status_request.mutable_image()->set_image(*image);
    auto present = images_.ImageStatus(status_request);
    if (!present.ok()) {
      std::string message = "Failed to inspect image \"" + requested + "\": " + present.status().message();
      recorder_.Event(pod, "Warning", "InspectFailed", message);
      Result failed = Fail(pod, "ImageInspectError", message);
      failed.retry_at = clock_.Now() + std::chrono::seconds(5);
      return failed;
    }
    if (present->has_image()) present_ref = present->image().id();
  }
  if (!present_ref.empty()) {
    recorder_.Event(pod, "Normal", "Pulled", "Container image \"" + requested + "\" already present on machine");
    Result result;
    result.image_ref = present_ref;
    return result;
  }
  if (policy == "Never") {
    std::string message = "Container image \"" + requested + "\" is not present with pull policy of Never";
    recorder_.Event(pod, "Warning", "ErrImageNeverPull", message);
    return Fail(pod, "ErrImageNeverPull", message);
  }

  const std::string key = std::string(StringAt(pod, {"metadata", "uid"})) + "_" + requested;
  const Clock::TimePoint now = clock_.Now();
  if (backoff_.InBackoffSinceUpdate(key)) {
    std::string message = "Back-off pulling image \"" + requested + "\"";
    recorder_.Event(pod, "Normal", "BackOff", message);
    {
      std::lock_guard lock(mu_);
      auto last = last_errors_.find(key);
      if (last != last_errors_.end()) message += ": " + last->second;
    }
    Result failed = Fail(pod, "ImagePullBackOff", message);
    failed.retry_at = now + backoff_.Delay(key);
    return failed;
  }
  {
    std::lock_guard lock(mu_);
    last_errors_.erase(key);  // keeps the map from growing without bound
  }

  recorder_.Event(pod, "Normal", "Pulling", "Pulling image \"" + requested + "\"");
  DockerKeyring keyring;
  for (const auto& auth : secrets.credentials) keyring.Add(auth);
  const Clock::TimePoint start = clock_.Now();
  auto pulled = Pull(*image, keyring.Lookup(reference->repository), sandbox);
  if (!pulled.ok()) {
    const std::string error = pulled.status().message();
    recorder_.Event(pod, "Warning", "Failed", "Failed to pull image \"" + requested + "\": " + error);
    backoff_.Next(key, clock_.Now());
    {
      std::lock_guard lock(mu_);
      last_errors_[key] = "ErrImagePull: " + error;
    }
    Result failed = Fail(pod, "ErrImagePull", error);
    // Sync again soon: the pod then shows ImagePullBackOff until the back-off ends.
    failed.retry_at = clock_.Now() + std::chrono::seconds(3);
    return failed;
  }
  std::string took = PullDuration(clock_.Now() - start);
  uint64_t size = 0;
  runtime::v1::ImageStatusRequest again;
  again.mutable_image()->set_image(*image);
  if (auto st = images_.ImageStatus(again); st.ok() && st->has_image()) size = st->image().size();
  recorder_.Event(pod, "Normal", "Pulled",
                  "Successfully pulled image \"" + requested + "\" in " + took + " (" + took +
                      " including waiting). Image size: " + std::to_string(size) + " bytes.");
  backoff_.GC();
  Result result;
  result.image_ref = *pulled;
  return result;
}

StatusOr<std::string> ImagePuller::Pull(const std::string& image, const std::vector<RegistryAuth>& credentials,
                                        const runtime::v1::PodSandboxConfig& sandbox) {
  runtime::v1::PullImageRequest pull;
  pull.mutable_image()->set_image(image);
  *pull.mutable_sandbox_config() = sandbox;
  if (credentials.empty()) {
    auto pulled = images_.PullImage(pull);
    if (!pulled.ok()) return pulled.status();
    return pulled->image_ref();
  }
  std::vector<std::string> errors;
  for (const RegistryAuth& auth : credentials) {
    pull.mutable_auth()->set_username(auth.username);
    pull.mutable_auth()->set_password(auth.password);
    auto pulled = images_.PullImage(pull);
    if (pulled.ok()) return pulled->image_ref();
    errors.push_back(pulled.status().message());
  }
  return Status::Unavailable(JoinErrors(errors));
}

}  // namespace kubepp::kubelet
