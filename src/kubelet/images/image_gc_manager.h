// ImageGcManager: frees the image filesystem by removing images no container
// uses, as upstream's image garbage collector (pkg/kubelet/images/image_gc_manager.go).
//
// It keeps a record per image ID: when it was first seen, when a container
// last used it, its size. A collection refreshes the records from the runtime
// (CRI ListImages, and ListContainers of every state: an image counts as used
// while any container, running or exited, was made from it), then reads the
// image filesystem's usage. When usage = 100 - available*100/capacity reaches
// the high threshold, it removes images until it has freed
//   capacity * (100 - low threshold) / 100 - available
// bytes, least recently used first (ties: first seen first), skipping images
// in use, pinned ones (the runtime's pinned flag, and the configured images:
// the sandbox image and kubepp's preloaded ones, since containerd 1.6 pins
// nothing) and images seen for less than the minimum age (just pulled, about
// to be used). Removal is by image ID, which
// drops every tag of the image.
//
// Failures, as upstream reports them:
//   capacity 0                 -> "invalid capacity 0 on image filesystem" (event InvalidDiskCapacity)
//   freed less than needed     -> "Failed to garbage collect required amount of images. ..." (event FreeDiskSpaceFailed)
//   some removals failed       -> "wanted to free N bytes, but freed M bytes space with errors in image deletion: ..."
// Started, it collects at once and then every period (upstream: 5 minutes);
// the second and later failures in a row are also recorded as ImageGCFailed.
// Events are about the Node. A high threshold of 100 turns collection off.
//
// Thread safety: every method may be called from any thread; collections are
// serialized.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/object.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "client/event_recorder.h"
#include "kubelet/images/image_fs_usage.h"

namespace kubepp::kubelet {

namespace cri {
class ImageService;
class RuntimeService;
}  // namespace cri

struct ImageGcPolicy {
  int high_threshold_percent = 85;  // --image-gc-high-threshold
  int low_threshold_percent = 80;   // --image-gc-low-threshold
  Clock::Duration min_age = std::chrono::minutes(2);  // --minimum-image-ttl-duration
};

// Upstream's kubelet configuration checks: both thresholds within [0, 100]
// and low < high. Invalid with every violation, as upstream words them.
Status ValidateImageGcPolicy(const ImageGcPolicy& policy);

struct ImageGcOptions {
  ImageGcPolicy policy;
  std::string node_name;                // the Node the events are about
  std::vector<std::string> pinned_images;  // references never removed (sandbox and preloaded images)
};

class ImageGcManager {
 public:
  // The services, `fs` and `recorder` must outlive the manager.
  ImageGcManager(cri::ImageService& images, cri::RuntimeService& runtime, ImageFsUsageSource& fs,
                 client::EventRecorder& recorder, Clock& clock, ImageGcOptions options);
  ~ImageGcManager();
  ImageGcManager(const ImageGcManager&) = delete;
  ImageGcManager& operator=(const ImageGcManager&) = delete;

  // One collection, as described above.
  Status GarbageCollect();
  // Removes every image that may be removed (unused, unpinned, old enough),
  // whatever the usage; the bytes freed (upstream's DeleteUnusedImages, used
  // under disk pressure).
  StatusOr<int64_t> DeleteUnusedImages();

  // Collects now and then every `period` on a thread of its own, until Stop.
  // Does nothing when the high threshold is 100.
  void Start(Clock::Duration period);
  // Idempotent.
  void Stop();

 private:
  struct Record {
    Clock::TimePoint first_detected;
    Clock::TimePoint last_used;  // epoch when never seen in use
    int64_t size = 0;
    bool pinned = false;
  };
  struct Candidate {
    std::string id;
    Record record;
  };

  // Refreshes records_ as of `now`; the candidates for removal, in eviction order.
  StatusOr<std::vector<Candidate>> ImagesInEvictionOrderLocked(Clock::TimePoint now);
  // Removes candidates until `bytes_to_free` are freed; the bytes freed.
  StatusOr<int64_t> FreeSpaceLocked(int64_t bytes_to_free, Clock::TimePoint free_time,
                                    const std::vector<Candidate>& candidates);
  void Loop(Clock::Duration period);
  void NodeEvent(std::string_view reason, const std::string& message);

  // Constant after construction.
  cri::ImageService& images_;
  cri::RuntimeService& runtime_;
  ImageFsUsageSource& fs_;
  client::EventRecorder& recorder_;
  Clock& clock_;
  const ImageGcOptions options_;
  const boost::json::object node_ref_;

  std::mutex gc_mu_;  // serializes collections
  // Guarded by gc_mu_.
  std::map<std::string, Record> records_;  // by image ID

  std::mutex loop_mu_;
  std::condition_variable loop_cv_;
  // Guarded by loop_mu_.
  bool stopping_ = false;
  std::thread loop_;
};

}  // namespace kubepp::kubelet
