#include "kubelet/kuberuntime/image_puller.h"

#include <cstdio>

#include "controllers/util/object_fields.h"
#include "kubelet/cri/image_service.h"

namespace kubepp::kubelet {

namespace json = boost::json;
using controllers::util::StringAt;

std::string RegistryOf(std::string_view image) {
  size_t slash = image.find('/');
  if (slash == std::string_view::npos) return "docker.io";
  std::string_view first = image.substr(0, slash);
  // A first component is a registry only when it looks like a host.
  if (first.find('.') == std::string_view::npos && first.find(':') == std::string_view::npos &&
      first != "localhost") {
    return "docker.io";
  }
  return std::string(first);
}

ImagePuller::ImagePuller(cri::ImageService& images, client::EventRecorder& recorder, Clock& clock,
                         Clock::Duration initial, Clock::Duration max)
    : images_(images), recorder_(recorder), clock_(clock), backoff_(clock, initial, max) {}

ImagePuller::Result ImagePuller::EnsureImage(const json::object& pod, const json::object& container,
                                             const std::vector<RegistryAuth>& credentials,
                                             const runtime::v1::PodSandboxConfig& sandbox) {
  Result result;
  std::string image(StringAt(container, {"image"}));
  std::string_view policy = StringAt(container, {"imagePullPolicy"});
  if (policy.empty()) {
    bool latest = image.find('@') == std::string::npos &&
                  (image.rfind(':') == std::string::npos || image.rfind(':') < image.rfind('/') + 1 ||
                   image.substr(image.rfind(':')) == ":latest");
    policy = latest ? "Always" : "IfNotPresent";
  }
  runtime::v1::ImageStatusRequest status_request;
  status_request.mutable_image()->set_image(image);
  auto present = images_.ImageStatus(status_request);
  bool have = present.ok() && present->has_image() && !present->image().id().empty();
  if (policy == "Never") {
    if (have) {
      result.image_ref = present->image().id();
      return result;
    }
    std::string message = "Container image \"" + image + "\" is not present with pull policy of Never";
    recorder_.Event(pod, "Warning", "ErrImageNeverPull", message);
    result.failure = StartFailure{"ErrImageNeverPull", message};
    return result;
  }
  if (have && policy == "IfNotPresent") {
    recorder_.Event(pod, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine");
    result.image_ref = present->image().id();
    return result;
  }
  std::string key = std::string(StringAt(pod, {"metadata", "uid"})) + "/" + image;
  Clock::TimePoint now = clock_.Now();
  if (backoff_.InBackoffSinceUpdate(key)) {
    std::string message = "Back-off pulling image \"" + image + "\"";
    recorder_.Event(pod, "Normal", "BackOff", message);
    result.failure = StartFailure{"ImagePullBackOff", message};
    result.retry_at = now + backoff_.Delay(key);
    return result;
  }
  recorder_.Event(pod, "Normal", "Pulling", "Pulling image \"" + image + "\"");
  Clock::TimePoint start = clock_.Now();
  std::string registry = RegistryOf(image);
  std::vector<const RegistryAuth*> candidates;
  for (const auto& c : credentials) {
    if (c.server.empty() || c.server == registry || RegistryOf(c.server + "/x") == registry) candidates.push_back(&c);
  }
  candidates.push_back(nullptr);  // finally anonymous
  kubepp::Status last = kubepp::Status::Ok();
  for (const RegistryAuth* auth : candidates) {
    runtime::v1::PullImageRequest pull;
    pull.mutable_image()->set_image(image);
    if (auth) {
      auto* a = pull.mutable_auth();
      a->set_username(auth->username);
      a->set_password(auth->password);
      a->set_auth(auth->auth);
      a->set_server_address(auth->server);
      a->set_identity_token(auth->identity_token);
      a->set_registry_token(auth->registry_token);
    }
    *pull.mutable_sandbox_config() = sandbox;
    auto pulled = images_.PullImage(pull);
    if (pulled.ok()) {
      double seconds = std::chrono::duration<double>(clock_.Now() - start).count();
      char took[64];
      std::snprintf(took, sizeof took, "%.3fs", seconds);
      std::string size;
      runtime::v1::ImageStatusRequest again;
      again.mutable_image()->set_image(image);
      if (auto st = images_.ImageStatus(again); st.ok() && st->has_image()) {
        size = " Image size: " + std::to_string(st->image().size()) + " bytes.";
      }
      recorder_.Event(pod, "Normal", "Pulled",
                      "Successfully pulled image \"" + image + "\" in " + took + " (" + took +
                          " including waiting)." + size);
      result.image_ref = pulled->image_ref();
      return result;
    }
    last = pulled.status();
  }
  backoff_.Next(key, now);
  std::string message = "Failed to pull image \"" + image + "\": " + last.message();
  recorder_.Event(pod, "Warning", "Failed", message);
  recorder_.Event(pod, "Warning", "Failed", "Error: ErrImagePull");
  result.failure = StartFailure{"ErrImagePull", message};
  // Sync again soon: the pod then shows ImagePullBackOff until the back-off ends.
  result.retry_at = clock_.Now() + std::chrono::seconds(3);
  return result;
}

}  // namespace kubepp::kubelet
