// Reflector: keeps a sink in step with one collection on the server — list,
// then watch from the list's resourceVersion; a watch that ends cleanly is
// resumed from the last resourceVersion seen (events and bookmarks advance
// it); 410 Gone relists at once; any other failure relists after an
// exponential back-off on the Clock (800 ms doubling to 30 s, reset by a
// successful list), as upstream's reflector.
//
// Thread safety: Start/Stop from any thread. The sink's functions run on the
// reflector's thread (Replace) and on the client's watch thread (Apply), never
// at the same time.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "client/api_client.h"

namespace kubepp::client {

struct ReflectorSink {
  // The whole collection as of `resource_version`.
  std::function<void(std::vector<ObjectPtr> items, const std::string& resource_version)> replace;
  // One ADDED, MODIFIED or DELETED event.
  std::function<void(const WatchEvent& event)> apply;
};

class Reflector {
 public:
  // `ns` "" = all namespaces; `options` carries the selectors.
  Reflector(ApiClient& client, Clock& clock, Resource resource, std::string ns, ListOptions options,
            ReflectorSink sink);
  ~Reflector();

  void Start();
  // Ends the watch and the loop; the sink is not called after it returns.
  void Stop();
  std::string LastResourceVersion() const;

 private:
  enum class WatchEnd { kClean, kGone, kFailed, kStopping };

  void Run();
  bool ListOnce();
  WatchEnd WatchOnce();
  void OnEvent(const WatchEvent& event);
  bool WatchDelivered() const;
  // Sleeps the back-off on the Clock (unless stopping) and doubles it.
  void BackOff();

  // Constant after construction.
  ApiClient& client_;
  Clock& clock_;
  const Resource resource_;
  const std::string ns_;
  const ListOptions options_;
  const ReflectorSink sink_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_.
  bool stopping_ = false;
  bool watch_over_ = false;
  Status watch_status_;
  bool watch_gone_ = false;  // an ERROR event said 410
  bool watch_delivered_ = false;  // the current watch applied an event
  std::string last_rv_;
  Clock::Duration backoff_;

  std::thread thread_;
};

}  // namespace kubepp::client
