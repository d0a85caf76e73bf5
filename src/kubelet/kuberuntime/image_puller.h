// Makes sure a container's image is on the node before it is created
// (upstream's EnsureImageExists): imagePullPolicy Always / IfNotPresent /
// Never, pulls with the pod's registry credentials, per-image back-off that
// turns ErrImagePull into ImagePullBackOff, and upstream's events (Pulling,
// Pulled, Failed, BackOff).
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <string>
#include <vector>

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
    std::string image_ref;        // set on success
    std::optional<StartFailure> failure;  // ErrImagePull, ImagePullBackOff, ErrImageNeverPull
    std::optional<Clock::TimePoint> retry_at;
  };
  Result EnsureImage(const boost::json::object& pod, const boost::json::object& container,
                     const std::vector<RegistryAuth>& credentials, const runtime::v1::PodSandboxConfig& sandbox);

 private:
  cri::ImageService& images_;
  client::EventRecorder& recorder_;
  Clock& clock_;
  Backoff backoff_;
};

// The registry host of an image reference ("docker.io" when it names none).
std::string RegistryOf(std::string_view image);

}  // namespace kubepp::kubelet
