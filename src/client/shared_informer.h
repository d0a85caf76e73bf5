// SharedInformer: the Informer implementation — a Cache kept by a Reflector,
// and one dispatch thread that calls the handlers in event order.
//
// Ordering: every cache change and the notification it produces are made
// under one writer lock, and a handler registration snapshots the cache
// under the same lock, so a new handler sees each object exactly once:
// either in its initial OnAdds or as a later notification.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "client/cache.h"
#include "client/informer.h"
#include "client/reflector.h"

namespace kubepp::client {

class SharedInformer : public Informer {
 public:
  // `on_synced` runs once, when the first list is in the cache and every
  // handler registered so far has been told of it.
  SharedInformer(ApiClient& client, Clock& clock, Resource resource, InformerOptions options,
                 std::function<void()> on_synced);
  ~SharedInformer() override;

  void Start();
  void Stop();

  // --- Informer ---
  void AddIndex(std::string name, IndexFunc func) override;
  void AddEventHandler(EventHandler handler) override;
  bool HasSynced() const override;
  ObjectPtr Get(std::string_view key) const override;
  ObjectPtr Get(std::string_view ns, std::string_view name) const override;
  std::vector<ObjectPtr> List() const override;
  std::vector<ObjectPtr> ListNamespace(std::string_view ns) const override;
  std::vector<ObjectPtr> ByIndex(std::string_view index, std::string_view value) const override;
  std::string LastSyncResourceVersion() const override;

 private:
  struct Notification {
    // kSynced: the first list's notifications are all before this one.
    enum class Kind { kAdd, kUpdate, kDelete, kNewHandler, kSynced } kind;
    ObjectPtr old_obj;
    ObjectPtr obj;
    // kNewHandler only: the handler and the cache as it joined.
    std::shared_ptr<EventHandler> handler;
    std::vector<ObjectPtr> snapshot;
  };

  void Replace(std::vector<ObjectPtr> items, const std::string& resource_version);
  void Apply(const WatchEvent& event);
  void Push(std::vector<Notification> batch);
  void Dispatch();

  // Constant after construction.
  const Resource resource_;
  const InformerOptions options_;
  std::function<void()> on_synced_;

  Cache cache_;
  // HasSynced: the first list is in the cache (listed_) and has reached the
  // handlers (delivered_), and no handler still waits for its initial adds.
  // A controller that acts on its handlers' state, not only on the cache,
  // must not start on a cache its handlers have not seen yet.
  std::atomic<bool> listed_{false};
  std::atomic<bool> delivered_{false};
  std::atomic<int> handlers_joining_{0};
  // Serializes cache writes with their notifications (see the file comment).
  std::mutex write_mu_;

  std::mutex dispatch_mu_;
  std::condition_variable dispatch_cv_;
  // Guarded by dispatch_mu_ (stopping_ is written under it, read anywhere).
  std::deque<Notification> pending_;
  std::atomic<bool> stopping_{false};
  // Only the dispatch thread touches handlers_.
  std::vector<std::shared_ptr<EventHandler>> handlers_;

  std::unique_ptr<Reflector> reflector_;
  std::thread dispatcher_;
  bool started_ = false;  // guarded by write_mu_
};

}  // namespace kubepp::client
