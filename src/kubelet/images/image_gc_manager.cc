#include "kubelet/images/image_gc_manager.h"

#include <algorithm>
#include <limits>
#include <set>

#include "base/log.h"
#include "kubelet/cri/image_service.h"
#include "kubelet/cri/runtime_service.h"

namespace kubepp::kubelet {

namespace json = boost::json;

namespace {

// Upstream's error aggregate text: one error as itself, several as "[a, b]".
std::string JoinErrors(const std::vector<std::string>& errors) {
  if (errors.size() == 1) return errors.front();
  std::string out = "[";
  for (size_t i = 0; i < errors.size(); ++i) out += (i ? ", " : "") + errors[i];
  return out + "]";
}

}  // namespace

Status ValidateImageGcPolicy(const ImageGcPolicy& policy) {
  std::vector<std::string> errors;
  const int high = policy.high_threshold_percent, low = policy.low_threshold_percent;
  if (high < 0 || high > 100) {
    errors.push_back("invalid configuration: imageGCHighThresholdPercent (--image-gc-high-threshold) " +
                     std::to_string(high) + " must be between 0 and 100, inclusive");
  }
  if (low < 0 || low > 100) {
    errors.push_back("invalid configuration: imageGCLowThresholdPercent (--image-gc-low-threshold) " +
                     std::to_string(low) + " must be between 0 and 100, inclusive");
  }
  if (low >= high) {
    errors.push_back("invalid configuration: imageGCLowThresholdPercent (--image-gc-low-threshold) " +
                     std::to_string(low) + " must be less than imageGCHighThresholdPercent (--image-gc-high-threshold) " +
                     std::to_string(high));
  }
  if (policy.min_age.count() < 0) {
    errors.push_back("invalid configuration: imageMinimumGCAge (--minimum-image-ttl-duration) must not be negative");
  }
  if (errors.empty()) return Status::Ok();
  return Status::Invalid(JoinErrors(errors));
}

ImageGcManager::ImageGcManager(cri::ImageService& images, cri::RuntimeService& runtime, ImageFsUsageSource& fs,
                               client::EventRecorder& recorder, Clock& clock, ImageGcOptions options)
    : images_(images),
      runtime_(runtime),
      fs_(fs),
      recorder_(recorder),
      clock_(clock),
      options_(std::move(options)),
      // Upstream's nodeRef: kind Node, the node name as both name and uid.
      node_ref_{{"kind", "Node"},
                {"metadata", json::object{{"name", options_.node_name}, {"uid", options_.node_name}}}} {}

ImageGcManager::~ImageGcManager() { Stop(); }

void ImageGcManager::NodeEvent(std::string_view reason, const std::string& message) {
  recorder_.Event(node_ref_, "Warning", reason, message);
}

StatusOr<std::vector<ImageGcManager::Candidate>> ImageGcManager::ImagesInEvictionOrderLocked(Clock::TimePoint now) {
  auto listed = images_.ListImages(runtime::v1::ListImagesRequest());
  if (!listed.ok()) return listed.status();
  auto containers = runtime_.ListContainers(runtime::v1::ListContainersRequest());
  if (!containers.ok()) return containers.status();

  // What containers were made from: image IDs, and refs that may be an ID or
  // a repo digest depending on the runtime.
  std::set<std::string> used_refs;
  for (const auto& c : containers->containers()) {
    if (!c.image_id().empty()) used_refs.insert(c.image_id());
    if (!c.image_ref().empty()) used_refs.insert(c.image_ref());
  }
  std::set<std::string> pinned_ids;
  for (const std::string& ref : options_.pinned_images) {
    runtime::v1::ImageStatusRequest request;
    request.mutable_image()->set_image(ref);
    auto status = images_.ImageStatus(request);
    if (status.ok() && status->has_image()) pinned_ids.insert(status->image().id());
  }

  std::set<std::string> in_use, present;
  for (const auto& image : listed->images()) {
    const std::string& id = image.id();
    present.insert(id);
    Record& record = records_.try_emplace(id, Record{now, {}, 0, false}).first->second;
    bool used = used_refs.count(id) > 0;
    for (const auto& digest : image.repo_digests()) used = used || used_refs.count(digest) > 0;
    if (used) {
      record.last_used = now;
      in_use.insert(id);
    }
    record.size = static_cast<int64_t>(image.size());
    record.pinned = image.pinned() || pinned_ids.count(id) > 0;
  }
  std::erase_if(records_, [&present](const auto& entry) { return present.count(entry.first) == 0; });

  std::vector<Candidate> candidates;
  for (const auto& [id, record] : records_) {
    if (in_use.count(id) || record.pinned) continue;
    candidates.push_back({id, record});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.record.last_used != b.record.last_used) return a.record.last_used < b.record.last_used;
    if (a.record.first_detected != b.record.first_detected) return a.record.first_detected < b.record.first_detected;
    return a.id < b.id;
  });
  return candidates;
}

StatusOr<int64_t> ImageGcManager::FreeSpaceLocked(int64_t bytes_to_free, Clock::TimePoint free_time,
                                                  const std::vector<Candidate>& candidates) {
  std::vector<std::string> errors;
  int64_t freed = 0;
  for (const Candidate& image : candidates) {
    if (image.record.last_used >= free_time) continue;  // used as of this collection
    if (free_time - image.record.first_detected < options_.policy.min_age) {
      VLOG(5) << "image gc: " << image.id << " is younger than the minimum age; keeping it";
      continue;
    }
    KLOG(INFO) << "image gc: removing image " << image.id << " to free " << image.record.size << " bytes";
    runtime::v1::RemoveImageRequest request;
    request.mutable_image()->set_image(image.id);
    auto removed = images_.RemoveImage(request);
    if (!removed.ok()) {
      errors.push_back(removed.status().message());
      continue;
    }
    records_.erase(image.id);
    freed += image.record.size;
    if (freed >= bytes_to_free) break;
  }
  if (!errors.empty()) {
    return Status::Internal("wanted to free " + std::to_string(bytes_to_free) + " bytes, but freed " +
                            std::to_string(freed) + " bytes space with errors in image deletion: " +
                            JoinErrors(errors));
  }
  return freed;
}

Status ImageGcManager::GarbageCollect() {
  std::lock_guard lock(gc_mu_);
  const Clock::TimePoint free_time = clock_.Now();
  auto candidates = ImagesInEvictionOrderLocked(free_time);
  if (!candidates.ok()) return candidates.status();
  auto usage = fs_.Usage();
  if (!usage.ok()) return usage.status();
  auto capacity = static_cast<int64_t>(usage->capacity_bytes);
  auto available = static_cast<int64_t>(usage->available_bytes);
  if (available > capacity) {
    KLOG(INFO) << "image gc: available " << available << " is larger than capacity " << capacity;
    available = capacity;
  }
  if (capacity == 0) {
    Status invalid = Status::Internal("invalid capacity 0 on image filesystem");
    NodeEvent("InvalidDiskCapacity", invalid.message());
    return invalid;
  }
  const int64_t usage_percent = 100 - available * 100 / capacity;
  if (usage_percent < options_.policy.high_threshold_percent) return Status::Ok();
  const int64_t to_free = capacity * (100 - options_.policy.low_threshold_percent) / 100 - available;
  KLOG(INFO) << "image gc: disk usage on image filesystem " << usage->mountpoint << " is " << usage_percent
             << "%, over the high threshold (" << options_.policy.high_threshold_percent << "%); freeing "
             << to_free << " bytes down to the low threshold (" << options_.policy.low_threshold_percent << "%)";
  auto freed = FreeSpaceLocked(to_free, free_time, *candidates);
  if (!freed.ok()) return freed.status();
  if (*freed < to_free) {
    Status short_of = Status::Internal("Failed to garbage collect required amount of images. Attempted to free " +
                                       std::to_string(to_free) + " bytes, but only found " + std::to_string(*freed) +
                                       " bytes eligible to free.");
    NodeEvent("FreeDiskSpaceFailed", short_of.message());
    return short_of;
  }
  return Status::Ok();
}

StatusOr<int64_t> ImageGcManager::DeleteUnusedImages() {
  std::lock_guard lock(gc_mu_);
  KLOG(INFO) << "image gc: deleting unused images";
  const Clock::TimePoint free_time = clock_.Now();
  auto candidates = ImagesInEvictionOrderLocked(free_time);
  if (!candidates.ok()) return candidates.status();
  return FreeSpaceLocked(std::numeric_limits<int64_t>::max(), free_time, *candidates);
}

void ImageGcManager::Start(Clock::Duration period) {
  if (options_.policy.high_threshold_percent >= 100) {
    KLOG(INFO) << "image gc: the high threshold is 100%; image garbage collection is off";
    return;
  }
  std::lock_guard lock(loop_mu_);
  if (loop_.joinable() || stopping_) return;
  loop_ = std::thread([this, period] { Loop(period); });
}

void ImageGcManager::Stop() {
  {
    std::lock_guard lock(loop_mu_);
    stopping_ = true;
  }
  loop_cv_.notify_all();
  if (loop_.joinable()) loop_.join();
}

void ImageGcManager::Loop(Clock::Duration period) {
  bool failed_before = false;
  std::unique_lock lock(loop_mu_);
  while (!stopping_) {
    lock.unlock();
    Status st = GarbageCollect();
    if (!st.ok()) {
      if (failed_before) {
        KLOG(ERROR) << "image gc: image garbage collection failed multiple times in a row: " << st.message();
        NodeEvent("ImageGCFailed", st.message());
      } else {
        KLOG(ERROR) << "image gc: image garbage collection failed once (stats may not be ready yet): "
                    << st.message();
      }
      failed_before = true;
    } else {
      if (failed_before) KLOG(INFO) << "image gc: image garbage collection succeeded";
      failed_before = false;
    }
    lock.lock();
    clock_.WaitUntil(lock, loop_cv_, clock_.Now() + period, [this] { return stopping_; });
  }
}

}  // namespace kubepp::kubelet
