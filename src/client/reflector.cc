#include "client/reflector.h"

#include <random>

#include "base/log.h"

namespace kubepp::client {
namespace {

constexpr Clock::Duration kInitialBackoff = std::chrono::milliseconds(800);
constexpr Clock::Duration kMaxBackoff = std::chrono::seconds(30);

// Watches ask the server to end them after 5–10 minutes, as upstream, so
// that load spreads over apiservers and stale connections are noticed.
int64_t WatchTimeoutSeconds() {
  thread_local std::mt19937 rng(std::random_device{}());
  return 300 + static_cast<int64_t>(rng() % 300);
}

int64_t StatusCode(const boost::json::object& status) {
  const auto* code = status.if_contains("code");
  return code && code->is_int64() ? code->get_int64() : 0;
}

}  // namespace

Reflector::Reflector(ApiClient& client, Clock& clock, Resource resource, std::string ns, ListOptions options,
                     ReflectorSink sink)
    : client_(client), clock_(clock), resource_(std::move(resource)), ns_(std::move(ns)),
      options_(std::move(options)), sink_(std::move(sink)), backoff_(kInitialBackoff) {}

Reflector::~Reflector() { Stop(); }

void Reflector::Start() { thread_ = std::thread([this] { Run(); }); }

void Reflector::Stop() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

std::string Reflector::LastResourceVersion() const {
  std::lock_guard<std::mutex> l(mu_);
  return last_rv_;
}

void Reflector::Run() {
  bool need_list = true;
  int gone_streak = 0;  // 410s in a row with nothing delivered in between
  while (true) {
    {
      std::lock_guard<std::mutex> l(mu_);
      if (stopping_) return;
    }
    if (need_list) {
      if (!ListOnce()) {
        BackOff();
        continue;
      }
      need_list = false;
    }
    switch (WatchOnce()) {
      case WatchEnd::kStopping: return;
      case WatchEnd::kClean:  // resume from the last resourceVersion
        gone_streak = 0;
        break;
      case WatchEnd::kGone:
        need_list = true;
        // A relist answers the first 410; if the next watch is refused as
        // well, back off rather than spin on list+watch.
        if (WatchDelivered()) gone_streak = 0;
        if (gone_streak++ > 0) BackOff();
        break;
      case WatchEnd::kFailed:
        need_list = true;
        BackOff();
        break;
    }
  }
}

bool Reflector::ListOnce() {
  ListOptions options = options_;
  options.drop_managed_fields = true;  // see ListOptions
  options.resource_version.clear();
  options.limit = 0;
  auto list = client_.List(resource_, ns_, options);
  if (!list.ok()) {
    KLOG(WARNING) << "failed to list " << resource_.resource << ": " << list.status().ToString();
    return false;
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    if (stopping_) return false;
  }
  sink_.replace(std::move(list->items), list->resource_version);
  std::lock_guard<std::mutex> l(mu_);
  last_rv_ = list->resource_version;
  backoff_ = kInitialBackoff;
  return true;
}

Reflector::WatchEnd Reflector::WatchOnce() {
  ListOptions options = options_;
  options.drop_managed_fields = true;  // see ListOptions
  {
    std::lock_guard<std::mutex> l(mu_);
    options.resource_version = last_rv_;
    watch_over_ = false;
    watch_gone_ = false;
    watch_delivered_ = false;
    watch_status_ = Status::Ok();
  }
  options.allow_watch_bookmarks = true;
  options.timeout_seconds = WatchTimeoutSeconds();
  WatchCallbacks callbacks;
  callbacks.on_event = [this](const WatchEvent& e) { OnEvent(e); };
  callbacks.on_done = [this](Status s) {
    std::lock_guard<std::mutex> l(mu_);
    watch_over_ = true;
    watch_status_ = std::move(s);
    cv_.notify_all();
  };
  auto opened = std::chrono::steady_clock::now();
  auto handle = client_.Watch(resource_, ns_, options, std::move(callbacks));
  if (!handle.ok()) {
    VLOG(2) << "watch of " << resource_.resource << " failed: " << handle.status().ToString();
    return handle.status().IsGone() ? WatchEnd::kGone : WatchEnd::kFailed;
  }
  std::unique_lock<std::mutex> l(mu_);
  cv_.wait(l, [&] { return stopping_ || watch_over_ || watch_gone_; });
  bool stopping = stopping_;
  bool gone = watch_gone_ || watch_status_.IsGone();
  Status status = watch_status_;
  bool over = watch_over_;
  bool delivered = watch_delivered_;
  l.unlock();
  handle->reset();  // stops the stream and waits for on_done
  if (stopping) return WatchEnd::kStopping;
  if (gone) {
    VLOG(2) << "watch of " << resource_.resource << " expired; relisting";
    return WatchEnd::kGone;
  }
  if (over && status.ok()) {
    // A stream the server closes at once with nothing in it would turn
    // resuming into a busy loop; like upstream, treat it as a failure.
    // Measured in real time: it guards the network, not modelled time.
    if (!delivered && std::chrono::steady_clock::now() - opened < std::chrono::seconds(1)) {
      KLOG(WARNING) << "watch of " << resource_.resource
                    << " closed within a second with no events; backing off";
      return WatchEnd::kFailed;
    }
    return WatchEnd::kClean;
  }
  KLOG(WARNING) << "watch of " << resource_.resource << " ended: " << status.ToString() << "; relisting";
  return WatchEnd::kFailed;
}

void Reflector::OnEvent(const WatchEvent& e) {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (stopping_ || watch_gone_) return;
  }
  switch (e.type) {
    case WatchEventType::kError: {
      std::lock_guard<std::mutex> l(mu_);
      int64_t code = e.object ? StatusCode(*e.object) : 0;
      if (code == 410) {
        watch_gone_ = true;
      } else {
        watch_over_ = true;
        watch_status_ = Status::Internal("watch error event (code " + std::to_string(code) + ")");
      }
      cv_.notify_all();
      return;
    }
    case WatchEventType::kBookmark: {
      std::lock_guard<std::mutex> l(mu_);
      if (e.object) last_rv_ = std::string(ResourceVersionOf(*e.object));
      return;
    }
    default:
      break;
  }
  if (!e.object) return;
  sink_.apply(e);
  std::lock_guard<std::mutex> l(mu_);
  last_rv_ = std::string(ResourceVersionOf(*e.object));
  watch_delivered_ = true;
}

bool Reflector::WatchDelivered() const {
  std::lock_guard<std::mutex> l(mu_);
  return watch_delivered_;
}

void Reflector::BackOff() {
  std::unique_lock<std::mutex> l(mu_);
  if (stopping_) return;
  Clock::TimePoint deadline = clock_.Now() + std::chrono::duration_cast<Clock::TimePoint::duration>(backoff_);
  clock_.WaitUntil(l, cv_, deadline, [&] { return stopping_; });
  backoff_ = std::min(backoff_ * 2, kMaxBackoff);
}

}  // namespace kubepp::client
