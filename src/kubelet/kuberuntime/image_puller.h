// Makes sure a container's image is on the node before it is created
// (upstream's imageManager.EnsureImageExists):
//  - imagePullPolicy Always pulls every time; IfNotPresent pulls only when the
//    runtime lacks the image ("already present on machine" otherwise); Never
//    never pulls and fails with ErrImageNeverPull when the image is missing.
//  - The image is given to the runtime with ":latest" added when it names
//    neither tag nor digest; a name that does not parse is InvalidImageName.
//  - Credentials come from the pod's pull Secrets through a DockerKeyring
//    (images/docker_keyring.h): each credential that applies to the image's
//    repository is tried in turn, anonymously only when none applies; the
//    runtime gets the username and password alone (containerd drops
//    credentials whose server address does not match the host it pulls from).
//  - A failed pull is ErrImagePull carrying the runtime's error and starts a
//    per-(pod, image) back-off (10 s doubling to 5 min); until it ends the
//    container waits in ImagePullBackOff, whose message ends with the last
//    pull error.
//  - Events as upstream: Pulling, Pulled, Failed ("Failed to pull image ...",
//    "Error: <reason>"), BackOff, ErrImageNeverPull, InspectFailed, and
//    FailedToRetrieveImagePullSecret for pull Secrets that could not be read.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "client/event_recorder.h"
#include "cri/v1/api.pb.h"
#include "kubelet/container/backoff.h"
#include "kubelet/kuberuntime/pod_environment.h"
#include "kubelet/status/pod_status.h"

namespace kubepp::kubelet {

namespace cri {
class ImageService;
}

class ImagePuller {
 public:
  ImagePuller(cri::ImageService& images, client::EventRecorder& recorder, Clock& clock, Clock::Duration initial,
              Clock::Duration max);

  struct Result {
    std::string image_ref;                // set on success
    std::optional<StartFailure> failure;  // ErrImagePull, ImagePullBackOff, ErrImageNeverPull, ...
    std::optional<Clock::TimePoint> retry_at;
  };
  Result EnsureImage(const boost::json::object& pod, const boost::json::object& container,
                     const PodPullSecrets& secrets, const runtime::v1::PodSandboxConfig& sandbox);

 private:
  // Pulls `image` with each credential in turn (or anonymously); the image ref,
  // or every attempt's error joined as upstream's error aggregates read.
  StatusOr<std::string> Pull(const std::string& image, const std::vector<RegistryAuth>& credentials,
                             const runtime::v1::PodSandboxConfig& sandbox);
  Result Fail(const boost::json::object& pod, std::string reason, std::string message);

  cri::ImageService& images_;
  client::EventRecorder& recorder_;
  Clock& clock_;
  Backoff backoff_;

  std::mutex mu_;
  // Guarded by mu_: the last pull error per back-off key ("ErrImagePull: <message>"),
  // shown while that key backs off.
  std::map<std::string, std::string> last_errors_;
};

}  // namespace kubepp::kubelet
