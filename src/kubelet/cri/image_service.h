// ImageService: the kubelet's view of a CRI v1 image store (runtime.v1.ImageService), one
// method per RPC taking and returning the wire messages.
//
// Errors follow cri/runtime_service.h. An image that is not present is not an error for
// ImageStatus (the response's `image` is unset); any failed PullImage is what the kubelet
// reports as ErrImagePull, with the runtime's message.
//
// Thread safety: implementations are safe to call from any thread, concurrently.
#pragma once

#include "base/status.h"
#include "cri/v1/api.pb.h"

namespace kubepp::kubelet::cri {

namespace v1 = ::runtime::v1;

class ImageService {
 public:
  virtual ~ImageService() = default;

  virtual StatusOr<v1::ListImagesResponse> ListImages(const v1::ListImagesRequest& request) = 0;
  // OK with `image` unset when the image is not present.
  virtual StatusOr<v1::ImageStatusResponse> ImageStatus(const v1::ImageStatusRequest& request) = 0;
  // Pulls with the credentials in request.auth(), if any; answers the image's ID (image_ref).
  virtual StatusOr<v1::PullImageResponse> PullImage(const v1::PullImageRequest& request) = 0;
  // Idempotent.
  virtual StatusOr<v1::RemoveImageResponse> RemoveImage(const v1::RemoveImageRequest& request) = 0;
  virtual StatusOr<v1::ImageFsInfoResponse> ImageFsInfo(const v1::ImageFsInfoRequest& request) = 0;
};

}  // namespace kubepp::kubelet::cri
