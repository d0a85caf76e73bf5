// EventRecorderImpl: Event() builds the Event and queues it; one writer
// thread drains the queue, and for each event consults the correlation
// cache (upstream's EventCorrelator key: source, involved object, type,
// reason, message): seen within the last 10 minutes -> PATCH the Event
// written then with count+1 and the new lastTimestamp; else -> create it.
#include "client/event_recorder.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <boost/json/serialize.hpp>

#include "base/log.h"
#include "client/time_format.h"

namespace kubepp::client {
namespace {

namespace json = boost::json;

constexpr auto kCorrelationWindow = std::chrono::minutes(10);
constexpr size_t kMaxQueued = 1000;        // beyond this, events are dropped
// How long Flush keeps writing a backlog before dropping what is left.
constexpr auto kFlushBudget = std::chrono::seconds(2);
constexpr size_t kMaxCorrelated = 4096;    // remembered event keys (oldest forgotten)
constexpr int kMaxTries = 12;              // as upstream's maxTriesPerEvent
constexpr auto kRetryDelay = std::chrono::seconds(10);

std::string Field(const json::object& obj, const char* key) {
  const auto* v = obj.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

struct Pending {
  std::string key;  // correlation key
  json::object event;
  Clock::TimePoint at;
};

struct Correlated {
  std::string name, ns;
  int64_t count = 0;
  Clock::TimePoint last_seen;
  std::list<std::string>::iterator age;  // position in the eviction order
};

class EventRecorderImpl : public EventRecorder {
 public:
  EventRecorderImpl(ApiClient& client, EventSource source, Clock& clock)
      : client_(client), source_(std::move(source)), clock_(clock), events_(Resource::Of("", "events")) {
    thread_ = std::thread([this] { Loop(); });
  }

  ~EventRecorderImpl() override { Flush(); }

  void Event(const json::object& object, std::string_view type, std::string_view reason,
             std::string_view message) override {
    Clock::TimePoint now = clock_.Now();
    json::object ref;
    ref["kind"] = Field(object, "kind");
    std::string ns(NamespaceOf(object));
    if (!ns.empty()) ref["namespace"] = ns;
    ref["name"] = NameOf(object);
    ref["uid"] = UidOf(object);
    ref["apiVersion"] = Field(object, "apiVersion");
    ref["resourceVersion"] = ResourceVersionOf(object);

    std::string key = source_.component + "\x1f" + source_.host + "\x1f" + Field(ref, "kind") + "\x1f" + ns +
                      "\x1f" + std::string(NameOf(object)) + "\x1f" + std::string(UidOf(object)) + "\x1f" +
                      Field(ref, "apiVersion") + "\x1f" + std::string(type) + "\x1f" + std::string(reason) +
                      "\x1f" + std::string(message);
    std::string stamp = FormatTime(now);
    json::object source{{"component", source_.component}};
    if (!source_.host.empty()) source["host"] = source_.host;

    std::lock_guard<std::mutex> l(mu_);
    if (stopping_) return;
    if (queue_.size() >= kMaxQueued) {
      VLOG(2) << "event queue full; dropping " << reason << " for " << NameOf(object);
      return;
    }
    json::object event;
    event["apiVersion"] = "v1";
    event["kind"] = "Event";
    event["metadata"] = json::object{{"name", std::string(NameOf(object)) + "." + UniqueHexNanosLocked(now)},
                                     {"namespace", ns.empty() ? "default" : ns}};
    event["involvedObject"] = std::move(ref);
    event["reason"] = reason;
    event["message"] = message;
    event["source"] = std::move(source);
    event["firstTimestamp"] = stamp;
    event["lastTimestamp"] = stamp;
    event["count"] = 1;
    event["type"] = type;
    event["eventTime"] = nullptr;
    event["reportingComponent"] = source_.component;
    event["reportingInstance"] = source_.host;
    queue_.push_back(Pending{std::move(key), std::move(event), now});
    cv_.notify_all();
  }

  void Flush() override {
    {
      std::lock_guard<std::mutex> l(mu_);
      stopping_ = true;
      flush_deadline_ = std::chrono::steady_clock::now() + kFlushBudget;
      cv_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  // "%x" of the Unix nanoseconds, as upstream names events; bumped by one
  // when the clock has not moved, so names from one instant stay distinct.
  std::string UniqueHexNanosLocked(Clock::TimePoint now) {
    int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
    if (nanos <= last_nanos_) nanos = last_nanos_ + 1;
    last_nanos_ = nanos;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(nanos));
    return buf;
  }

  void Loop() {
    std::unique_lock<std::mutex> l(mu_);
    while (true) {
      cv_.wait(l, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping with nothing left
      if (stopping_ && std::chrono::steady_clock::now() > flush_deadline_) {
        // Events are best effort: a stopping component does not wait on a backlog.
        KLOG(WARNING) << "dropping " << queue_.size() << " queued events at shutdown";
        queue_.clear();
        return;
      }
      Pending p = std::move(queue_.front());
      queue_.pop_front();
      l.unlock();
      Write(p);
      l.lock();
    }
  }

  void Write(Pending& p) {
    auto it = correlated_.find(p.key);
    if (it != correlated_.end() && p.at - it->second.last_seen < kCorrelationWindow) {
      Correlated& c = it->second;
      json::object patch{{"count", c.count + 1}, {"lastTimestamp", p.event["lastTimestamp"]}};
      std::string body = json::serialize(patch);
      Status st = WithRetries([&] {
        return client_.Patch(events_, c.ns, c.name, PatchType::kStrategicMerge, body).status();
      });
      if (st.ok()) {
        c.count++;
        c.last_seen = p.at;
        Touch(c);
        return;
      }
      if (!st.IsNotFound()) return;  // dropped; best effort
      // The Event is gone (expired or deleted): write it afresh below.
    }
    std::string name(NameOf(p.event));
    std::string ns(NamespaceOf(p.event));
    Status st = WithRetries([&] { return client_.Create(events_, ns, p.event).status(); });
    if (!st.ok()) return;
    Remember(p.key, name, ns, p.at);
  }

  template <typename F>
  Status WithRetries(F attempt) {
    Status st;
    for (int i = 0; i < kMaxTries; ++i) {
      st = attempt();
      if (st.ok() || st.IsNotFound() || st.IsAlreadyExists() || st.IsInvalid() ||
          st.reason() == Reason::kForbidden || st.reason() == Reason::kBadRequest) {
        break;
      }
      VLOG(2) << "writing event failed (" << st.ToString() << "); retrying";
      std::unique_lock<std::mutex> l(mu_);
      if (stopping_) break;  // Flush: no long waits
      clock_.WaitUntil(l, cv_, clock_.Now() + kRetryDelay, [&] { return stopping_; });
    }
    if (!st.ok()) KLOG(WARNING) << "dropping event: " << st.ToString();
    return st;
  }

  void Remember(const std::string& key, const std::string& name, const std::string& ns, Clock::TimePoint at) {
    auto it = correlated_.find(key);
    if (it == correlated_.end()) {
      if (correlated_.size() >= kMaxCorrelated) {
        correlated_.erase(ages_.front());
        ages_.pop_front();
      }
      ages_.push_back(key);
      it = correlated_.emplace(key, Correlated{}).first;
      it->second.age = std::prev(ages_.end());
    } else {
      Touch(it->second);
    }
    it->second.name = name;
    it->second.ns = ns;
    it->second.count = 1;
    it->second.last_seen = at;
  }

  void Touch(Correlated& c) { ages_.splice(ages_.end(), ages_, c.age); }

  // Constant after construction.
  ApiClient& client_;
  const EventSource source_;
  Clock& clock_;
  const Resource events_;

  std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_.
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point flush_deadline_;  // set by Flush
  int64_t last_nanos_ = 0;
  // Only the writer thread touches these.
  std::unordered_map<std::string, Correlated> correlated_;
  std::list<std::string> ages_;  // keys, least recently seen first
  std::thread thread_;
};

}  // namespace

std::unique_ptr<EventRecorder> EventRecorder::Create(ApiClient& client, EventSource source, Clock& clock) {
  return std::make_unique<EventRecorderImpl>(client, std::move(source), clock);
}

}  // namespace kubepp::client
