#include "store/watch_hub.h"

#include <chrono>

#include "base/log.h"

namespace kubepp::store {
namespace {

// History read per catch-up step; bounds the time the store's lock is held.
constexpr size_t kCatchUpEvents = 1000;

// The watcher whose callback this thread is running (Cancel from inside it
// must not wait for itself).
thread_local const void* tls_delivering = nullptr;

bool Matches(const std::string& k, const std::string& key, const std::string& range_end) {
  if (range_end.empty()) return k == key;
  if (k < key) return false;
  if (range_end.size() == 1 && range_end[0] == '\0') return true;
  return k < range_end;
}

}  // namespace

Event ToEvent(const std::string& key, const Version& v, const Version& prev, bool with_prev) {
  Event e;
  e.kv.key = key;
  e.kv.mod_revision = v.main;
  if (v.tombstone()) {
    e.type = Event::Type::kDelete;
  } else {
    e.type = Event::Type::kPut;
    e.kv.value = Bytes(v.value);
    e.kv.create_revision = v.create;
    e.kv.version = v.version;
    e.kv.lease = v.lease;
  }
  if (with_prev && prev.version != 0) {
    e.has_prev = true;
    e.prev_kv.key = key;
    e.prev_kv.value = Bytes(prev.value);
    e.prev_kv.create_revision = prev.create;
    e.prev_kv.mod_revision = prev.main;
    e.prev_kv.version = prev.version;
    e.prev_kv.lease = prev.lease;
  }
  return e;
}

struct WatchHub::Group {
  std::string key;
  std::string range_end;
  bool prev_kv = false;
  std::vector<Watcher*> members;
};

struct WatchHub::Watcher {
  uint64_t id = 0;
  WatchRequest req;
  WatchCallback cb;
  std::mutex cb_mu;                   // held while cb runs
  std::atomic<bool> cancelled{false};  // written under mu_, read under cb_mu too
  // Guarded by the hub's mu_
  int64_t next_rev = 0;  // unsynced: the first revision not yet queued
  Group* group = nullptr;  // non-null iff synced
  std::deque<std::shared_ptr<const WatchBatch>> queue;
  bool in_ready = false;
  bool delivering = false;
  bool finished = false;  // a terminal batch is queued
  bool catching_up = false;  // a delivery thread is reading its history
  std::chrono::steady_clock::time_point last_sent;
};

class WatchHub::Handle : public WatchHandle {
 public:
  Handle(std::shared_ptr<WatchHub> hub, std::shared_ptr<Watcher> w) : hub_(std::move(hub)), w_(std::move(w)) {}
  ~Handle() override { Cancel(); }
  void Cancel() override {
    if (hub_) hub_->Cancel(w_);
    hub_.reset();
  }

 private:
  std::shared_ptr<WatchHub> hub_;
  std::shared_ptr<Watcher> w_;
};

WatchHub::WatchHub(EventSource* source, Options options) : source_(source), options_(options) {}

WatchHub::~WatchHub() { Stop(); }

void WatchHub::Start(int64_t published) {
  std::lock_guard<std::mutex> lock(mu_);
  published_ = published;
  started_ = true;
  for (int i = 0; i < options_.delivery_threads; ++i) threads_.emplace_back([this] { DeliveryLoop(); });
}

void WatchHub::Stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (auto& t : threads) t.join();
  std::lock_guard<std::mutex> lock(mu_);
  ready_.clear();
  for (auto& [id, w] : all_) {
    w->cancelled = true;
    w->queue.clear();
  }
}

int64_t WatchHub::watchers() {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(all_.size());
}

std::unique_ptr<WatchHandle> WatchHub::Watch(const WatchRequest& req, WatchCallback cb) {
  auto w = std::make_shared<Watcher>();
  w->req = req;
  w->cb = std::move(cb);
  {
    std::lock_guard<std::mutex> lock(mu_);
    w->id = next_id_++;
    w->last_sent = std::chrono::steady_clock::now();
    if (stopping_) {
      w->cancelled = true;
    } else {
      all_[w->id] = w;
      if (req.start_revision == 0 || req.start_revision == published_ + 1) {
        JoinGroupLocked(w);
      } else {
        w->next_rev = req.start_revision;
        unsynced_.insert(w->id);
      }
    }
  }
  cv_.notify_one();
  return std::make_unique<Handle>(shared_from_this(), std::move(w));
}

void WatchHub::JoinGroupLocked(const std::shared_ptr<Watcher>& w) {
  auto k = std::make_tuple(w->req.key, w->req.range_end, w->req.prev_kv);
  auto& slot = groups_[k];
  if (!slot) {
    slot = std::make_unique<Group>();
    slot->key = w->req.key;
    slot->range_end = w->req.range_end;
    slot->prev_kv = w->req.prev_kv;
    if (slot->range_end.empty()) {
      exact_[slot->key].push_back(slot.get());
    } else {
      ranges_.push_back(slot.get());
    }
  }
  slot->members.push_back(w.get());
  w->group = slot.get();
  unsynced_.erase(w->id);
}

void WatchHub::LeaveGroupLocked(Watcher* w) {
  Group* g = w->group;
  if (g == nullptr) return;
  w->group = nullptr;
  auto& m = g->members;
  for (size_t i = 0; i < m.size(); ++i) {
    if (m[i] == w) {
      m[i] = m.back();
      m.pop_back();
      break;
    }
  }
  if (!m.empty()) return;
  auto erase_from = [g](std::vector<Group*>& v) {
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == g) {
        v[i] = v.back();
        v.pop_back();
        return;
      }
    }
  };
  if (g->range_end.empty()) {
    auto it = exact_.find(g->key);
    erase_from(it->second);
    if (it->second.empty()) exact_.erase(it);
  } else {
    erase_from(ranges_);
  }
  groups_.erase(std::make_tuple(g->key, g->range_end, g->prev_kv));
}

void WatchHub::EnqueueLocked(const std::shared_ptr<Watcher>& w, std::shared_ptr<const WatchBatch> b) {
  w->queue.push_back(std::move(b));
  if (!w->in_ready && !w->delivering) {
    w->in_ready = true;
    ready_.push_back(w);
  }
}

void WatchHub::Publish(int64_t rev, std::vector<PublishedEvent> events) {
  size_t ready;
  bool catching_up;
  {
    std::lock_guard<std::mutex> lock(mu_);
    int64_t first = published_ + 1;
    published_ = rev;
    if (!events.empty() && !groups_.empty()) {
      // Match each change once per group, not once per watcher.
      std::unordered_map<Group*, std::vector<const PublishedEvent*>> matched;
      for (const PublishedEvent& e : events) {
        auto it = exact_.find(e.key);
        if (it != exact_.end()) {
          for (Group* g : it->second) matched[g].push_back(&e);
        }
        for (Group* g : ranges_) {
          if (Matches(e.key, g->key, g->range_end)) matched[g].push_back(&e);
        }
      }
      std::vector<Watcher*> victims;
      for (auto& [g, evs] : matched) {
        auto batch = std::make_shared<WatchBatch>();
        batch->revision = rev;
        batch->events.reserve(evs.size());
        for (const PublishedEvent* e : evs) batch->events.push_back(ToEvent(e->key, e->version, e->prev, g->prev_kv));
        std::shared_ptr<const WatchBatch> shared = std::move(batch);
        for (Watcher* w : g->members) {
          if (w->queue.size() >= options_.queue_limit) {
            victims.push_back(w);
          } else {
            EnqueueLocked(all_.at(w->id), shared);
          }
        }
      }
      for (Watcher* w : victims) {
        VLOG(2) << "store: watcher " << w->id << " fell behind at revision " << first << "; catching up from history";
        LeaveGroupLocked(w);
        w->next_rev = first;
        unsynced_.insert(w->id);
      }
    }
    ready = ready_.size();
    catching_up = !unsynced_.empty();
  }
  // A write nobody watches wakes no delivery thread: at thousands of commits
  // a second the wake-ups alone cost a tenth of a core.
  if (catching_up || ready > 1) {
    cv_.notify_all();
  } else if (ready == 1) {
    cv_.notify_one();
  }
}

void WatchHub::Cancel(const std::shared_ptr<Watcher>& w) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!w->cancelled) {
      w->cancelled = true;
      LeaveGroupLocked(w.get());
      unsynced_.erase(w->id);
      all_.erase(w->id);
      w->queue.clear();
    }
  }
  if (tls_delivering != w.get()) {
    // Wait for a callback that is running now; later ones see `cancelled`.
    std::lock_guard<std::mutex> wait(w->cb_mu);
  }
}

bool WatchHub::CatchUpOne(std::unique_lock<std::mutex>& lock) {
  for (auto it = unsynced_.begin(); it != unsynced_.end(); ++it) {
    std::shared_ptr<Watcher> w = all_[*it];
    if (w->finished || w->catching_up || w->queue.size() >= options_.queue_limit / 2 + 1) continue;
    if (w->next_rev == published_ + 1) {
      JoinGroupLocked(w);
      return true;
    }
    if (w->next_rev > published_) continue;  // a future start revision
    WatchRequest range = w->req;
    int64_t from = w->next_rev;
    int64_t to = published_;
    w->catching_up = true;
    lock.unlock();
    std::vector<Event> events;
    int64_t compact_rev = 0;
    StatusOr<int64_t> covered = source_->ReadEvents(range, from, to, kCatchUpEvents, &events, &compact_rev);
    lock.lock();
    w->catching_up = false;
    if (w->cancelled || w->next_rev != from) return true;
    if (!covered.ok()) {
      auto batch = std::make_shared<WatchBatch>();
      batch->status = covered.status();
      batch->compact_revision = compact_rev;
      batch->revision = published_;
      w->finished = true;
      unsynced_.erase(w->id);
      EnqueueLocked(w, std::move(batch));
      return true;
    }
    if (!events.empty()) {
      auto batch = std::make_shared<WatchBatch>();
      batch->revision = *covered;
      batch->events = std::move(events);
      EnqueueLocked(w, std::move(batch));
    }
    w->next_rev = *covered + 1;
    if (w->next_rev == published_ + 1) JoinGroupLocked(w);
    return true;
  }
  return false;
}

void WatchHub::ProgressLocked() {
  auto now = std::chrono::steady_clock::now();
  auto interval = std::chrono::milliseconds(options_.progress_notify_interval_ms);
  for (auto& [id, w] : all_) {
    if (!w->req.progress_notify || w->group == nullptr || !w->queue.empty() || w->delivering) continue;
    if (now - w->last_sent < interval) continue;
    auto batch = std::make_shared<WatchBatch>();
    batch->revision = published_;
    w->last_sent = now;
    EnqueueLocked(w, std::move(batch));
  }
}

void WatchHub::DeliveryLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  auto interval = std::chrono::milliseconds(std::max<int64_t>(1, options_.progress_notify_interval_ms / 4));
  auto next_progress = std::chrono::steady_clock::now() + interval;
  while (!stopping_) {
    if (std::chrono::steady_clock::now() >= next_progress) {
      ProgressLocked();
      next_progress = std::chrono::steady_clock::now() + interval;
    }
    if (!ready_.empty()) {
      std::shared_ptr<Watcher> w = std::move(ready_.front());
      ready_.pop_front();
      w->in_ready = false;
      if (w->cancelled || w->queue.empty()) continue;
      std::shared_ptr<const WatchBatch> batch = std::move(w->queue.front());
      w->queue.pop_front();
      w->delivering = true;
      lock.unlock();
      {
        std::lock_guard<std::mutex> cb_lock(w->cb_mu);
        if (!w->cancelled) {
          tls_delivering = w.get();
          w->cb(*batch);
          tls_delivering = nullptr;
        }
      }
      lock.lock();
      w->delivering = false;
      w->last_sent = std::chrono::steady_clock::now();
      if (!batch->status.ok()) {
        // The watch ended (compacted): forget it.
        w->cancelled = true;
        all_.erase(w->id);
        w->queue.clear();
      } else if (!w->queue.empty() && !w->cancelled) {
        w->in_ready = true;
        ready_.push_back(w);
      }
      continue;
    }
    if (CatchUpOne(lock)) continue;
    cv_.wait_until(lock, next_progress);
  }
}

}  // namespace kubepp::store
